import type { ClusterSnapshot } from '../ports/rds';
import { parseRdsArn } from './rds-arn';

type SnapshotType = 'automated' | 'manual' | 'shared';

/** What discovery looks for. */
export interface SnapshotCriteria {
  clusterId: string;
  types: readonly SnapshotType[];
  /** Only snapshots owned by this account (the request's source.accountId). */
  ownerAccountId?: string;
  /** Our own account, when known: a snapshot owned by another account counts as shared. */
  homeAccountId?: string;
  maxAgeHours?: number;
  now: Date;
  /** Where we looked, for the message when nothing fits. */
  region: string;
}

/** The newest fitting snapshot, or why there is none. */
export type SnapshotSelection = { ok: true; snapshot: ClusterSnapshot; candidates: number } | { ok: false; reason: string };

function effectiveType(snapshot: ClusterSnapshot, homeAccountId: string | undefined): string {
  const owner = parseRdsArn(snapshot.arn)?.accountId;
  if (homeAccountId !== undefined && owner !== undefined && owner !== homeAccountId) return 'shared';
  return snapshot.type;
}

function hoursBetween(earlier: Date, later: Date): number {
  return (later.getTime() - earlier.getTime()) / 3_600_000;
}

function countBy(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].map(([value, count]) => `${count} ${value}`).join(', ');
}

/**
 * Picks the newest `available` snapshot of the source cluster. RDS documents no order for
 * DescribeDBClusterSnapshots, so the order is decided here, by SnapshotCreateTime; a snapshot
 * without one sorts last. An age limit refuses stale data rather than restoring it silently.
 */
export function selectNewestSnapshot(snapshots: readonly ClusterSnapshot[], criteria: SnapshotCriteria): SnapshotSelection {
  const clusterId = criteria.clusterId.toLowerCase();
  const ofCluster = snapshots.filter(
    (snapshot) =>
      snapshot.clusterId.toLowerCase() === clusterId &&
      (criteria.types as readonly string[]).includes(effectiveType(snapshot, criteria.homeAccountId)) &&
      (criteria.ownerAccountId === undefined || parseRdsArn(snapshot.arn)?.accountId === criteria.ownerAccountId),
  );
  const available = ofCluster
    .filter((snapshot) => snapshot.status === 'available')
    .sort((a, b) => (b.createdAt?.getTime() ?? Number.NEGATIVE_INFINITY) - (a.createdAt?.getTime() ?? Number.NEGATIVE_INFINITY));
  const filters =
    `types: ${criteria.types.join(', ')}; region ${criteria.region}` +
    (criteria.ownerAccountId !== undefined ? `; account ${criteria.ownerAccountId}` : '');
  const newest = available[0];
  if (newest === undefined) {
    const seen = ofCluster.length === 0 ? 'none exists' : `${ofCluster.length} found but none available (${countBy(ofCluster.map((s) => s.status))})`;
    return {
      ok: false,
      reason: `No available snapshot of cluster ${criteria.clusterId} (${filters}): ${seen}. Check source.clusterId, source.snapshotTypes and source.accountId, or name one with source.snapshot.`,
    };
  }
  if (criteria.maxAgeHours !== undefined) {
    if (newest.createdAt === undefined) {
      return { ok: false, reason: `The newest snapshot of cluster ${criteria.clusterId}, ${newest.id}, has no creation time, so source.maxAgeHours = ${criteria.maxAgeHours} cannot be checked.` };
    }
    const age = hoursBetween(newest.createdAt, criteria.now);
    if (age > criteria.maxAgeHours) {
      return {
        ok: false,
        reason:
          `The newest available snapshot of cluster ${criteria.clusterId}, ${newest.id}, was created at ${newest.createdAt.toISOString()} ` +
          `(${age.toFixed(1)} h ago), older than source.maxAgeHours = ${criteria.maxAgeHours} (${filters}). ` +
          'Check that the source takes its snapshots, or raise source.maxAgeHours.',
      };
    }
  }
  return { ok: true, snapshot: newest, candidates: available.length };
}
