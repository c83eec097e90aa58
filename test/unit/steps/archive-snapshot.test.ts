import { ARCHIVED_AT_TAG_KEY, OPERATION_TAG_KEY } from '../../../src/constants';
import { RdsError } from '../../../src/ports/rds';
import type { RefreshRequestInput } from '../../../src/request/schema';
import { archiveSnapshotStep } from '../../../src/steps/archive-snapshot';
import { FakeRds, fakeSnapshot, toolCopy } from '../../support/fake-rds';
import { OPERATION_ID, stepContext } from '../../support/step-context';

const TARGET = 'staging-orders';
const COPY = 'aurora-restore-staging-orders-20261125';
const NOW = new Date('2026-11-26T05:00:00Z');

function run(rds: FakeRds, archive: RefreshRequestInput['archive'], facts: object = { copySnapshotId: COPY }, dryRun = false) {
  return archiveSnapshotStep(stepContext({ step: 'archive-snapshot', request: { archive, ...(dryRun ? { dryRun } : {}) }, facts, ports: { rds }, now: NOW }));
}

describe('archive-snapshot', () => {
  it('deletes the copy this operation made', async () => {
    // Prepare
    const rds = new FakeRds({ snapshots: [toolCopy(COPY, TARGET, OPERATION_ID, '2026-11-25T03:00:00Z')] });

    // Act
    const outcome = await run(rds, { mode: 'delete' });

    // Assess
    expect(rds.deleteClusterSnapshot).toHaveBeenCalledWith(COPY);
    expect(rds.snapshots.has(COPY)).toBe(false);
    expect(outcome).toEqual({ type: 'advance', next: 'sns-notification', facts: { archiveDeletedSnapshotIds: [COPY] } });
  });

  it('has nothing to do when no copy was made', async () => {
    // Prepare
    const rds = new FakeRds({ snapshots: [toolCopy('older-copy', TARGET, 'op-0', '2026-11-20T03:00:00Z')] });

    // Act
    const outcome = await run(rds, { mode: 'keep-last', keepLast: 1 }, {});

    // Assess
    expect(outcome).toEqual({ type: 'advance', next: 'sns-notification' });
    expect(rds.describeClusterSnapshots).not.toHaveBeenCalled();
    expect(rds.deleteClusterSnapshot).not.toHaveBeenCalled();
  });

  it.each([
    ['without tags', {}],
    ['tagged for another target', { [OPERATION_TAG_KEY]: OPERATION_ID, 'aurora-restore:target': 'other-target' }],
    ['with only the target tag', { 'aurora-restore:target': TARGET }],
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
    const rds = new FakeRds({ snapshots: [toolCopy(COPY, TARGET, OPERATION_ID, '2026-11-25T03:00:00Z')] });
    rds.deleteClusterSnapshot.mockRejectedValueOnce(new RdsError('InvalidDBClusterSnapshotStateFault', 'busy', COPY));

    // Act
    const outcome = await run(rds, { mode: 'delete' });

    // Assess
    expect(outcome).toMatchObject({ type: 'wait', reason: `snapshot copy ${COPY} cannot be deleted yet (available)` });
  });

  it('keeps the newest N copies made for this target, tags them, deletes only older ones of ours, and leaves foreign snapshots alone', async () => {
    // Prepare
    const rds = new FakeRds({
      snapshots: [
        toolCopy(COPY, TARGET, OPERATION_ID, '2026-11-25T03:00:00Z'),
        toolCopy('copy-1124', TARGET, 'op-1124', '2026-11-24T03:00:00Z'),
        toolCopy('copy-1123', TARGET, 'op-1123', '2026-11-23T03:00:00Z', { tags: { [OPERATION_TAG_KEY]: 'op-1123', 'aurora-restore:target': TARGET, [ARCHIVED_AT_TAG_KEY]: '2026-11-24T05:00:00.000Z' } }),
        toolCopy('copy-1122', TARGET, 'op-1122', '2026-11-22T03:00:00Z'),
        toolCopy('copy-1121', TARGET, 'op-1121', '2026-11-21T03:00:00Z'),
        toolCopy('other-target-old', 'other-target', 'op-x', '2026-11-01T03:00:00Z'),
        toolCopy('copy-in-progress', TARGET, 'op-y', '2026-11-02T03:00:00Z', { status: 'copying' }),
        fakeSnapshot({ id: 'aurora-restore-staging-orders-manual', createdAt: new Date('2026-10-01T00:00:00Z') }),
        fakeSnapshot({ id: 'nightly-by-hand', createdAt: new Date('2026-10-02T00:00:00Z'), tags: { owner: 'dba' } }),
      ],
    });

    // Act
    const outcome = await run(rds, { mode: 'keep-last', keepLast: 3 });

    // Assess
    expect(outcome).toEqual({
      type: 'advance',
      next: 'sns-notification',
      facts: { archiveKeptSnapshotIds: [COPY, 'copy-1124', 'copy-1123'], archiveDeletedSnapshotIds: ['copy-1122', 'copy-1121'] },
    });
    expect([...rds.snapshots.keys()].sort()).toEqual(
      [COPY, 'copy-1124', 'copy-1123', 'other-target-old', 'copy-in-progress', 'aurora-restore-staging-orders-manual', 'nightly-by-hand'].sort(),
    );
    expect(rds.addTags).toHaveBeenCalledTimes(2);
    expect(rds.addTags).toHaveBeenCalledWith(`arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:${COPY}`, { [ARCHIVED_AT_TAG_KEY]: NOW.toISOString() });
    expect(rds.addTags).toHaveBeenCalledWith('arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:copy-1124', { [ARCHIVED_AT_TAG_KEY]: NOW.toISOString() });
  });

  it('keeps the current copy even when it is older than other copies, and when the listing does not show it yet', async () => {
    // Prepare
    const rds = new FakeRds({ snapshots: [toolCopy(COPY, TARGET, OPERATION_ID, '2026-11-01T03:00:00Z'), toolCopy('copy-newer', TARGET, 'op-2', '2026-11-20T03:00:00Z')] });
    rds.describeClusterSnapshots.mockResolvedValueOnce([toolCopy('copy-newer', TARGET, 'op-2', '2026-11-20T03:00:00Z')]);

    // Act
    const outcome = await run(rds, { mode: 'keep-last', keepLast: 1 });

    // Assess
    expect(outcome).toMatchObject({ facts: { archiveKeptSnapshotIds: [COPY], archiveDeletedSnapshotIds: ['copy-newer'] } });
  });

  it('in a dry run, names what it would delete and changes nothing', async () => {
    // Prepare
    const rds = new FakeRds({ snapshots: [toolCopy('copy-1124', TARGET, 'op-1124', '2026-11-24T03:00:00Z'), toolCopy('copy-1123', TARGET, 'op-1123', '2026-11-23T03:00:00Z')] });

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
          'archive-snapshot: delete older copies copy-1123',
        ],
      },
    });
    expect(rds.deleteClusterSnapshot).not.toHaveBeenCalled();
    expect(rds.addTags).not.toHaveBeenCalled();
  });
});
