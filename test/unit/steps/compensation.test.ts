import { createLogger } from '../../../src/observability/logger';
import { compensateFailedRefresh } from '../../../src/steps/compensation';
import type { Operation } from '../../../src/store/operation';
import { failsIfCalled } from '../../support/fails-if-called';
import { FakeRds, fakeCluster, toolCopy } from '../../support/fake-rds';
import { OPERATION_ID, stepContext } from '../../support/step-context';

const COPY = `aurora-restore-staging-orders-${OPERATION_ID}`;

/** A failed operation with `facts` and an error named `errorName`. */
function failed(facts: Operation['facts'], errorName = 'TargetChangedError', archive: 'delete' | 'keep-last' = 'delete'): Operation {
  const { operation } = stepContext({ step: 'delete-rds', request: { archive: { mode: archive } }, facts });
  return { ...operation, status: 'FAILED', error: { name: errorName, message: 'refused', step: 'delete-rds', causes: [], at: '2026-11-26T05:00:00.000Z' } };
}

function ports(rds: FakeRds) {
  return { rds, kms: failsIfCalled('kms'), secrets: failsIfCalled('secrets'), database: failsIfCalled('database'), scripts: failsIfCalled('scripts') } as never;
}

const log = createLogger({ sink: () => {} });

describe('what a failed refresh undoes', () => {
  it('switches deletion protection back on when it was switched off for a delete that never came', async () => {
    // Prepare
    const rds = new FakeRds({ clusters: [fakeCluster({ resourceId: 'cluster-PINNED', deletionProtection: false, status: 'available' })] });

    // Act
    const done = await compensateFailedRefresh(failed({ deletionProtectionDisabled: true, targetResourceId: 'cluster-PINNED' }, 'StepFailedError'), ports(rds), log);

    // Assess
    expect(rds.modifyCluster).toHaveBeenCalledWith({ clusterId: 'staging-orders', deletionProtection: true, applyImmediately: true });
    expect(done).toEqual(['switched deletion protection of cluster staging-orders back on']);
  });

  it('switches protection back on when preflight saw it on, though the record of switching it off was lost', async () => {
    const rds = new FakeRds({ clusters: [fakeCluster({ resourceId: 'cluster-PINNED', deletionProtection: false, status: 'available' })] });
    const done = await compensateFailedRefresh(failed({ targetDeletionProtection: true, targetResourceId: 'cluster-PINNED' }, 'StepFailedError'), ports(rds), log);
    expect(done).toEqual(['switched deletion protection of cluster staging-orders back on']);
  });

  it.each<[string, Partial<Parameters<typeof fakeCluster>[0]>]>([
    ['a cluster now deleting (the delete did come)', { status: 'deleting', resourceId: 'cluster-PINNED' }],
    ['another cluster under the name', { resourceId: 'cluster-OTHER' }],
  ])('leaves the protection of %s alone', async (_case, overrides) => {
    const rds = new FakeRds({ clusters: [fakeCluster({ deletionProtection: false, ...overrides })] });
    expect(await compensateFailedRefresh(failed({ deletionProtectionDisabled: true, targetResourceId: 'cluster-PINNED' }), ports(rds), log)).toEqual([]);
    expect(rds.modifyCluster).not.toHaveBeenCalled();
  });

  it('deletes the copy this operation made when a refusal makes it useless and archive.mode is delete', async () => {
    const rds = new FakeRds({ snapshots: [toolCopy(COPY, 'staging-orders', OPERATION_ID, '2026-11-25T03:00:00Z')] });
    const done = await compensateFailedRefresh(failed({ copySnapshotId: COPY }), ports(rds), log);
    expect(rds.deleteClusterSnapshot).toHaveBeenCalledWith(COPY);
    expect(done).toEqual([expect.stringContaining(`deleted the snapshot copy ${COPY}`)]);
  });

  it.each<[string, Operation]>([
    ['archive.mode keeps copies', failed({ copySnapshotId: COPY }, 'TargetChangedError', 'keep-last')],
    ['the refusal is one a person can fix and resume after (a tag, a key)', failed({ copySnapshotId: COPY }, 'SafetyViolationError')],
    ['the failure is not a refusal (a resume may still use the copy)', failed({ copySnapshotId: COPY }, 'StepFailedError')],
    ['the restore already used it', failed({ copySnapshotId: COPY, clusterArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging-orders' })],
  ])('keeps the copy when %s', async (_case, operation) => {
    const rds = new FakeRds({ snapshots: [toolCopy(COPY, 'staging-orders', OPERATION_ID, '2026-11-25T03:00:00Z')] });
    expect(await compensateFailedRefresh(operation, ports(rds), log)).toEqual([]);
    expect(rds.deleteClusterSnapshot).not.toHaveBeenCalled();
  });

  it('never deletes a snapshot under the copy name that this operation did not make', async () => {
    const rds = new FakeRds({ snapshots: [toolCopy(COPY, 'staging-orders', 'someone-else', '2026-11-25T03:00:00Z')] });
    expect(await compensateFailedRefresh(failed({ copySnapshotId: COPY }), ports(rds), log)).toEqual([]);
    expect(rds.deleteClusterSnapshot).not.toHaveBeenCalled();
  });
});
