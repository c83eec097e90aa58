import { DEFAULT_MANAGED_TAG } from '../../../src/constants';
import type { LocalRuntime } from '../../../src/local/local-runtime';
import type { RefreshRequestInput } from '../../../src/request/schema';
import type { RefreshScenario } from '../../../src/simulation/refresh-scenario';
import type { Operation } from '../../../src/store/operation';
import { stopAfterEach } from '../../support/stop-after-each';
import { PROD_ACCOUNT, stagingRequest, startPipeline, writes } from './support/pipeline';

/** A shared snapshot of prod: the refresh copies it first, which leaves a day in which a colleague may act. */
const SHARED_SCENARIO: RefreshScenario = { sourceClusterId: 'prod', sourceAccountId: PROD_ACCOUNT, sizeGb: 300, kmsKeyId: 'alias/prod', target: { clusterId: 'staging' } };
const SHARED_REQUEST: RefreshRequestInput = stagingRequest({ source: { clusterId: 'prod', accountId: PROD_ACCOUNT, snapshotTypes: ['shared'] }, copy: { kmsKeyId: 'alias/staging' } });
const MANAGED = { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value };

/** Drives a refresh, calling `meanwhile` once, as soon as the copy is being checked (after preflight, before the delete). */
async function refreshWithInterference(runtime: LocalRuntime, request: RefreshRequestInput, meanwhile: () => Promise<void>): Promise<Operation | undefined> {
  let done = false;
  let operationId: string | undefined;
  const { operation } = await runtime.drive(
    { step: 'start', request, idempotencyKey: 'pinned-target' },
    {
      onInvocation: async (record) => {
        if (record.result?.result === 'ran') operationId = record.result.operation.operationId;
        if (done || operationId === undefined) return;
        if ((await runtime.store.get(operationId))?.step === 'check-copy-status') {
          done = true;
          await meanwhile();
        }
      },
    },
  );
  return operation;
}

describe('the target is pinned at preflight', () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  it.each<[string, (runtime: LocalRuntime) => Promise<void>]>([
    [
      'renamed away by a colleague, another cluster taking the name',
      async (r) => {
        await r.simulation.renameCluster('staging', 'staging-old');
        r.clock.advanceTo(new Date(r.clock.now().getTime() + 30 * 60_000));
        r.simulation.addCluster({ id: 'staging', tags: MANAGED, instances: [{ id: 'staging-new-1' }] });
      },
    ],
    [
      'deleted and recreated under the same name',
      async (r) => {
        // Seeding under a taken name replaces the record: a new cluster with a new resource id.
        r.simulation.addCluster({ id: 'staging', tags: MANAGED, instances: [{ id: 'staging-new-1' }] });
      },
    ],
  ])('refuses to delete the target %s, naming both resource ids, and deletes the now useless copy', async (_case, meanwhile) => {
    // Prepare
    ({ runtime } = await startPipeline(SHARED_SCENARIO));
    const pinned = runtime.simulation.peekCluster('staging')?.resourceId;
    let replacement: string | undefined;

    // Act
    const operation = await refreshWithInterference(runtime, SHARED_REQUEST, async () => {
      await meanwhile(runtime!);
      replacement = runtime!.simulation.peekCluster('staging')?.resourceId;
    });

    // Assess
    expect(replacement).toBeDefined();
    expect(replacement).not.toBe(pinned);
    expect(operation).toMatchObject({ status: 'FAILED', step: 'delete-rds', error: { name: 'TargetChangedError' } });
    expect(operation?.error?.message).toContain(`resource id now ${replacement}, recorded ${pinned}`);
    expect(runtime.simulation.peekCluster('staging')?.resourceId).toBe(replacement);
    expect(writes(runtime).filter((line) => /^delete(Cluster|Instance) /.test(line))).toEqual([]);
    const copyId = operation?.facts.copySnapshotId as string;
    expect(runtime.simulation.peekSnapshot(copyId)?.status ?? 'gone').not.toBe('available');
    expect(operation?.facts.undoneAfterFailure).toEqual([expect.stringContaining(`deleted the snapshot copy ${copyId}`)]);
    await expect(runtime.store.getLock('staging')).resolves.toBeUndefined();
  });
});

describe('what the chosen snapshot makes certain to fail is refused before the copy', () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  it('refuses a target.engineVersion older than the snapshot at snapshot-check, copying nothing', async () => {
    // Prepare: a shared snapshot (it would be copied for a day) of engine version 16.4.
    ({ runtime } = await startPipeline(SHARED_SCENARIO));
    const before = runtime.simulation.peekCluster('staging');
    const request = { ...SHARED_REQUEST, target: { ...SHARED_REQUEST.target, engineVersion: '13.9' } };

    // Act
    const { operation } = await runtime.drive({ step: 'start', request });

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'snapshot-check', error: { name: 'SafetyViolationError', message: expect.stringContaining('target.engineVersion 13.9 is older than the snapshot') } });
    expect(writes(runtime)).toEqual([]);
    expect(runtime.simulation.peekCluster('staging')).toEqual(before);
  });
});
