import type { ClusterSnapshot, SnapshotQuery } from '../ports/rds';
import { formatRdsArn } from '../rds/rds-arn';
import { awsErrors } from './aws-errors';
import { snapshotView, type ClusterRecord, type SnapshotRecord } from './resource-records';
import type { SimulationContext } from './simulation-context';
import { snapshotKey } from './resource-inventory';

/**
 * Cluster snapshots as RDS lists, describes and deletes them, and the final snapshot a cluster
 * deletion takes. Copying, with its quotas and progress, is a model of its own (`snapshot-copy`).
 */

/** DescribeDBClusterSnapshots: the home account's own of the asked types, and shared ones when asked. */
export function describeClusterSnapshots(world: SimulationContext, query: SnapshotQuery): ClusterSnapshot[] {
  const region = query.region ?? world.region;
  const clusterId = query.clusterId?.toLowerCase();
  const matches = world.resources.allSnapshots().filter((record) => {
    if (record.region !== region || (clusterId !== undefined && record.clusterId !== clusterId)) return false;
    if (record.accountId === world.accountId) return (query.types as string[]).includes(record.type);
    return query.types.includes('shared') && record.type === 'manual' && record.sharedWith.has(world.accountId);
  });
  // RDS documents no order: hand them out shuffled so that nothing relies on one.
  return world.listingOrder.shuffle(matches).map((record) => snapshotView(record, world.accountId, world.clock.now()));
}

/** DescribeDBClusterSnapshots for one snapshot, by identifier or ARN; undefined when not found. */
export function describeClusterSnapshot(world: SimulationContext, idOrArn: string, region?: string): ClusterSnapshot | undefined {
  const record = world.resources.findSnapshot(idOrArn, region ?? world.region);
  return record === undefined ? undefined : snapshotView(record, world.accountId, world.clock.now());
}

/** DeleteDBClusterSnapshot: only the home account's manual snapshots. */
export function deleteClusterSnapshot(world: SimulationContext, id: string): void {
  const record = world.resources.findSnapshot(id, world.region);
  if (record === undefined || record.accountId !== world.accountId) throw awsErrors.snapshotNotFound(id);
  if (record.type === 'automated') throw awsErrors.invalidSnapshotState(id, 'Only manual snapshots may be deleted; automated ones expire with the retention period.');
  if (record.status === 'deleting') throw awsErrors.invalidSnapshotState(id, `Snapshot ${id} is already being deleted.`);
  // Deleting a copy in progress cancels it.
  world.timeline.cancel(snapshotKey(record));
  record.status = 'deleting';
  world.timeline.schedule(world.durations.after(world.timings.snapshotDeleteMinutes), snapshotKey(record), () => world.resources.removeSnapshot(record));
}

/** The snapshot RDS takes when a cluster is deleted with FinalDBSnapshotIdentifier; returns when it is done. */
export function takeFinalSnapshot(world: SimulationContext, cluster: ClusterRecord, snapshotId: string): Date {
  const record: SnapshotRecord = {
    id: snapshotId,
    arn: formatRdsArn({ region: world.region, accountId: world.accountId, resourceType: 'cluster-snapshot', resourceId: snapshotId }),
    clusterId: cluster.id,
    accountId: world.accountId,
    region: world.region,
    type: 'manual',
    status: 'creating',
    createdAt: world.clock.now(),
    sizeGb: 0,
    encrypted: false,
    engineVersion: cluster.engineVersion,
    masterUsername: cluster.masterUsername,
    tags: cluster.copyTagsToSnapshot ? { ...cluster.tags } : {},
    sharedWith: new Set(),
  };
  world.resources.putSnapshot(record);
  const done = world.durations.after(world.timings.finalSnapshotMinutes);
  world.timeline.schedule(done, snapshotKey(record), () => {
    record.status = 'available';
  });
  return done;
}
