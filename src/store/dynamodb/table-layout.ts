/**
 * The operations table. One table holds two kinds of item:
 * - operations: `pk` = operation id, with `target` + `createdAt` feeding the per-target index;
 * - target locks: `pk` = `lock#<target>`; they carry no `target` attribute, so the index stays sparse.
 * serverless.yml declares the same names; a test checks they agree.
 */
export const TABLE_LAYOUT = {
  partitionKey: 'pk',
  byTargetIndex: 'byTarget',
  byTargetPartitionKey: 'target',
  byTargetSortKey: 'createdAt',
  ttlAttribute: 'expiresAt',
} as const;

/** The lock item's key for a target cluster. */
export function lockKey(target: string): string {
  return `lock#${target}`;
}
