import { OPERATION_TAG_KEY, TARGET_TAG_KEY } from '../../constants';
import type { ClusterSnapshot } from '../../ports/rds';

/**
 * True when the snapshot's tags show this tool copied it for this target: both the operation tag
 * and the target tag, the latter naming `target`. A name is never enough — anyone can name a
 * snapshot like ours, and a snapshot we did not make is never ours to delete.
 */
export function isCopyMadeFor(snapshot: Pick<ClusterSnapshot, 'tags'>, target: string): boolean {
  const operationId = snapshot.tags[OPERATION_TAG_KEY];
  return operationId !== undefined && operationId.length > 0 && snapshot.tags[TARGET_TAG_KEY] === target;
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
