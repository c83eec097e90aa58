import { resourceKey } from './resource-inventory';
import type { ClusterRecord, InstanceRecord, SnapshotRecord } from './resource-records';

/**
 * The names resources go by on the timeline, so that deleting a resource cancels exactly its own
 * pending transitions and events. Each kind has its own prefix: a cluster and an instance may share
 * an identifier.
 */

/** The timeline's name for a cluster. */
export function clusterKey(cluster: ClusterRecord): string {
  return `cluster:${resourceKey(cluster.accountId, cluster.region, cluster.id)}`;
}

/** The timeline's name for an instance. */
export function instanceKey(instance: InstanceRecord): string {
  return `instance:${resourceKey(instance.accountId, instance.region, instance.id)}`;
}

/** The timeline's name for a snapshot. */
export function snapshotKey(snapshot: SnapshotRecord): string {
  return `snapshot:${snapshot.arn}`;
}
