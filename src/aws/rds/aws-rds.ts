import {
  AddTagsToResourceCommand,
  CopyDBClusterSnapshotCommand,
  CreateDBInstanceCommand,
  DeleteDBClusterCommand,
  DeleteDBClusterSnapshotCommand,
  DeleteDBInstanceCommand,
  DescribeAccountAttributesCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  paginateDescribeDBClusterSnapshots,
  RebootDBInstanceCommand,
  RestoreDBClusterFromSnapshotCommand,
  RestoreDBClusterToPointInTimeCommand,
  type DBCluster,
  type DescribeDBClusterSnapshotsCommandInput,
  type RDSClient,
} from '@aws-sdk/client-rds';
import {
  RdsError,
  type Cluster,
  type ClusterSnapshot,
  type CopySnapshotInput,
  type CreateInstanceInput,
  type DeleteClusterInput,
  type Instance,
  type ManagedMasterSecret,
  type AccountQuotas,
  type MissingResource,
  type RestoreResourceQuery,
  type ModifyClusterInput,
  type RdsHome,
  type RdsPort,
  type RestoreClusterInput,
  type RestoreClusterToPointInTimeInput,
  type SnapshotQuery,
} from '../../ports/rds';
import { parseRdsArn, partitionOf } from '../../rds/rds-arn';
import { quotasOf, toCluster, toInstance, toSnapshot, toTagList } from './rds-shapes';
import { findMissingRestoreResources, type SecurityGroupLookup } from './restore-resources';
import { toRdsError } from './to-rds-error';

/** The settings of a restored cluster, the same whether it comes from a snapshot or a point in time. */
function restoredClusterSettings(input: Omit<RestoreClusterInput, 'clusterId' | 'snapshot' | 'engine' | 'engineVersion'>) {
  return {
    ...(input.subnetGroup !== undefined ? { DBSubnetGroupName: input.subnetGroup } : {}),
    ...(input.securityGroupIds !== undefined ? { VpcSecurityGroupIds: input.securityGroupIds } : {}),
    ...(input.clusterParameterGroup !== undefined ? { DBClusterParameterGroupName: input.clusterParameterGroup } : {}),
    ...(input.port !== undefined ? { Port: input.port } : {}),
    ...(input.kmsKeyId !== undefined ? { KmsKeyId: input.kmsKeyId } : {}),
    DeletionProtection: input.deletionProtection,
    ...(input.iamDatabaseAuthentication !== undefined ? { EnableIAMDatabaseAuthentication: input.iamDatabaseAuthentication } : {}),
    ...(input.serverlessV2Scaling !== undefined
      ? { ServerlessV2ScalingConfiguration: { MinCapacity: input.serverlessV2Scaling.minCapacity, MaxCapacity: input.serverlessV2Scaling.maxCapacity } }
      : {}),
    ...(input.storageType !== undefined ? { StorageType: input.storageType } : {}),
    ...(input.cloudwatchLogsExports !== undefined ? { EnableCloudwatchLogsExports: input.cloudwatchLogsExports } : {}),
    ...(input.backupRetentionDays !== undefined ? { BackupRetentionPeriod: input.backupRetentionDays } : {}),
    ...(input.preferredBackupWindow !== undefined ? { PreferredBackupWindow: input.preferredBackupWindow } : {}),
    CopyTagsToSnapshot: input.copyTagsToSnapshot,
    Tags: toTagList(input.tags),
  };
}

/** How the adapter reaches RDS: its home region and account, and how to build a region's client. */
export interface AwsRdsOptions {
  /** The function's region: every write happens here. */
  region: string;
  /** The account the function runs in, when the deployment says; steps fall back to RDS's snapshot types otherwise. */
  accountId?: string;
  /** Builds the client of a region (reads of a cross-region source go to that region). */
  clientFor: (region: string) => RDSClient;
  /** Which of the given security groups exist (EC2), for the checks before a refresh. */
  securityGroups: SecurityGroupLookup;
}

const PAGE_SIZE = 100;

function isCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof RdsError && codes.includes(error.code);
}

/**
 * The RDS port on `@aws-sdk/client-rds`. Every error leaves as an RdsError naming AWS's error and
 * the resource; "not found" on a describe is an answer (undefined), not an error.
 */
export class AwsRds implements RdsPort {
  private readonly clients = new Map<string, RDSClient>();

  public constructor(private readonly options: AwsRdsOptions) {}

  public async home(): Promise<RdsHome> {
    const { region, accountId } = this.options;
    return { partition: partitionOf(region), region, ...(accountId !== undefined ? { accountId } : {}) };
  }

  public async describeClusterSnapshots(query: SnapshotQuery): Promise<ClusterSnapshot[]> {
    const client = this.client(query.region);
    const found = new Map<string, ClusterSnapshot>();
    for (const type of new Set(query.types)) {
      // Shared snapshots carry the other account's cluster id, which DBClusterIdentifier cannot name.
      const input: DescribeDBClusterSnapshotsCommandInput =
        type === 'shared'
          ? { SnapshotType: 'shared', IncludeShared: true }
          : { ...(query.clusterId !== undefined ? { DBClusterIdentifier: query.clusterId } : {}), SnapshotType: type };
      try {
        for await (const page of paginateDescribeDBClusterSnapshots({ client, pageSize: PAGE_SIZE }, input)) {
          for (const raw of page.DBClusterSnapshots ?? []) {
            const snapshot = toSnapshot(raw);
            if (query.clusterId === undefined || snapshot.clusterId.toLowerCase() === query.clusterId.toLowerCase()) found.set(snapshot.arn, snapshot);
          }
        }
      } catch (error) {
        const rdsError = toRdsError(error, query.clusterId);
        // The source cluster may be gone while its manual snapshots remain; no cluster, no snapshots of this type.
        if (isCode(rdsError, 'DBClusterNotFoundFault')) continue;
        throw rdsError;
      }
    }
    return [...found.values()];
  }

  public async describeClusterSnapshot(idOrArn: string, region?: string): Promise<ClusterSnapshot | undefined> {
    const arn = parseRdsArn(idOrArn);
    const id = arn?.resourceId ?? idOrArn;
    const input: DescribeDBClusterSnapshotsCommandInput = {
      DBClusterSnapshotIdentifier: idOrArn,
      // RDS finds an automated snapshot by id only when told its type, and a shared one only when asked to include them.
      ...(id.startsWith('rds:') ? { SnapshotType: 'automated' } : arn !== undefined ? { IncludeShared: true } : {}),
    };
    try {
      const output = await this.client(arn?.region ?? region).send(new DescribeDBClusterSnapshotsCommand(input));
      const snapshot = output.DBClusterSnapshots?.[0];
      return snapshot === undefined ? undefined : toSnapshot(snapshot);
    } catch (error) {
      const rdsError = toRdsError(error, idOrArn);
      if (isCode(rdsError, 'DBClusterSnapshotNotFoundFault')) return undefined;
      throw rdsError;
    }
  }

  public async copyClusterSnapshot(input: CopySnapshotInput): Promise<ClusterSnapshot> {
    // SDK v3 presigns a cross-region copy itself when the source is an ARN of another region; an id cannot be presigned.
    if (input.sourceRegion !== undefined && input.sourceRegion !== this.options.region && parseRdsArn(input.source)?.region !== input.sourceRegion) {
      throw new RdsError('InvalidParameterValue', `A copy from region ${input.sourceRegion} needs the source snapshot's ARN in that region, not ${input.source}.`, input.source);
    }
    const command = new CopyDBClusterSnapshotCommand({
      SourceDBClusterSnapshotIdentifier: input.source,
      TargetDBClusterSnapshotIdentifier: input.targetId,
      ...(input.kmsKeyId !== undefined ? { KmsKeyId: input.kmsKeyId } : {}),
      CopyTags: input.copyTags,
      Tags: toTagList(input.tags),
    });
    const output = await this.call(input.targetId, (client) => client.send(command));
    if (output.DBClusterSnapshot === undefined) throw new RdsError('InvalidResponse', 'CopyDBClusterSnapshot returned no snapshot', input.targetId);
    return toSnapshot(output.DBClusterSnapshot);
  }

  public async deleteClusterSnapshot(id: string): Promise<void> {
    await this.call(id, (client) => client.send(new DeleteDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: id })));
  }

  public async addTags(arn: string, tags: Record<string, string>): Promise<void> {
    await this.call(arn, (client) => client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: toTagList(tags) })), parseRdsArn(arn)?.region);
  }

  public async describeCluster(clusterId: string): Promise<Cluster | undefined> {
    const raw = await this.rawCluster(clusterId);
    return raw === undefined ? undefined : toCluster(raw);
  }

  public async modifyCluster(input: ModifyClusterInput): Promise<void> {
    const command = new ModifyDBClusterCommand({
      DBClusterIdentifier: input.clusterId,
      ApplyImmediately: input.applyImmediately,
      ...(input.deletionProtection !== undefined ? { DeletionProtection: input.deletionProtection } : {}),
      ...(input.masterUserPassword !== undefined ? { MasterUserPassword: input.masterUserPassword } : {}),
      ...(input.manageMasterUserPassword !== undefined ? { ManageMasterUserPassword: input.manageMasterUserPassword } : {}),
      ...(input.masterUserSecretKmsKeyId !== undefined ? { MasterUserSecretKmsKeyId: input.masterUserSecretKmsKeyId } : {}),
      ...(input.preferredMaintenanceWindow !== undefined ? { PreferredMaintenanceWindow: input.preferredMaintenanceWindow } : {}),
    });
    await this.call(input.clusterId, (client) => client.send(command));
  }

  public async deleteCluster(input: DeleteClusterInput): Promise<void> {
    const finalSnapshot = input.finalSnapshot.skip
      ? { SkipFinalSnapshot: true }
      : { SkipFinalSnapshot: false, FinalDBSnapshotIdentifier: input.finalSnapshot.snapshotId };
    await this.call(input.clusterId, (client) => client.send(new DeleteDBClusterCommand({ DBClusterIdentifier: input.clusterId, ...finalSnapshot })));
  }

  public async restoreClusterFromSnapshot(input: RestoreClusterInput): Promise<Cluster> {
    const command = new RestoreDBClusterFromSnapshotCommand({
      DBClusterIdentifier: input.clusterId,
      SnapshotIdentifier: input.snapshot,
      Engine: input.engine,
      ...(input.engineVersion !== undefined ? { EngineVersion: input.engineVersion } : {}),
      ...restoredClusterSettings(input),
    });
    const output = await this.call(input.clusterId, (client) => client.send(command));
    if (output.DBCluster === undefined) throw new RdsError('InvalidResponse', 'RestoreDBClusterFromSnapshot returned no cluster', input.clusterId);
    return toCluster(output.DBCluster);
  }

  public async restoreClusterToPointInTime(input: RestoreClusterToPointInTimeInput): Promise<Cluster> {
    const command = new RestoreDBClusterToPointInTimeCommand({
      DBClusterIdentifier: input.targetId,
      SourceDBClusterIdentifier: input.sourceClusterId,
      RestoreType: input.restoreType,
      ...(input.restoreTime !== undefined ? { RestoreToTime: input.restoreTime } : {}),
      ...(input.useLatestRestorableTime !== undefined ? { UseLatestRestorableTime: input.useLatestRestorableTime } : {}),
      ...restoredClusterSettings(input),
    });
    const output = await this.call(input.targetId, (client) => client.send(command));
    if (output.DBCluster === undefined) throw new RdsError('InvalidResponse', 'RestoreDBClusterToPointInTime returned no cluster', input.targetId);
    return toCluster(output.DBCluster);
  }

  public async renameCluster(clusterId: string, newClusterId: string): Promise<Cluster> {
    const command = new ModifyDBClusterCommand({ DBClusterIdentifier: clusterId, NewDBClusterIdentifier: newClusterId, ApplyImmediately: true });
    const output = await this.call(clusterId, (client) => client.send(command));
    if (output.DBCluster === undefined) throw new RdsError('InvalidResponse', 'ModifyDBCluster returned no cluster', clusterId);
    return toCluster(output.DBCluster);
  }

  public async describeManagedMasterSecret(clusterId: string): Promise<ManagedMasterSecret | undefined> {
    const raw = await this.rawCluster(clusterId);
    if (raw === undefined) throw new RdsError('DBClusterNotFoundFault', `DBCluster ${clusterId} not found.`, clusterId);
    const secret = raw.MasterUserSecret;
    if (secret?.SecretArn === undefined) return undefined;
    return { secretArn: secret.SecretArn, status: secret.SecretStatus ?? 'unknown' };
  }

  public async findMissingResources(query: RestoreResourceQuery): Promise<MissingResource[]> {
    return findMissingRestoreResources(this.client(), this.options.securityGroups, query);
  }

  public async accountQuotas(): Promise<AccountQuotas> {
    const output = await this.call('account', (client) => client.send(new DescribeAccountAttributesCommand({})));
    return quotasOf(output.AccountQuotas ?? []);
  }

  public async describeInstance(instanceId: string): Promise<Instance | undefined> {
    try {
      const output = await this.client().send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instanceId }));
      const instance = output.DBInstances?.[0];
      return instance === undefined ? undefined : toInstance(instance);
    } catch (error) {
      const rdsError = toRdsError(error, instanceId);
      if (isCode(rdsError, 'DBInstanceNotFoundFault', 'DBInstanceNotFound')) return undefined;
      throw rdsError;
    }
  }

  public async createInstance(input: CreateInstanceInput): Promise<Instance> {
    const insights = input.performanceInsights;
    const command = new CreateDBInstanceCommand({
      DBInstanceIdentifier: input.instanceId,
      DBClusterIdentifier: input.clusterId,
      DBInstanceClass: input.instanceClass,
      Engine: input.engine,
      ...(input.parameterGroup !== undefined ? { DBParameterGroupName: input.parameterGroup } : {}),
      ...(input.promotionTier !== undefined ? { PromotionTier: input.promotionTier } : {}),
      ...(input.availabilityZone !== undefined ? { AvailabilityZone: input.availabilityZone } : {}),
      ...(insights !== undefined ? { EnablePerformanceInsights: insights.enabled } : {}),
      ...(insights?.kmsKeyId !== undefined ? { PerformanceInsightsKMSKeyId: insights.kmsKeyId } : {}),
      ...(insights?.retentionDays !== undefined ? { PerformanceInsightsRetentionPeriod: insights.retentionDays } : {}),
      ...(input.caCertificate !== undefined ? { CACertificateIdentifier: input.caCertificate } : {}),
      Tags: toTagList(input.tags),
    });
    const output = await this.call(input.instanceId, (client) => client.send(command));
    if (output.DBInstance === undefined) throw new RdsError('InvalidResponse', 'CreateDBInstance returned no instance', input.instanceId);
    return toInstance(output.DBInstance);
  }

  public async deleteInstance(instanceId: string): Promise<void> {
    // Aurora instances have no final snapshot of their own: the cluster's storage outlives them.
    await this.call(instanceId, (client) => client.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: instanceId })));
  }

  public async renameInstance(instanceId: string, newInstanceId: string): Promise<Instance> {
    const command = new ModifyDBInstanceCommand({ DBInstanceIdentifier: instanceId, NewDBInstanceIdentifier: newInstanceId, ApplyImmediately: true });
    const output = await this.call(instanceId, (client) => client.send(command));
    if (output.DBInstance === undefined) throw new RdsError('InvalidResponse', 'ModifyDBInstance returned no instance', instanceId);
    return toInstance(output.DBInstance);
  }

  public async rebootInstance(instanceId: string): Promise<Instance> {
    const output = await this.call(instanceId, (client) => client.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: instanceId })));
    if (output.DBInstance === undefined) throw new RdsError('InvalidResponse', 'RebootDBInstance returned no instance', instanceId);
    return toInstance(output.DBInstance);
  }

  private async rawCluster(clusterId: string): Promise<DBCluster | undefined> {
    try {
      const output = await this.client().send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }));
      return output.DBClusters?.[0];
    } catch (error) {
      const rdsError = toRdsError(error, clusterId);
      if (isCode(rdsError, 'DBClusterNotFoundFault')) return undefined;
      throw rdsError;
    }
  }

  private client(region: string = this.options.region): RDSClient {
    let client = this.clients.get(region);
    if (client === undefined) {
      client = this.options.clientFor(region);
      this.clients.set(region, client);
    }
    return client;
  }

  /** Runs one call on the region's client; any error leaves as an RdsError about `resourceId`. */
  private async call<T>(resourceId: string, action: (client: RDSClient) => Promise<T>, region?: string): Promise<T> {
    try {
      return await action(this.client(region));
    } catch (error) {
      throw toRdsError(error, resourceId);
    }
  }
}

