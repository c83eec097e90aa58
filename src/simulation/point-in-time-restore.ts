import type { Cluster, RestoreClusterToPointInTimeInput } from '../ports/rds';
import { ensureClusterQuota } from './account-quotas';
import { awsErrors } from './aws-errors';
import { clusterEndpoints } from './cluster-endpoints';
import { scheduleClusterCreation } from './cluster-model';
import { clusterView, restorableWindow, restoredSettings, type ClusterRecord } from './resource-records';
import type { SimulationContext } from './simulation-context';
import { newClusterIdentity } from './cluster-model';

/**
 * RestoreDBClusterToPointInTime as Aurora runs it. A copy-on-write restore (a clone) shares the
 * source's volume: minutes whatever the size, and at most `copyOnWriteClonesPerSource` clones on
 * one volume (clones of clones count). A full copy copies the volume: its time grows with the size.
 * Either reads the source's continuous backup, so the time must lie in its restorable window.
 */

/** Copy-on-write clones that share a volume now. */
function clonesOf(world: SimulationContext, volumeId: string): ClusterRecord[] {
  return world.resources.homeClusters().filter((cluster) => cluster.volume.id === volumeId && cluster.volume.copyOnWrite);
}

function windowText(window: { earliest: Date; latest: Date }): string {
  return `${window.earliest.toISOString()} to ${window.latest.toISOString()}`;
}

export function restoreClusterToPointInTime(world: SimulationContext, input: RestoreClusterToPointInTimeInput): Cluster {
  const clusterId = input.targetId.toLowerCase();
  const now = world.clock.now();
  if (world.resources.homeCluster(clusterId) !== undefined) throw awsErrors.clusterExists(clusterId);
  const source = world.resources.homeCluster(input.sourceClusterId);
  if (source === undefined) throw awsErrors.clusterNotFound(input.sourceClusterId);
  if ((input.restoreTime !== undefined) === (input.useLatestRestorableTime === true)) {
    throw awsErrors.invalidCombination(clusterId, 'Specify either RestoreToTime or UseLatestRestorableTime, not both and not neither.');
  }
  const window = restorableWindow(source, now, world.timings.latestRestorableLagMinutes);
  if (window === undefined) throw awsErrors.invalidClusterState(source.id, `DB cluster ${source.id} is ${source.status} and has no restorable time yet.`);
  if (input.restoreTime !== undefined && (input.restoreTime < window.earliest || input.restoreTime > window.latest)) {
    throw awsErrors.invalidRestore(
      clusterId,
      `The requested restore time ${input.restoreTime.toISOString()} is outside the restorable window of DB cluster ${source.id} (${windowText(window)}).`,
    );
  }
  const copyOnWrite = input.restoreType === 'copy-on-write';
  if (copyOnWrite && clonesOf(world, source.volume.id).length >= world.quotas.copyOnWriteClonesPerSource) {
    throw awsErrors.invalidRestore(
      clusterId,
      `DB cluster ${source.id} already has ${world.quotas.copyOnWriteClonesPerSource} copy-on-write clones, the most one source volume can have; create a full-copy restore instead.`,
    );
  }
  ensureClusterQuota(world, clusterId);
  const kmsKeyId = input.kmsKeyId;
  if (kmsKeyId !== undefined && world.faults.isKmsKeyInaccessible(kmsKeyId)) throw awsErrors.kmsNotAccessible(clusterId, kmsKeyId);
  const cluster: ClusterRecord = {
    ...newClusterIdentity(world, clusterId),
    status: 'creating',
    deletionProtection: input.deletionProtection,
    tags: { ...input.tags },
    ...clusterEndpoints(world.hooks.endpoints, world.accountId, clusterId, world.region, input.port),
    masterUsername: source.masterUsername,
    engineVersion: source.engineVersion,
    ...(input.serverlessV2Scaling !== undefined ? { serverlessV2Scaling: { ...input.serverlessV2Scaling } } : {}),
    settings: restoredSettings(input),
    copyTagsToSnapshot: input.copyTagsToSnapshot,
    members: [],
    sizeGb: source.sizeGb,
    volume: copyOnWrite ? { id: source.volume.id, copyOnWrite: true } : { id: `${world.accountId}/${world.region}/${clusterId}@${now.toISOString()}`, copyOnWrite: false },
    backupRetentionDays: input.backupRetentionDays ?? world.timings.backupRetentionDays,
  };
  world.resources.putCluster(cluster);
  const minutes = copyOnWrite ? world.timings.cloneMinutes : world.timings.pointInTimeMinutes + world.timings.pointInTimeMinutesPerTb * (source.sizeGb / 1024);
  scheduleClusterCreation(world, cluster, minutes);
  return clusterView(cluster);
}
