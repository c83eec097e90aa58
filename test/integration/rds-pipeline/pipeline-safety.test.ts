import type { LocalRuntime } from '../../../src/local/local-runtime';
import type { RefreshRequestInput } from '../../../src/request/schema';
import type { RefreshScenario } from '../../../src/simulation/refresh-scenario';
import { HOME_ACCOUNT, refresh, stagingRequest, startPipeline } from './support/pipeline';
import { stopAfterEach } from '../../support/stop-after-each';

describe('the RDS pipeline refusing to delete', () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  it.each<[string, RefreshScenario, RefreshRequestInput, string]>([
    [
      'a target without the managed tag',
      { sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging', managed: false } },
      stagingRequest(),
      'it does not carry the tag aurora-restore:managed=true',
    ],
    [
      'the source cluster itself, even tagged as managed',
      { sourceClusterId: 'staging', sizeGb: 300, target: { clusterId: 'staging' } },
      stagingRequest({ source: { clusterId: 'staging', accountId: HOME_ACCOUNT } }),
      "it is the request's source cluster (source.clusterId)",
    ],
    [
      'a protected target when the request does not allow switching protection off',
      { sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging', deletionProtection: true } },
      stagingRequest(),
      'Set safety.allowDisableDeletionProtection to true in the request',
    ],
  ])('refuses to delete %s at preflight, before any copy, and the target still exists afterwards', async (_case, scenario, request, message) => {
    // Prepare
    ({ runtime } = await startPipeline(scenario));
    const before = runtime.simulation.peekCluster('staging');

    // Act
    const { operation } = await refresh(runtime, request);

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'preflight', error: { name: 'PreflightFailedError', step: 'preflight' } });
    expect(operation?.error?.message).toContain('target.clusterId: ');
    expect(operation?.error?.message).toContain(message);
    expect(runtime.simulation.peekCluster('staging')).toEqual(before);
    expect(runtime.simulation.peekInstance('staging-1')?.status).toBe('available');
    expect(runtime.simulation.writeCalls()).toEqual([]);
    expect(runtime.notifier.published.map((notification) => notification.attributes.step)).toEqual(['preflight']);
    await expect(runtime.store.getLock('staging')).resolves.toBeUndefined();
  });
});
