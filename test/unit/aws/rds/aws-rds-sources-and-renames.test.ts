import 'aws-sdk-client-mock-jest';
import {
  DBClusterAlreadyExistsFault,
  DescribeDBClustersCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RebootDBInstanceCommand,
  RestoreDBClusterToPointInTimeCommand,
  type DBCluster,
  type DBInstance,
} from '@aws-sdk/client-rds';
import { RdsError, type RestoreClusterToPointInTimeInput } from '../../../../src/ports/rds';
import { expectExactInput as expectExactInputOf, mockedAwsRds } from './support/mocked-aws-rds';

const { rds, rdsMock } = mockedAwsRds();
const expectExactInput = (command: Parameters<typeof expectExactInputOf>[1], input: object) => expectExactInputOf(rdsMock, command, input);

const CLUSTER: DBCluster = {
  DBClusterIdentifier: 'staging',
  DBClusterArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging',
  Status: 'creating',
  TagList: [],
};

const INSTANCE: DBInstance = {
  DBInstanceIdentifier: 'staging-1',
  DBInstanceArn: 'arn:aws:rds:eu-west-1:111111111111:db:staging-1',
  DBClusterIdentifier: 'staging',
  DBInstanceStatus: 'renaming',
  DBInstanceClass: 'db.r6g.large',
};

const BASE: Omit<RestoreClusterToPointInTimeInput, 'restoreType'> = {
  sourceClusterId: 'prod',
  targetId: 'staging',
  deletionProtection: false,
  copyTagsToSnapshot: true,
  tags: { 'aurora-restore:managed': 'true' },
};

describe('AwsRds: clones, point-in-time restores, renames and reboots', () => {
  beforeEach(() => {
    rdsMock.reset();
  });

  it.each<[string, RestoreClusterToPointInTimeInput, object]>([
    [
      'a clone: copy-on-write at the latest restorable time',
      { ...BASE, restoreType: 'copy-on-write', useLatestRestorableTime: true },
      {
        DBClusterIdentifier: 'staging',
        SourceDBClusterIdentifier: 'prod',
        RestoreType: 'copy-on-write',
        UseLatestRestorableTime: true,
        DeletionProtection: false,
        CopyTagsToSnapshot: true,
        Tags: [{ Key: 'aurora-restore:managed', Value: 'true' }],
      },
    ],
    [
      'a full copy at a given time, with every setting',
      {
        ...BASE,
        restoreType: 'full-copy',
        restoreTime: new Date('2026-11-24T22:30:00Z'),
        subnetGroup: 'staging-db',
        securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
        clusterParameterGroup: 'staging-pg16',
        port: 5433,
        kmsKeyId: 'alias/staging',
        iamDatabaseAuthentication: true,
        serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 8 },
        deletionProtection: true,
      },
      {
        DBClusterIdentifier: 'staging',
        SourceDBClusterIdentifier: 'prod',
        RestoreType: 'full-copy',
        RestoreToTime: new Date('2026-11-24T22:30:00Z'),
        DBSubnetGroupName: 'staging-db',
        VpcSecurityGroupIds: ['sg-0a1b2c3d4e5f60718'],
        DBClusterParameterGroupName: 'staging-pg16',
        Port: 5433,
        KmsKeyId: 'alias/staging',
        EnableIAMDatabaseAuthentication: true,
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 },
        DeletionProtection: true,
        CopyTagsToSnapshot: true,
        Tags: [{ Key: 'aurora-restore:managed', Value: 'true' }],
      },
    ],
  ])('restores %s with exactly the RestoreDBClusterToPointInTime input', async (_case, input, expected) => {
    // Prepare
    rdsMock.on(RestoreDBClusterToPointInTimeCommand).resolves({ DBCluster: CLUSTER });

    // Act
    const cluster = await rds.restoreClusterToPointInTime(input);

    // Assess
    expectExactInput(RestoreDBClusterToPointInTimeCommand, expected);
    expect(cluster).toMatchObject({ id: 'staging', status: 'creating' });
  });

  it('leaves a point-in-time restore\'s error as an RdsError naming AWS\'s error and the new cluster', async () => {
    // Prepare
    rdsMock.on(RestoreDBClusterToPointInTimeCommand).rejects(new DBClusterAlreadyExistsFault({ message: 'DB Cluster already exists', $metadata: { httpStatusCode: 400 } }));

    // Act
    const restoring = rds.restoreClusterToPointInTime({ ...BASE, restoreType: 'copy-on-write', useLatestRestorableTime: true });

    // Assess
    await expect(restoring).rejects.toBeInstanceOf(RdsError);
    await expect(restoring).rejects.toMatchObject({ code: 'DBClusterAlreadyExistsFault', resourceId: 'staging', retryable: false });
  });

  it('renames a cluster with NewDBClusterIdentifier, applied immediately, and nothing else', async () => {
    // Prepare
    rdsMock.on(ModifyDBClusterCommand).resolves({ DBCluster: { ...CLUSTER, Status: 'renaming' } });

    // Act
    const cluster = await rds.renameCluster('staging-next-ab12', 'staging');

    // Assess
    expectExactInput(ModifyDBClusterCommand, { DBClusterIdentifier: 'staging-next-ab12', NewDBClusterIdentifier: 'staging', ApplyImmediately: true });
    expect(cluster.status).toBe('renaming');
  });

  it('renames an instance with NewDBInstanceIdentifier, applied immediately, and nothing else', async () => {
    // Prepare
    rdsMock.on(ModifyDBInstanceCommand).resolves({ DBInstance: INSTANCE });

    // Act
    const instance = await rds.renameInstance('staging-next-ab12-1', 'staging-1');

    // Assess
    expectExactInput(ModifyDBInstanceCommand, { DBInstanceIdentifier: 'staging-next-ab12-1', NewDBInstanceIdentifier: 'staging-1', ApplyImmediately: true });
    expect(instance).toMatchObject({ id: 'staging-1', status: 'renaming', clusterId: 'staging' });
  });

  it('reboots an instance by identifier', async () => {
    // Prepare
    rdsMock.on(RebootDBInstanceCommand).resolves({ DBInstance: { ...INSTANCE, DBInstanceStatus: 'rebooting' } });

    // Act
    const instance = await rds.rebootInstance('staging-1');

    // Assess
    expectExactInput(RebootDBInstanceCommand, { DBInstanceIdentifier: 'staging-1' });
    expect(instance.status).toBe('rebooting');
  });

  it('describes a cluster\'s restorable window', async () => {
    // Prepare
    rdsMock.on(DescribeDBClustersCommand).resolves({
      DBClusters: [{ ...CLUSTER, Status: 'available', EarliestRestorableTime: new Date('2026-11-18T01:00:00Z'), LatestRestorableTime: new Date('2026-11-25T00:55:00Z') }],
    });

    // Act
    const cluster = await rds.describeCluster('prod');

    // Assess
    expect(cluster).toMatchObject({ earliestRestorableTime: new Date('2026-11-18T01:00:00Z'), latestRestorableTime: new Date('2026-11-25T00:55:00Z') });
  });
});
