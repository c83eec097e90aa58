import type { AccountQuota, DBCluster, DBClusterSnapshot, DBInstance, Tag } from '@aws-sdk/client-rds';
import type { AccountQuotas, Cluster, ClusterSnapshot, Instance, QuotaUse } from '../../ports/rds';

/** RDS's tag list as a plain map. */
export function fromTagList(tags: readonly Tag[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) map[tag.Key] = tag.Value ?? '';
  return map;
}

/** A plain tag map as RDS's tag list. */
export function toTagList(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function required<T>(value: T | undefined, what: string): T {
  // RDS always returns these; a response without them is not one we can act on safely.
  if (value === undefined) throw new Error(`RDS returned a ${what.split('.')[0]} without ${what.split('.')[1]}`);
  return value;
}

/** The port's snapshot from DescribeDBClusterSnapshots / CopyDBClusterSnapshot output. */
export function toSnapshot(snapshot: DBClusterSnapshot): ClusterSnapshot {
  return {
    id: required(snapshot.DBClusterSnapshotIdentifier, 'snapshot.DBClusterSnapshotIdentifier'),
    arn: required(snapshot.DBClusterSnapshotArn, 'snapshot.DBClusterSnapshotArn'),
    clusterId: snapshot.DBClusterIdentifier ?? '',
    status: snapshot.Status ?? 'unknown',
    type: snapshot.SnapshotType ?? 'unknown',
    ...(snapshot.SnapshotCreateTime !== undefined ? { createdAt: snapshot.SnapshotCreateTime } : {}),
    sizeGb: snapshot.AllocatedStorage ?? 0,
    ...(snapshot.PercentProgress !== undefined ? { percentProgress: snapshot.PercentProgress } : {}),
    encrypted: snapshot.StorageEncrypted ?? false,
    ...(snapshot.KmsKeyId !== undefined ? { kmsKeyId: snapshot.KmsKeyId } : {}),
    ...(snapshot.EngineVersion !== undefined ? { engineVersion: snapshot.EngineVersion } : {}),
    tags: fromTagList(snapshot.TagList),
  };
}

/** The port's cluster from DescribeDBClusters / RestoreDBClusterFromSnapshot output. */
export function toCluster(cluster: DBCluster): Cluster {
  return {
    id: required(cluster.DBClusterIdentifier, 'cluster.DBClusterIdentifier'),
    arn: required(cluster.DBClusterArn, 'cluster.DBClusterArn'),
    ...(cluster.DbClusterResourceId !== undefined ? { resourceId: cluster.DbClusterResourceId } : {}),
    status: cluster.Status ?? 'unknown',
    deletionProtection: cluster.DeletionProtection ?? false,
    members: (cluster.DBClusterMembers ?? []).flatMap((member) =>
      member.DBInstanceIdentifier === undefined ? [] : [{ instanceId: member.DBInstanceIdentifier, isWriter: member.IsClusterWriter ?? false }],
    ),
    ...(cluster.Endpoint !== undefined ? { endpoint: cluster.Endpoint } : {}),
    ...(cluster.ReaderEndpoint !== undefined ? { readerEndpoint: cluster.ReaderEndpoint } : {}),
    ...(cluster.Port !== undefined ? { port: cluster.Port } : {}),
    ...(cluster.MasterUsername !== undefined ? { masterUsername: cluster.MasterUsername } : {}),
    ...(cluster.EngineVersion !== undefined ? { engineVersion: cluster.EngineVersion } : {}),
    ...(cluster.EarliestRestorableTime !== undefined ? { earliestRestorableTime: cluster.EarliestRestorableTime } : {}),
    ...(cluster.LatestRestorableTime !== undefined ? { latestRestorableTime: cluster.LatestRestorableTime } : {}),
    ...(cluster.DBSubnetGroup !== undefined ? { subnetGroup: cluster.DBSubnetGroup } : {}),
    ...(cluster.VpcSecurityGroups !== undefined ? { securityGroupIds: cluster.VpcSecurityGroups.flatMap((group) => (group.VpcSecurityGroupId !== undefined ? [group.VpcSecurityGroupId] : [])) } : {}),
    ...(cluster.DBClusterParameterGroup !== undefined ? { clusterParameterGroup: cluster.DBClusterParameterGroup } : {}),
    ...(cluster.IAMDatabaseAuthenticationEnabled !== undefined ? { iamDatabaseAuthentication: cluster.IAMDatabaseAuthenticationEnabled } : {}),
    ...(cluster.ServerlessV2ScalingConfiguration?.MinCapacity !== undefined && cluster.ServerlessV2ScalingConfiguration.MaxCapacity !== undefined
      ? { serverlessV2Scaling: { minCapacity: cluster.ServerlessV2ScalingConfiguration.MinCapacity, maxCapacity: cluster.ServerlessV2ScalingConfiguration.MaxCapacity } }
      : {}),
    ...(cluster.StorageType !== undefined ? { storageType: cluster.StorageType } : {}),
    ...(cluster.EnabledCloudwatchLogsExports !== undefined ? { cloudwatchLogsExports: cluster.EnabledCloudwatchLogsExports } : {}),
    ...(cluster.BackupRetentionPeriod !== undefined ? { backupRetentionDays: cluster.BackupRetentionPeriod } : {}),
    ...(cluster.PreferredBackupWindow !== undefined ? { preferredBackupWindow: cluster.PreferredBackupWindow } : {}),
    ...(cluster.PreferredMaintenanceWindow !== undefined ? { preferredMaintenanceWindow: cluster.PreferredMaintenanceWindow } : {}),
    ...(cluster.CopyTagsToSnapshot !== undefined ? { copyTagsToSnapshot: cluster.CopyTagsToSnapshot } : {}),
    ...membersPendingReboot(cluster),
    tags: fromTagList(cluster.TagList),
  };
}

function membersPendingReboot(cluster: DBCluster): Pick<Cluster, 'membersPendingReboot'> {
  const pending = (cluster.DBClusterMembers ?? []).flatMap((member) =>
    member.DBInstanceIdentifier !== undefined && member.DBClusterParameterGroupStatus === 'pending-reboot' ? [member.DBInstanceIdentifier] : [],
  );
  return pending.length > 0 ? { membersPendingReboot: pending } : {};
}

/** The port's instance from DescribeDBInstances / CreateDBInstance output. */
export function toInstance(instance: DBInstance): Instance {
  return {
    id: required(instance.DBInstanceIdentifier, 'instance.DBInstanceIdentifier'),
    arn: required(instance.DBInstanceArn, 'instance.DBInstanceArn'),
    ...(instance.DBClusterIdentifier !== undefined ? { clusterId: instance.DBClusterIdentifier } : {}),
    status: instance.DBInstanceStatus ?? 'unknown',
    instanceClass: instance.DBInstanceClass ?? 'unknown',
    ...(instance.DBParameterGroups?.[0]?.DBParameterGroupName !== undefined ? { parameterGroup: instance.DBParameterGroups[0].DBParameterGroupName } : {}),
    ...(instance.PromotionTier !== undefined ? { promotionTier: instance.PromotionTier } : {}),
    ...(instance.PerformanceInsightsEnabled !== undefined
      ? {
          performanceInsights: {
            enabled: instance.PerformanceInsightsEnabled,
            ...(instance.PerformanceInsightsEnabled && instance.PerformanceInsightsKMSKeyId !== undefined ? { kmsKeyId: instance.PerformanceInsightsKMSKeyId } : {}),
            ...(instance.PerformanceInsightsEnabled && instance.PerformanceInsightsRetentionPeriod !== undefined ? { retentionDays: instance.PerformanceInsightsRetentionPeriod } : {}),
          },
        }
      : {}),
    ...(instance.CACertificateIdentifier !== undefined ? { caCertificate: instance.CACertificateIdentifier } : {}),
    ...((instance.DBParameterGroups ?? []).some((group) => group.ParameterApplyStatus === 'pending-reboot') ? { pendingReboot: true } : {}),
    tags: fromTagList(instance.TagList),
  };
}

/** The port's quotas from DescribeAccountAttributes: `DBClusters` and `DBInstances`, when RDS reports them. */
export function quotasOf(quotas: readonly AccountQuota[]): AccountQuotas {
  const use = (name: string): QuotaUse | undefined => {
    const quota = quotas.find((candidate) => candidate.AccountQuotaName === name);
    return quota?.Used !== undefined && quota.Max !== undefined ? { used: quota.Used, max: quota.Max } : undefined;
  };
  const clusters = use('DBClusters');
  const instances = use('DBInstances');
  return { ...(clusters !== undefined ? { clusters } : {}), ...(instances !== undefined ? { instances } : {}) };
}
