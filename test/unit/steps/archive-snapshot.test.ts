import { ARCHIVED_AT_TAG_KEY, OPERATION_TAG_KEY, TARGET_TAG_KEY } from '../../../src/constants';
import { StepFailedError } from '../../../src/errors';
import { RdsError, type ClusterSnapshot } from '../../../src/ports/rds';
import type { RefreshRequestInput } from '../../../src/request/schema';
import { archiveSnapshotStep } from '../../../src/steps/archive-snapshot';
import { copySnapshotId, finalSnapshotId } from '../../../src/rds/naming';
import { FakeRds, fakeSnapshot, toolCopy } from '../../support/fake-rds';
import { OPERATION_ID, stepContext } from '../../support/step-context';
import { runAsEngine } from '../../support/run-as-engine';

const TARGET = 'staging-orders';
const COPY = copySnapshotId(TARGET, OPERATION_ID);
const NOW = new Date('2026-11-26T05:00:00Z');
/** The operation whose restore produced the cluster that this operation replaced. */
const PREVIOUS_OPERATION = '20261124-030000-b2c3d4';

/** A copy this tool made for `target` in `operationId`, under the id that operation gives its copy. */
function ourCopy(operationId: string, createdAt: string, extra: Partial<ClusterSnapshot> = {}, target = TARGET): ClusterSnapshot {
  return toolCopy(copySnapshotId(target, operationId), target, operationId, createdAt, extra);
}

function run(rds: FakeRds, archive: RefreshRequestInput['archive'], facts: object = { copySnapshotId: COPY }, dryRun = false) {
  const context = stepContext({ step: 'archive-snapshot', request: { archive, ...(dryRun ? { dryRun } : {}) }, facts, ports: { rds }, now: NOW });
  return Object.assign(runAsEngine(archiveSnapshotStep, context), { logLines: context.logLines });
}

describe('archive-snapshot', () => {
  it('deletes the copy this operation made', async () => {
    // Prepare
    const rds = new FakeRds({ snapshots: [ourCopy(OPERATION_ID, '2026-11-25T03:00:00Z')] });

    // Act
    const outcome = await run(rds, { mode: 'delete' });

    // Assess
    expect(rds.deleteClusterSnapshot).toHaveBeenCalledWith(COPY);
    expect(rds.snapshots.has(COPY)).toBe(false);
    expect(outcome).toEqual({ type: 'advance', next: 'sns-notification', facts: { archiveDeletedSnapshotIds: [COPY] } });
  });

  it('has nothing to do when no copy was made', async () => {
    // Prepare
    const rds = new FakeRds({ snapshots: [ourCopy('20261120-030000-000000', '2026-11-20T03:00:00Z')] });

    // Act
    const outcome = await run(rds, { mode: 'keep-last', keepLast: 1 }, {});

    // Assess
    expect(outcome).toEqual({ type: 'advance', next: 'sns-notification' });
    expect(rds.describeClusterSnapshots).not.toHaveBeenCalled();
    expect(rds.deleteClusterSnapshot).not.toHaveBeenCalled();
  });

  it.each([
    ['without tags', {}],
    ['tagged for another target', { [OPERATION_TAG_KEY]: OPERATION_ID, [TARGET_TAG_KEY]: 'other-target' }],
    ['with only the target tag', { [TARGET_TAG_KEY]: TARGET }],
    ["tagged with another operation's id", { [OPERATION_TAG_KEY]: PREVIOUS_OPERATION, [TARGET_TAG_KEY]: TARGET }],
  ])('never deletes a copy %s, even with the expected name', async (_case, tags) => {
    // Prepare
    const rds = new FakeRds({ snapshots: [fakeSnapshot({ id: COPY, tags })] });

    // Act
    const outcome = await run(rds, { mode: 'delete' });

    // Assess
    expect(rds.deleteClusterSnapshot).not.toHaveBeenCalled();
    expect(outcome).toEqual({ type: 'advance', next: 'sns-notification', facts: { archiveSkippedSnapshotIds: [COPY] } });
  });

  it('counts a copy that is already gone as deleted (a repeated run)', async () => {
    // Prepare
    const rds = new FakeRds();

    // Act
    const outcome = await run(rds, { mode: 'delete' });

    // Assess
    expect(outcome).toEqual({ type: 'advance', next: 'sns-notification', facts: { archiveDeletedSnapshotIds: [COPY] } });
  });

  it('waits when RDS cannot delete the copy yet', async () => {
    // Prepare
    const rds = new FakeRds({ snapshots: [ourCopy(OPERATION_ID, '2026-11-25T03:00:00Z')] });
    rds.deleteClusterSnapshot.mockRejectedValueOnce(new RdsError('InvalidDBClusterSnapshotStateFault', 'busy', COPY));

    // Act
    const outcome = await run(rds, { mode: 'delete' });

    // Assess
    expect(outcome).toMatchObject({ type: 'wait', reason: `snapshot copy ${COPY} cannot be deleted yet (available)` });
  });

  it('fails, saying the cluster is ready, when RDS refuses to delete its own copy in delete mode', async () => {
    // Prepare
    const rds = new FakeRds({ snapshots: [ourCopy(OPERATION_ID, '2026-11-25T03:00:00Z')] });
    rds.deleteClusterSnapshot.mockRejectedValueOnce(new RdsError('AccessDenied', 'not authorized to perform rds:DeleteDBClusterSnapshot', COPY));

    // Act
    const outcome = await run(rds, { mode: 'delete' });

    // Assess
    expect(outcome).toMatchObject({ type: 'fail', error: expect.any(StepFailedError) });
    expect((outcome as { error: Error }).error.message).toBe(
      `Deleting snapshot copy ${COPY} (the restored cluster itself is ready) failed: AccessDenied: not authorized to perform rds:DeleteDBClusterSnapshot (resource ${COPY}).`,
    );
  });

  it('lets throttling on its own copy through, so the engine waits two minutes and tries again', async () => {
    // Prepare
    const rds = new FakeRds({ snapshots: [ourCopy(OPERATION_ID, '2026-11-25T03:00:00Z')] });
    const throttled = new RdsError('ThrottlingException', 'Rate exceeded', COPY);
    rds.deleteClusterSnapshot.mockRejectedValueOnce(throttled);

    // Act
    const outcome = run(rds, { mode: 'delete' });

    // Assess
    await expect(outcome).resolves.toMatchObject({ type: 'wait', delaySeconds: 120, reason: expect.stringContaining('retrying after a transient error: ThrottlingException') });
  });

  it('keeps the newest N copies made for this target, tags them, deletes only older ones of ours, and leaves foreign snapshots alone', async () => {
    // Prepare
    const rds = new FakeRds({
      snapshots: [
        ourCopy(OPERATION_ID, '2026-11-25T03:00:00Z'),
        ourCopy('op-1124', '2026-11-24T03:00:00Z'),
        ourCopy('op-1123', '2026-11-23T03:00:00Z', { tags: { [OPERATION_TAG_KEY]: 'op-1123', [TARGET_TAG_KEY]: TARGET, [ARCHIVED_AT_TAG_KEY]: '2026-11-24T05:00:00.000Z' } }),
        ourCopy('op-1122', '2026-11-22T03:00:00Z'),
        ourCopy('op-1121', '2026-11-21T03:00:00Z'),
        ourCopy('op-x', '2026-11-01T03:00:00Z', {}, 'other-target'),
        ourCopy('op-y', '2026-11-02T03:00:00Z', { status: 'copying' }),
        fakeSnapshot({ id: 'aurora-restore-staging-orders-manual', createdAt: new Date('2026-10-01T00:00:00Z') }),
        fakeSnapshot({ id: 'nightly-by-hand', createdAt: new Date('2026-10-02T00:00:00Z'), tags: { owner: 'dba' } }),
      ],
    });

    // Act
    const outcome = await run(rds, { mode: 'keep-last', keepLast: 3 });

    // Assess
    const id = (operationId: string, target = TARGET) => copySnapshotId(target, operationId);
    expect(outcome).toEqual({
      type: 'advance',
      next: 'sns-notification',
      facts: { archiveKeptSnapshotIds: [COPY, id('op-1124'), id('op-1123')], archiveDeletedSnapshotIds: [id('op-1122'), id('op-1121')] },
    });
    expect([...rds.snapshots.keys()].sort()).toEqual(
      [COPY, id('op-1124'), id('op-1123'), id('op-x', 'other-target'), id('op-y'), 'aurora-restore-staging-orders-manual', 'nightly-by-hand'].sort(),
    );
    expect(rds.addTags).toHaveBeenCalledTimes(2);
    expect(rds.addTags).toHaveBeenCalledWith(`arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:${COPY}`, { [ARCHIVED_AT_TAG_KEY]: NOW.toISOString() });
    expect(rds.addTags).toHaveBeenCalledWith(`arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:${id('op-1124')}`, { [ARCHIVED_AT_TAG_KEY]: NOW.toISOString() });
  });

  it('never deletes the final or a manual snapshot of a restored cluster, which carry our tags through copyTagsToSnapshot', async () => {
    // Prepare
    const restoredClusterTags = { [OPERATION_TAG_KEY]: PREVIOUS_OPERATION, [TARGET_TAG_KEY]: TARGET, 'aurora-restore:managed': 'true' };
    const finalSnapshot = fakeSnapshot({ id: finalSnapshotId(TARGET, OPERATION_ID), clusterId: TARGET, createdAt: new Date('2026-11-25T04:00:00Z'), tags: restoredClusterTags });
    const manualSnapshot = fakeSnapshot({ id: 'staging-orders-before-release', clusterId: TARGET, createdAt: new Date('2026-11-24T12:00:00Z'), tags: restoredClusterTags });
    const previousCopy = ourCopy(PREVIOUS_OPERATION, '2026-11-24T03:00:00Z');
    const rds = new FakeRds({ snapshots: [ourCopy(OPERATION_ID, '2026-11-25T03:00:00Z'), finalSnapshot, manualSnapshot, previousCopy] });

    // Act
    const outcome = await run(rds, { mode: 'keep-last', keepLast: 1 });

    // Assess
    expect(outcome).toEqual({ type: 'advance', next: 'sns-notification', facts: { archiveKeptSnapshotIds: [COPY], archiveDeletedSnapshotIds: [previousCopy.id] } });
    expect(rds.deleteClusterSnapshot).toHaveBeenCalledTimes(1);
    expect(rds.snapshots.has(finalSnapshot.id)).toBe(true);
    expect(rds.snapshots.has(manualSnapshot.id)).toBe(true);
  });

  it.each([
    ['RDS refuses it', new RdsError('AccessDenied', 'not authorized', 'x')],
    ['it is busy', new RdsError('InvalidDBClusterSnapshotStateFault', 'busy', 'x')],
    ['RDS throttles', new RdsError('ThrottlingException', 'Rate exceeded', 'x')],
  ])('goes on, with a warning and a record, when an older copy cannot be deleted because %s', async (_case, refusal) => {
    // Prepare
    const stuck = ourCopy('op-1123', '2026-11-23T03:00:00Z');
    const older = ourCopy('op-1122', '2026-11-22T03:00:00Z');
    const rds = new FakeRds({ snapshots: [ourCopy(OPERATION_ID, '2026-11-25T03:00:00Z'), stuck, older] });
    rds.deleteClusterSnapshot.mockImplementationOnce(async () => Promise.reject(refusal));

    // Act
    const result = run(rds, { mode: 'keep-last', keepLast: 1 });
    const outcome = await result;

    // Assess
    expect(outcome).toEqual({
      type: 'advance',
      next: 'sns-notification',
      facts: { archiveKeptSnapshotIds: [COPY], archiveDeletedSnapshotIds: [older.id], archiveSkippedSnapshotIds: [stuck.id] },
    });
    expect(rds.snapshots.has(older.id)).toBe(false);
    expect(result.logLines.join('\n')).toMatch(new RegExp(`"level":"WARN".*an older snapshot copy could not be deleted.*${stuck.id}.*${refusal.code}`));
  });

  it('keeps the current copy even when it is older than other copies, and when the listing does not show it yet', async () => {
    // Prepare
    const newer = ourCopy('op-2', '2026-11-20T03:00:00Z');
    const rds = new FakeRds({ snapshots: [ourCopy(OPERATION_ID, '2026-11-01T03:00:00Z'), newer] });
    rds.describeClusterSnapshots.mockResolvedValueOnce([newer]);

    // Act
    const outcome = await run(rds, { mode: 'keep-last', keepLast: 1 });

    // Assess
    expect(outcome).toMatchObject({ facts: { archiveKeptSnapshotIds: [COPY], archiveDeletedSnapshotIds: [newer.id] } });
  });

  it('in a dry run, names what it would delete and changes nothing', async () => {
    // Prepare
    const rds = new FakeRds({ snapshots: [ourCopy('op-1124', '2026-11-24T03:00:00Z'), ourCopy('op-1123', '2026-11-23T03:00:00Z')] });

    // Act
    const outcome = await run(rds, { mode: 'keep-last', keepLast: 2 }, { copyNeeded: true, plan: ['earlier'] }, true);

    // Assess
    expect(outcome).toEqual({
      type: 'advance',
      next: 'sns-notification',
      facts: {
        plan: [
          'earlier',
          `archive-snapshot: keep the newest 2 copies made for ${TARGET} (including the new copy), tagged ${ARCHIVED_AT_TAG_KEY}`,
          `archive-snapshot: delete older copies ${copySnapshotId(TARGET, 'op-1123')}`,
        ],
      },
    });
    expect(rds.deleteClusterSnapshot).not.toHaveBeenCalled();
    expect(rds.addTags).not.toHaveBeenCalled();
  });
});
