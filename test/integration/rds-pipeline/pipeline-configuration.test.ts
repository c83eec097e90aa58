import { DEFAULT_MANAGED_TAG } from '../../../src/constants';
import type { LocalRuntime } from '../../../src/local/local-runtime';
import { stopAfterEach } from '../../support/stop-after-each';
import { refresh, stagingRequest, startPipeline } from './support/pipeline';

const SETTINGS = { subnetGroup: 'staging-subnets', securityGroupIds: ['sg-0123456789abcdef0'], clusterParameterGroup: 'staging-pg16', iamDatabaseAuthentication: true };

describe("the target's configuration carried over", () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  it('brings the cluster back with the settings it had wherever the request is silent, and the request wins elsewhere', async () => {
    // Prepare: a target with non-default settings; the request names none of them.
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }));
    runtime.simulation.addCluster({
      id: 'staging',
      tags: { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value },
      settings: SETTINGS,
      instances: [{ id: 'staging-1', parameterGroup: 'staging-instance-pg', promotionTier: 1 }, { id: 'staging-2', promotionTier: 5 }],
    });

    // Act
    const { operation } = await refresh(runtime, stagingRequest());

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    expect(operation?.facts.targetConfiguration).toMatchObject({ ...SETTINGS, instances: expect.arrayContaining([expect.objectContaining({ id: 'staging-1', parameterGroup: 'staging-instance-pg' })]) });
    const restored = runtime.simulation.peekCluster('staging');
    expect(restored).toMatchObject(SETTINGS);
    expect(restored?.resourceId).not.toBe(operation?.facts.targetResourceId);
    expect(runtime.simulation.peekInstance('staging-1')).toMatchObject({ parameterGroup: 'staging-instance-pg', promotionTier: 1 });
    // The request gives staging-2 promotion tier 2: it wins over the old 5.
    expect(runtime.simulation.peekInstance('staging-2')).toMatchObject({ promotionTier: 2 });
  });

  it('shows in a dry run what it would carry over', async () => {
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }));
    runtime.simulation.addCluster({ id: 'staging', tags: { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value }, settings: SETTINGS, instances: [{ id: 'staging-1', parameterGroup: 'staging-instance-pg' }] });
    const { operation } = await refresh(runtime, stagingRequest({ dryRun: true }));
    expect(operation?.facts.plan).toEqual(
      expect.arrayContaining([
        'restore-snapshot: would carry over from the existing target: subnetGroup "staging-subnets"',
        'restore-snapshot: would carry over from the existing target: instance staging-1 parameterGroup "staging-instance-pg"',
      ]),
    );
  });
});
