import { InvalidInputError } from '../../../src/errors';
import { checkRequestAgainstDeployment, DEFAULT_DEPLOYMENT_SAFETY } from '../../../src/request/deployment-safety';
import { request } from '../../support/factories';

describe('checkRequestAgainstDeployment', () => {
  it('refuses safety.requireManagedTag: false where the deployment does not allow unmanaged targets', () => {
    // Act
    const refusal = checkRequestAgainstDeployment(request({ safety: { requireManagedTag: false } }), DEFAULT_DEPLOYMENT_SAFETY);

    // Assess
    expect(refusal).toBeInstanceOf(InvalidInputError);
    expect(refusal?.message).toMatch(/request\.safety\.requireManagedTag: false is refused: this deployment replaces only clusters tagged aurora-restore:managed=true \(ALLOW_UNMANAGED_TARGETS is false\)/);
    expect(refusal?.issues).toEqual([expect.stringMatching(/^request\.safety\.requireManagedTag: .*ALLOW_UNMANAGED_TARGETS=true/)]);
  });

  it.each([
    ['the tag is required (the default)', request(), DEFAULT_DEPLOYMENT_SAFETY],
    ['the deployment allows unmanaged targets', request({ safety: { requireManagedTag: false } }), { ...DEFAULT_DEPLOYMENT_SAFETY, allowUnmanagedTargets: true }],
  ])('accepts the request when %s', (_case, refresh, safety) => {
    expect(checkRequestAgainstDeployment(refresh, safety)).toBeUndefined();
  });
});
