/**
 * The operations table. One table holds two kinds of item:
 * - operations: `pk` = operation id, with `target` + `createdAt` feeding the per-target index;
 * - target locks: `pk` = `lock#<target>`; they carry no `target` attribute, so the index stays sparse;
 * - a RUNNING operation also carries `runningSource` (its source cluster), feeding the sparse `bySource` index,
 *   until it released its target (see readsSource);
 * - handled RDS events: `pk` = `event#<EventBridge id>`, expiring after a day, to drop duplicates.
 * serverless.yml declares the same names; a test checks they agree.
 */
export const TABLE_LAYOUT = {
  partitionKey: 'pk',
  byTargetIndex: 'byTarget',
  byTargetPartitionKey: 'target',
  byTargetSortKey: 'createdAt',
  ttlAttribute: 'expiresAt',
  /** Sparse index of RUNNING operations by the source cluster they read from. */
  bySourceIndex: 'bySource',
  bySourcePartitionKey: 'runningSource',
} as const;

/** The lock item's key for a target cluster. */
export function lockKey(target: string): string {
  return `lock#${target}`;
}

/** The key recording that an EventBridge event was handled. */
export function eventKey(eventId: string): string {
  return `event#${eventId}`;
}
