import { ARCHIVED_AT_TAG_KEY } from '../constants';
import { advance, wait, type Outcome } from '../engine/outcome';
import type { Step, StepContext } from '../engine/step';
import type { ClusterSnapshot } from '../ports/rds';
import type { Facts } from '../store/operation';
import { isCopyMadeFor, selectCopies } from './archive/select-copies';
import { describeRdsError, hasRdsCode, RDS_ERROR, labelError, rdsCall } from '../rds/rds-errors';

const NEXT = 'sns-notification';

/**
 * After the restore, the snapshot copy this operation made is deleted (`delete`), or the newest
 * `keepLast` copies made by this tool for this target are kept, tagged with when they were archived,
 * and older ones deleted (`keep-last`). A snapshot is ours only with both our tags and the copy id
 * its operation would have given it (see isCopyMadeFor): a snapshot this tool did not make — the
 * final snapshot, a manual snapshot of the restored cluster — is never deleted. Without a copy there
 * is nothing to archive.
 */
export const archiveSnapshotStep: Step = async (context) => {
  const { operation, request } = context;
  const copyId = operation.facts.copySnapshotId;
  if (request.dryRun) return advance(NEXT, { plan: [...(operation.facts.plan ?? []), ...(await planArchive(context, copyId))] });
  if (copyId === undefined) return advance(NEXT);
  const copy = await context.ports.rds.describeClusterSnapshot(copyId);
  if (copy === undefined) {
    context.logger.info('the snapshot copy is already gone', { snapshotId: copyId });
    return advance(NEXT, request.archive.mode === 'delete' ? { archiveDeletedSnapshotIds: [copyId] } : {});
  }
  if (!isCopyMadeFor(copy, operation.target)) {
    context.logger.warn('the snapshot copy does not carry this tool\'s tags for this target; it is left alone', { snapshotId: copyId, tags: copy.tags });
    return advance(NEXT, { archiveSkippedSnapshotIds: [copyId] });
  }
  return request.archive.mode === 'delete' ? deleteCopy(context, copy) : keepLast(context, copy);
};

/**
 * Deletes this operation's own copy. A refusal fails the step: the restore is done, but `delete`
 * mode promised not to leave a copy (which may be terabytes) behind, so a person must know; a
 * resume once the cause is fixed deletes it.
 */
async function deleteCopy(context: StepContext, copy: ClusterSnapshot): Promise<Outcome> {
  try {
    await context.ports.rds.deleteClusterSnapshot(copy.id);
  } catch (error) {
    if (hasRdsCode(error, RDS_ERROR.invalidSnapshotState)) return wait(`snapshot copy ${copy.id} cannot be deleted yet (${copy.status})`);
    if (!hasRdsCode(error, RDS_ERROR.snapshotNotFound)) throw labelError(`Deleting snapshot copy ${copy.id} (the restored cluster itself is ready)`, error);
  }
  context.logger.info('snapshot copy deleted', { snapshotId: copy.id });
  return advance(NEXT, { archiveDeletedSnapshotIds: [copy.id] });
}

/**
 * Keeps the newest copies and deletes older ones. An older copy that cannot be deleted (busy, shared,
 * a refused permission, throttling) is only a warning: the refresh succeeded, the copy stays listed
 * in `archiveSkippedSnapshotIds`, and the next keep-last run tries it again.
 */
async function keepLast(context: StepContext, copy: ClusterSnapshot): Promise<Outcome> {
  const { ports, operation, request, now, logger } = context;
  const listed = await ports.rds.describeClusterSnapshots({ types: ['manual'] });
  // A listing can lag behind a copy that just completed; the copy itself is known.
  const snapshots = listed.some((s) => s.id === copy.id) ? listed : [...listed, copy];
  const { keep, remove } = selectCopies(snapshots, { target: operation.target, currentCopyId: copy.id, keepLast: request.archive.keepLast });
  const deleted: string[] = [];
  const skipped: string[] = [];
  for (const old of remove) {
    try {
      await ports.rds.deleteClusterSnapshot(old.id);
      deleted.push(old.id);
    } catch (error) {
      if (hasRdsCode(error, RDS_ERROR.snapshotNotFound)) {
        deleted.push(old.id);
        continue;
      }
      logger.warn('an older snapshot copy could not be deleted; it is left for the next run', { snapshotId: old.id, error: describeRdsError(error) });
      skipped.push(old.id);
    }
  }
  for (const kept of keep) {
    if (kept.tags[ARCHIVED_AT_TAG_KEY] === undefined) await ports.rds.addTags(kept.arn, { [ARCHIVED_AT_TAG_KEY]: now.toISOString() });
  }
  logger.info('snapshot copies archived', { kept: keep.map((s) => s.id), deleted, skipped });
  const facts: Partial<Facts> = { archiveKeptSnapshotIds: keep.map((s) => s.id), archiveDeletedSnapshotIds: deleted };
  if (skipped.length > 0) facts.archiveSkippedSnapshotIds = skipped;
  return advance(NEXT, facts);
}

/** The dry run's lines: what would be kept and deleted, found with read-only calls. */
async function planArchive(context: StepContext, copyId: string | undefined): Promise<string[]> {
  const { request, operation } = context;
  const copyPlanned = copyId !== undefined || operation.facts.copyNeeded === true;
  if (!copyPlanned) return ['archive-snapshot: no snapshot copy is made, so there is nothing to archive'];
  const copy = copyId ?? 'the new copy';
  if (request.archive.mode === 'delete') return [`archive-snapshot: delete ${copyId !== undefined ? `the snapshot copy ${copyId}` : 'the new snapshot copy'} after the restore`];
  const existing = await context.ports.rds.describeClusterSnapshots({ types: ['manual'] });
  const older = existing.filter((s) => isCopyMadeFor(s, operation.target) && s.status === 'available' && s.id !== copyId);
  const { remove } = selectCopies(older, { target: operation.target, currentCopyId: '', keepLast: Math.max(0, request.archive.keepLast - 1) });
  return [
    `archive-snapshot: keep the newest ${request.archive.keepLast} copies made for ${operation.target} (including ${copy}), tagged ${ARCHIVED_AT_TAG_KEY}`,
    remove.length > 0 ? `archive-snapshot: delete older copies ${remove.map((s) => s.id).join(', ')}` : 'archive-snapshot: no older copy to delete',
  ];
}
