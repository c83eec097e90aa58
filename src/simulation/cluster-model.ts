import type { Cluster, DeleteClusterInput, RestoreClusterInput } from '../ports/rds';
import { isValidSnapshotId } from '../rds/naming';
import { formatRdsArn } from '../rds/rds-arn';
import { ensureClusterQuota } from './account-quotas';
import { awsErrors } from './aws-errors';
import { clusterEndpoints } from './cluster-endpoints';
import { clusterView, compareVersions, restoredSettings, type ClusterRecord } from './resource-records';
import type { SimulationContext } from './simulation-context';
import { takeFinalSnapshot } from './snapshot-model';
import { clusterKey } from './resource-inventory';

/**
 * A cluster's life as RDS runs it: restored from a snapshot (creating → backing-up → available, or a
 * failure status when a fault says so) and deleted (after its instances and its final snapshot).
 * Changing its master credentials is a model of its own (`cluster-credentials`).
 */

const CLUSTER_STATUSES_THAT_BLOCK_DELETE = new Set(['creating', 'deleting', 'modifying', 'resetting-master-credentials', 'renaming', 'upgrading']);

/** DescribeDBClusters for one cluster of the home account and region, its restorable window included; undefined when not found. */
/** Who a cluster created now in the home account and region is: its name, ARN and a resource id of its own. */
export function newClusterIdentity(world: SimulationContext, clusterId: string): Pick<ClusterRecord, 'id' | 'arn' | 'resourceId' | 'accountId' | 'region'> {
  return {
    id: clusterId,
    arn: formatRdsArn({ region: world.region, accountId: world.accountId, resourceType: 'cluster', resourceId: clusterId }),
    resourceId: world.resources.newClusterResourceId(),
    accountId: world.accountId,
    region: world.region,
  };
}

export function describeCluster(world: SimulationContext, clusterId: string): Cluster | undefined {
  const record = world.resources.homeCluster(clusterId);
  return record === undefined ? undefined : clusterView(record, { now: world.clock.now(), latestLagMinutes: world.timings.latestRestorableLagMinutes });
}

/**
 * The future of a cluster being created (by a restore of any kind): `creating` for about
 * `creatingMinutes`, then `backing-up`, then `available` with RDS-EVENT-0170 — or the failure status
 * a fault asks for. Its continuous backup starts when it is available.
 */
export function scheduleClusterCreation(world: SimulationContext, cluster: ClusterRecord, creatingMinutes: number): void {
  const key = clusterKey(cluster);
  const created = world.durations.after(creatingMinutes);
  const failure = world.faults.restoreFailure();
  if (failure !== undefined) {
    world.timeline.schedule(created, key, () => {
      cluster.status = failure;
    });
    return;
  }
  const available = new Date(created.getTime() + world.durations.duration(world.timings.backingUpMinutes));
  world.timeline.schedule(created, key, () => {
    cluster.status = 'backing-up';
  });
  world.timeline.schedule(available, key, () => {
    cluster.status = 'available';
    cluster.backupsSince = available.getTime();
    world.completions.push({ at: available, kind: 'cluster-available', id: cluster.id });
  });
  world.events.emit(available, key, 'RDS-EVENT-0170', cluster);
}

/** RestoreDBClusterFromSnapshot: the cluster is `creating` at once, and its whole future is scheduled. */
export function restoreClusterFromSnapshot(world: SimulationContext, input: RestoreClusterInput): Cluster {
  const clusterId = input.clusterId.toLowerCase();
  if (world.resources.homeCluster(clusterId) !== undefined) throw awsErrors.clusterExists(clusterId);
  const snapshot = world.resources.findSnapshot(input.snapshot, world.region);
  if (snapshot === undefined || snapshot.region !== world.region) throw awsErrors.snapshotNotFound(input.snapshot);
  if (snapshot.status !== 'available') throw awsErrors.invalidSnapshotState(input.snapshot, `Snapshot ${snapshot.id} is not available (status ${snapshot.status}).`);
  if (input.engineVersion !== undefined && compareVersions(input.engineVersion, snapshot.engineVersion) < 0) {
    throw awsErrors.invalidCombination(clusterId, `Cannot restore snapshot ${snapshot.id} of engine version ${snapshot.engineVersion} to the lower version ${input.engineVersion}.`);
  }
  ensureClusterQuota(world, clusterId);
  const kmsKeyId = input.kmsKeyId ?? snapshot.kmsKeyId;
  if (kmsKeyId !== undefined && world.faults.isKmsKeyInaccessible(kmsKeyId)) throw awsErrors.kmsNotAccessible(clusterId, kmsKeyId);
  if (input.serverlessV2Scaling !== undefined && input.serverlessV2Scaling.minCapacity > input.serverlessV2Scaling.maxCapacity) {
    throw awsErrors.invalidValue(clusterId, 'ServerlessV2ScalingConfiguration MinCapacity must not exceed MaxCapacity.');
  }
  const endpoints = clusterEndpoints(world.hooks.endpoints, world.accountId, clusterId, world.region, input.port);
  const cluster: ClusterRecord = {
    ...newClusterIdentity(world, clusterId),
    status: 'creating',
    deletionProtection: input.deletionProtection,
    tags: { ...input.tags },
    ...endpoints,
    masterUsername: snapshot.masterUsername,
    engineVersion: input.engineVersion ?? snapshot.engineVersion,
    ...(input.serverlessV2Scaling !== undefined ? { serverlessV2Scaling: { ...input.serverlessV2Scaling } } : {}),
    settings: restoredSettings(input),
    copyTagsToSnapshot: input.copyTagsToSnapshot,
    members: [],
    sizeGb: snapshot.sizeGb,
    volume: { id: `${world.accountId}/${world.region}/${clusterId}@${world.clock.now().toISOString()}`, copyOnWrite: false },
    backupRetentionDays: input.backupRetentionDays ?? world.timings.backupRetentionDays,
  };
  world.resources.putCluster(cluster);
  scheduleClusterCreation(world, cluster, world.timings.restoreMinutes + world.timings.restoreMinutesPerTb * (snapshot.sizeGb / 1024));
  return clusterView(cluster);
}

/** DeleteDBCluster: gone once its instances are gone and its final snapshot (if any) is taken. */
export function deleteCluster(world: SimulationContext, input: DeleteClusterInput): void {
  const cluster = world.resources.homeCluster(input.clusterId);
  if (cluster === undefined) throw awsErrors.clusterNotFound(input.clusterId);
  // The port's type allows only one of the two; a caller going around it still gets RDS's answer.
  const finalSnapshot = input.finalSnapshot as { skip: boolean; snapshotId?: string };
  if (finalSnapshot.skip && finalSnapshot.snapshotId !== undefined) {
    throw awsErrors.invalidCombination(cluster.id, 'FinalDBSnapshotIdentifier can not be specified when deleting a cluster with SkipFinalSnapshot true.');
  }
  if (!finalSnapshot.skip && finalSnapshot.snapshotId === undefined) {
    throw awsErrors.invalidCombination(cluster.id, 'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.');
  }
  if (cluster.deletionProtection) throw awsErrors.invalidCombination(cluster.id, 'Cannot delete protected Cluster, please disable deletion protection and try again.');
  if (cluster.status === 'deleting') throw awsErrors.invalidClusterState(cluster.id, `Cluster ${cluster.id} is already being deleted.`);
  if (CLUSTER_STATUSES_THAT_BLOCK_DELETE.has(cluster.status)) throw awsErrors.invalidClusterState(cluster.id, `Cluster ${cluster.id} is ${cluster.status} and cannot be deleted now.`);
  const members = cluster.members.map((member) => world.resources.homeInstance(member.instanceId));
  if (members.some((instance) => instance !== undefined && instance.status !== 'deleting')) {
    throw awsErrors.invalidClusterState(cluster.id, 'Cluster cannot be deleted, it still contains DB instances in non-deleting state.');
  }
  let finalSnapshotDone = 0;
  if (finalSnapshot.snapshotId !== undefined) {
    if (!isValidSnapshotId(finalSnapshot.snapshotId)) throw awsErrors.invalidValue(cluster.id, `The parameter FinalDBSnapshotIdentifier is not a valid identifier: ${finalSnapshot.snapshotId}`);
    if (world.resources.findSnapshot(finalSnapshot.snapshotId, world.region) !== undefined) throw awsErrors.snapshotExists(finalSnapshot.snapshotId);
    finalSnapshotDone = takeFinalSnapshot(world, cluster, finalSnapshot.snapshotId).getTime();
  }
  world.timeline.cancel(clusterKey(cluster));
  cluster.status = 'deleting';
  const instancesGone = Math.max(world.clock.now().getTime(), ...members.map((instance) => instance?.goneAt ?? 0));
  const gone = new Date(Math.max(instancesGone, finalSnapshotDone) + world.durations.duration(world.timings.clusterDeleteMinutes));
  const key = clusterKey(cluster);
  world.timeline.schedule(gone, key, () => {
    world.resources.removeCluster(cluster);
    world.completions.push({ at: gone, kind: 'cluster-gone', id: cluster.id });
  });
  world.events.emit(gone, key, 'RDS-EVENT-0171', cluster);
}
