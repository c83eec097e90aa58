import { DEFAULT_MANAGED_TAG } from '../../../src/constants';
import type { LocalRuntime } from '../../../src/local/local-runtime';
import { stopAfterEach } from '../../support/stop-after-each';
import { refresh, stagingRequest, startPipeline, writes } from './support/pipeline';

describe('the account quotas checked before anything is copied or deleted', () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  async function accountWithRoomFor(clusters: number, instances = 40) {
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }, { simulation: { quotas: { clusters, instances } } }));
    runtime.simulation.addCluster({ id: 'staging', tags: { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value }, instances: [{ id: 'staging-1' }, { id: 'staging-2' }] });
    return runtime;
  }

  it('refuses a swap that needs a cluster more than the account may have: the old target untouched, nothing copied', async () => {
    // Prepare: staging fills a quota of one cluster (the scenario seeds only the source's snapshots).
    const world = await accountWithRoomFor(1);

    // Act
    const { operation } = await refresh(world, stagingRequest({ strategy: 'swap' }));

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'preflight' });
    expect(operation?.error?.message).toMatch(/1 of their 1 DB clusters; the refresh needs 1 more \(swap builds the new cluster beside the old target\)/);
    expect(writes(world)).toEqual([]);
    expect(world.simulation.peekCluster('staging')?.status).toBe('available');
  });

  it('lets a replace through at the same quota: the delete makes room first', async () => {
    const world = await accountWithRoomFor(1);
    const { operation } = await refresh(world, stagingRequest());
    expect(operation?.status).toBe('SUCCEEDED');
  });

  it('refuses a replace that adds an instance past the instance quota', async () => {
    // Prepare: the two old instances fill the quota; the request asks for a third.
    const world = await accountWithRoomFor(10, 2);
    const request = stagingRequest();
    const target = { ...request.target, instances: [...(request.target.instances ?? []), { id: 'staging-3', instanceClass: 'db.r6g.large' }] };

    // Act
    const { operation } = await refresh(world, { ...request, target });

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'preflight' });
    expect(operation?.error?.message).toMatch(/2 of their 2 DB instances; the refresh needs 1 more/);
    expect(writes(world)).toEqual([]);
  });
});
