import type { CreateInstanceInput, RestoreClusterInput, RestoreClusterToPointInTimeInput } from '../ports/rds';
import type { DeploymentSafety } from '../request/deployment-safety';
import type { InstanceSpec, RefreshRequest } from '../request/schema';
import { restoredResourceTags } from './operation-tags';
import { restoreTypeOf } from './point-in-time-source';


/**
 * RestoreDBClusterFromSnapshot with every setting the request holds. Serverless v2 scaling is part of
 * the restore, so it is in place before any db.serverless instance is created.
 */
export function restoreClusterInput(
  request: RefreshRequest,
  snapshot: string,
  operationId: string,
  managedTag: DeploymentSafety['managedTag'],
  clusterId: string = request.target.clusterId,
): RestoreClusterInput {
  const target = request.target;
  return {
    clusterId,
    snapshot,
    engine: 'aurora-postgresql',
    ...(target.engineVersion !== undefined ? { engineVersion: target.engineVersion } : {}),
    ...restoreSettings(request, operationId, managedTag),
  };
}

/** The settings every kind of restore applies to the new cluster, from the request's target. */
function restoreSettings(request: RefreshRequest, operationId: string, managedTag: DeploymentSafety['managedTag']): Omit<RestoreClusterToPointInTimeInput, 'sourceClusterId' | 'targetId' | 'restoreType'> {
  const target = request.target;
  return {
    ...(target.subnetGroup !== undefined ? { subnetGroup: target.subnetGroup } : {}),
    ...(target.securityGroupIds !== undefined ? { securityGroupIds: target.securityGroupIds } : {}),
    ...(target.clusterParameterGroup !== undefined ? { clusterParameterGroup: target.clusterParameterGroup } : {}),
    ...(target.port !== undefined ? { port: target.port } : {}),
    ...(target.kmsKeyId !== undefined ? { kmsKeyId: target.kmsKeyId } : {}),
    deletionProtection: target.deletionProtection ?? false,
    ...(target.iamDatabaseAuthentication !== undefined ? { iamDatabaseAuthentication: target.iamDatabaseAuthentication } : {}),
    ...(target.serverlessV2Scaling !== undefined ? { serverlessV2Scaling: target.serverlessV2Scaling } : {}),
    ...(target.storageType !== undefined ? { storageType: target.storageType } : {}),
    ...(target.cloudwatchLogsExports !== undefined ? { cloudwatchLogsExports: target.cloudwatchLogsExports } : {}),
    ...(target.backupRetentionDays !== undefined ? { backupRetentionDays: target.backupRetentionDays } : {}),
    ...(target.preferredBackupWindow !== undefined ? { preferredBackupWindow: target.preferredBackupWindow } : {}),
    copyTagsToSnapshot: target.copyTagsToSnapshot ?? true,
    tags: restoredResourceTags(request, operationId, managedTag),
  };
}

/**
 * RestoreDBClusterToPointInTime from the request's source cluster with the same target settings as
 * a snapshot restore (less the engine version, which a point-in-time restore keeps): a clone at the
 * latest restorable time, or a restore at `source.restoreTime` (the latest when omitted).
 */
export function restoreFromClusterInput(
  request: RefreshRequest,
  operationId: string,
  managedTag: DeploymentSafety['managedTag'],
  clusterId: string = request.target.clusterId,
): RestoreClusterToPointInTimeInput {
  const { source } = request;
  if (source.clusterId === undefined) throw new Error('a clone or point-in-time restore needs source.clusterId (the request schema requires it)');
  const restoreTime = source.type === 'point-in-time' && source.restoreTime !== undefined ? new Date(source.restoreTime) : undefined;
  return {
    sourceClusterId: source.clusterId,
    targetId: clusterId,
    restoreType: restoreTypeOf(source),
    ...(restoreTime !== undefined ? { restoreTime } : { useLatestRestorableTime: true }),
    ...restoreSettings(request, operationId, managedTag),
  };
}

/**
 * CreateDBInstance for one configured instance of the restored cluster; `ids` are the names the
 * restore builds under (the target's own with `replace`, the `-next` ones with `swap`).
 */
export function createInstanceInput(
  request: RefreshRequest,
  instance: InstanceSpec,
  operationId: string,
  managedTag: DeploymentSafety['managedTag'],
  ids: { clusterId: string; instanceId: string } = { clusterId: request.target.clusterId, instanceId: instance.id },
): CreateInstanceInput {
  return {
    instanceId: ids.instanceId,
    clusterId: ids.clusterId,
    instanceClass: instance.instanceClass,
    engine: 'aurora-postgresql',
    ...(instance.parameterGroup !== undefined ? { parameterGroup: instance.parameterGroup } : {}),
    ...(instance.promotionTier !== undefined ? { promotionTier: instance.promotionTier } : {}),
    ...(instance.availabilityZone !== undefined ? { availabilityZone: instance.availabilityZone } : {}),
    ...(instance.performanceInsights !== undefined ? { performanceInsights: instance.performanceInsights } : {}),
    ...(instance.caCertificate !== undefined ? { caCertificate: instance.caCertificate } : {}),
    tags: restoredResourceTags(request, operationId, managedTag, instance.tags),
  };
}

/** One line per restore setting, for the dry-run plan. */
export function describeRestore(input: RestoreClusterInput | RestoreClusterToPointInTimeInput): string {
  const settings = [
    'engineVersion' in input && input.engineVersion !== undefined ? `engine version ${input.engineVersion}` : undefined,
    input.subnetGroup !== undefined ? `subnet group ${input.subnetGroup}` : undefined,
    input.securityGroupIds !== undefined ? `security groups ${input.securityGroupIds.join(', ')}` : undefined,
    input.clusterParameterGroup !== undefined ? `cluster parameter group ${input.clusterParameterGroup}` : undefined,
    input.port !== undefined ? `port ${input.port}` : undefined,
    input.kmsKeyId !== undefined ? `KMS key ${input.kmsKeyId}` : undefined,
    input.serverlessV2Scaling !== undefined ? `Serverless v2 ${input.serverlessV2Scaling.minCapacity}–${input.serverlessV2Scaling.maxCapacity} ACU` : undefined,
    input.storageType !== undefined ? `storage ${input.storageType}` : undefined,
    input.cloudwatchLogsExports !== undefined ? `log exports ${input.cloudwatchLogsExports.join(', ')}` : undefined,
    input.backupRetentionDays !== undefined ? `backups kept ${input.backupRetentionDays} day${input.backupRetentionDays === 1 ? '' : 's'}` : undefined,
    input.preferredBackupWindow !== undefined ? `backup window ${input.preferredBackupWindow} UTC` : undefined,
    `deletion protection ${input.deletionProtection ? 'on' : 'off'}`,
  ].filter((setting): setting is string => setting !== undefined);
  if ('snapshot' in input) return `would restore cluster ${input.clusterId} from snapshot ${input.snapshot} (${settings.join(', ')})`;
  const when = input.restoreTime !== undefined ? `as of ${input.restoreTime.toISOString()}` : 'as of its latest restorable time';
  const how = input.restoreType === 'copy-on-write' ? 'clone (copy-on-write)' : 'restore (full copy)';
  return `would ${how} cluster ${input.sourceClusterId} ${when} as ${input.targetId} (${settings.join(', ')})`;
}
