import 'aws-sdk-client-mock-jest';
import {
  CreateDBInstanceCommand,
  DescribeAccountAttributesCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterCommand,
  RestoreDBClusterFromSnapshotCommand,
  RestoreDBClusterToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { expectExactInput as expectExactInputOf, mockedAwsRds } from './support/mocked-aws-rds';

const { rds, rdsMock } = mockedAwsRds();
const expectExactInput = (command: Parameters<typeof expectExactInputOf>[1], input: object) => expectExactInputOf(rdsMock, command, input);
const ARN = 'arn:aws:rds:eu-west-1:111111111111:cluster:staging';

const CARRIED = {
  deletionProtection: true,
  storageType: 'aurora-iopt1',
  cloudwatchLogsExports: ['postgresql', 'instance'],
  backupRetentionDays: 14,
  preferredBackupWindow: '02:00-02:30',
  copyTagsToSnapshot: false,
  tags: { team: 'orders' },
};

/** The same settings as RDS's parameters, in both restore calls. */
const CARRIED_PARAMETERS = {
  DeletionProtection: true,
  StorageType: 'aurora-iopt1',
  EnableCloudwatchLogsExports: ['postgresql', 'instance'],
  BackupRetentionPeriod: 14,
  PreferredBackupWindow: '02:00-02:30',
  CopyTagsToSnapshot: false,
  Tags: [{ Key: 'team', Value: 'orders' }],
};

describe("AwsRds: the target's configuration", () => {
  beforeEach(() => {
    rdsMock.reset();
  });

  it('restores from a snapshot with storage type, log exports, backup retention and window', async () => {
    rdsMock.on(RestoreDBClusterFromSnapshotCommand).resolves({ DBCluster: { DBClusterIdentifier: 'staging', DBClusterArn: ARN } });
    await rds.restoreClusterFromSnapshot({ clusterId: 'staging', snapshot: 'copy-1', engine: 'aurora-postgresql', engineVersion: '16.6', ...CARRIED });
    expectExactInput(RestoreDBClusterFromSnapshotCommand, { DBClusterIdentifier: 'staging', SnapshotIdentifier: 'copy-1', Engine: 'aurora-postgresql', EngineVersion: '16.6', ...CARRIED_PARAMETERS });
  });

  it('restores to a point in time with the same settings', async () => {
    rdsMock.on(RestoreDBClusterToPointInTimeCommand).resolves({ DBCluster: { DBClusterIdentifier: 'staging', DBClusterArn: ARN } });
    await rds.restoreClusterToPointInTime({ sourceClusterId: 'prod', targetId: 'staging', restoreType: 'copy-on-write', useLatestRestorableTime: true, ...CARRIED });
    expectExactInput(RestoreDBClusterToPointInTimeCommand, {
      DBClusterIdentifier: 'staging',
      SourceDBClusterIdentifier: 'prod',
      RestoreType: 'copy-on-write',
      UseLatestRestorableTime: true,
      ...CARRIED_PARAMETERS,
    });
  });

  it('sets the maintenance window with ModifyDBCluster, applied immediately', async () => {
    rdsMock.on(ModifyDBClusterCommand).resolves({});
    await rds.modifyCluster({ clusterId: 'staging', preferredMaintenanceWindow: 'sun:05:00-sun:05:30', applyImmediately: true });
    expectExactInput(ModifyDBClusterCommand, { DBClusterIdentifier: 'staging', ApplyImmediately: true, PreferredMaintenanceWindow: 'sun:05:00-sun:05:30' });
  });

  it('creates an instance with its CA certificate and Performance Insights', async () => {
    rdsMock.on(CreateDBInstanceCommand).resolves({ DBInstance: { DBInstanceIdentifier: 'staging-1', DBInstanceArn: 'arn:aws:rds:eu-west-1:111111111111:db:staging-1' } });
    await rds.createInstance({
      instanceId: 'staging-1',
      clusterId: 'staging',
      instanceClass: 'db.r6g.large',
      engine: 'aurora-postgresql',
      performanceInsights: { enabled: true, retentionDays: 7 },
      caCertificate: 'rds-ca-rsa4096-g1',
      tags: {},
    });
    expectExactInput(CreateDBInstanceCommand, {
      DBInstanceIdentifier: 'staging-1',
      DBClusterIdentifier: 'staging',
      DBInstanceClass: 'db.r6g.large',
      Engine: 'aurora-postgresql',
      EnablePerformanceInsights: true,
      PerformanceInsightsRetentionPeriod: 7,
      CACertificateIdentifier: 'rds-ca-rsa4096-g1',
      Tags: [],
    });
  });

  it('reads every carried setting of a cluster, and which members wait for a reboot', async () => {
    rdsMock.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: 'staging',
          DBClusterArn: ARN,
          Status: 'available',
          EngineVersion: '16.6',
          StorageType: 'aurora-iopt1',
          EnabledCloudwatchLogsExports: ['postgresql'],
          BackupRetentionPeriod: 14,
          PreferredBackupWindow: '02:00-02:30',
          PreferredMaintenanceWindow: 'sun:05:00-sun:05:30',
          CopyTagsToSnapshot: false,
          DBClusterMembers: [
            { DBInstanceIdentifier: 'staging-1', IsClusterWriter: true, DBClusterParameterGroupStatus: 'pending-reboot' },
            { DBInstanceIdentifier: 'staging-2', IsClusterWriter: false, DBClusterParameterGroupStatus: 'in-sync' },
          ],
        },
      ],
    });
    expect(await rds.describeCluster('staging')).toMatchObject({
      engineVersion: '16.6',
      storageType: 'aurora-iopt1',
      cloudwatchLogsExports: ['postgresql'],
      backupRetentionDays: 14,
      preferredBackupWindow: '02:00-02:30',
      preferredMaintenanceWindow: 'sun:05:00-sun:05:30',
      copyTagsToSnapshot: false,
      membersPendingReboot: ['staging-1'],
    });
  });

  it.each([
    ['pending-reboot', true],
    ['in-sync', undefined],
  ])("reads an instance's Performance Insights, CA certificate and parameter apply status (%s)", async (status, pendingReboot) => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [
        {
          DBInstanceIdentifier: 'staging-1',
          DBInstanceArn: 'arn:aws:rds:eu-west-1:111111111111:db:staging-1',
          DBInstanceStatus: 'available',
          DBInstanceClass: 'db.r6g.large',
          PerformanceInsightsEnabled: true,
          PerformanceInsightsKMSKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/pi',
          PerformanceInsightsRetentionPeriod: 31,
          CACertificateIdentifier: 'rds-ca-rsa2048-g1',
          DBParameterGroups: [{ DBParameterGroupName: 'staging-pg', ParameterApplyStatus: status }],
        },
      ],
    });
    const instance = await rds.describeInstance('staging-1');
    expect(instance).toMatchObject({ performanceInsights: { enabled: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/pi', retentionDays: 31 }, caCertificate: 'rds-ca-rsa2048-g1' });
    expect(instance?.pendingReboot).toBe(pendingReboot);
  });

  it('reads the cluster and instance quotas from DescribeAccountAttributes', async () => {
    rdsMock.on(DescribeAccountAttributesCommand).resolves({
      AccountQuotas: [
        { AccountQuotaName: 'DBClusters', Used: 39, Max: 40 },
        { AccountQuotaName: 'DBInstances', Used: 12, Max: 40 },
        { AccountQuotaName: 'ManualClusterSnapshots', Used: 3, Max: 100 },
      ],
    });
    expect(await rds.accountQuotas()).toEqual({ clusters: { used: 39, max: 40 }, instances: { used: 12, max: 40 } });
    expectExactInput(DescribeAccountAttributesCommand, {});
  });
});
