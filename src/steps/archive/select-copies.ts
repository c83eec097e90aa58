import { OPERATION_TAG_KEY, TARGET_TAG_KEY } from '../../constants';
import type { ClusterSnapshot } from '../../ports/rds';
import { copySnapshotId } from '../../rds/naming';

/**
 * True when the snapshot is a copy this tool made for this target: it carries both the operation
 * tag and the target tag naming `target`, AND its id is the copy id that operation would have
 * given it. Tags alone are not enough: the restored cluster carries the same tags and, with
 * `copyTagsToSnapshot`, hands them to every manual or final snapshot taken of it. A name alone is
 * not enough either — anyone can name a snapshot like ours.
 */
export function isCopyMadeFor(snapshot: Pick<ClusterSnapshot, 'id' | 'tags'>, target: string): boolean {
  const operationId = snapshot.tags[OPERATION_TAG_KEY];
  if (operationId === undefined || operationId.length === 0 || snapshot.tags[TARGET_TAG_KEY] !== target) return false;
  return snapshot.id.toLowerCase() === expectedCopyId(target, operationId);
}

function expectedCopyId(target: string, operationId: string): string | undefined {
  try {
    return copySnapshotId(target, operationId);
  } catch {
    // A tag no operation of ours could have written names no copy of ours.
    return undefined;
  }
}

/** Which copies keep-last keeps and which it deletes; copies still being made are in neither. */
export interface CopySelection {
  keep: ClusterSnapshot[];
  remove: ClusterSnapshot[];
}

function newestFirst(a: ClusterSnapshot, b: ClusterSnapshot): number {
  const byTime = (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0);
  return byTime !== 0 ? byTime : b.id.localeCompare(a.id);
}

/**
 * Keep the newest `keepLast` copies this tool made for `target`, counting the copy the current
 * operation restored from, which is always kept; every older available copy is to be deleted.
 * Snapshots without our tags, of other targets, or not `available` are never selected for deletion.
 */
export function selectCopies(snapshots: readonly ClusterSnapshot[], options: { target: string; currentCopyId: string; keepLast: number }): CopySelection {
  const ours = snapshots.filter((s) => isCopyMadeFor(s, options.target) && s.status === 'available');
  const current = ours.filter((s) => s.id === options.currentCopyId);
  const others = ours.filter((s) => s.id !== options.currentCopyId).sort(newestFirst);
  const room = Math.max(0, options.keepLast - current.length);
  return { keep: [...current, ...others.slice(0, room)], remove: others.slice(room) };
}
