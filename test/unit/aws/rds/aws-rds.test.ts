import 'aws-sdk-client-mock-jest';
import {
  AddTagsToResourceCommand,
  CopyDBClusterSnapshotCommand,
  CreateDBInstanceCommand,
  DBClusterNotFoundFault,
  DBClusterSnapshotNotFoundFault,
  DBInstanceNotFoundFault,
  DeleteDBClusterCommand,
  DeleteDBClusterSnapshotCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  InvalidDBClusterStateFault,
  ModifyDBClusterCommand,
  RDSClient,
  RestoreDBClusterFromSnapshotCommand,
  type DBClusterSnapshot,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeDBClusterParameterGroupsCommand, DescribeDBParameterGroupsCommand, DescribeDBSubnetGroupsCommand, DescribeOrderableDBInstanceOptionsCommand } from '@aws-sdk/client-rds';
import { AwsRds } from '../../../../src/aws/rds/aws-rds';
import { createAwsRds } from '../../../../src/aws/rds/create-aws-rds';
import { isTransientError } from '../../../../src/errors';
import { RdsError } from '../../../../src/ports/rds';

const rdsMock = mockClient(RDSClient);

/** Asserts the command was sent with exactly this input (toReceiveCommandWith alone matches a subset). */
function expectExactInput(command: Parameters<typeof rdsMock.commandCalls>[0], input: object, call = 0): void {
  expect(rdsMock).toReceiveCommandWith(command, input as never);
  expect(rdsMock.commandCalls(command)[call]?.args[0].input).toEqual(input);
}

/** The region of the client that sent call number `call`. */
async function regionOfCall(call = 0): Promise<string> {
  return (rdsMock.send.getCall(call).thisValue as RDSClient).config.region();
}

function rawSnapshot(id: string, overrides: Partial<DBClusterSnapshot> = {}): DBClusterSnapshot {
  return {
    DBClusterSnapshotIdentifier: id,
    DBClusterSnapshotArn: `arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:${id}`,
    DBClusterIdentifier: 'prod',
    Status: 'available',
    SnapshotType: 'automated',
    SnapshotCreateTime: new Date('2026-11-25T01:00:00Z'),
    AllocatedStorage: 9216,
    StorageEncrypted: true,
    KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1234',
    EngineVersion: '16.4',
    PercentProgress: 100,
    TagList: [{ Key: 'env', Value: 'prod' }],
    ...overrides,
  };
}

function awsError<T extends Error>(ErrorClass: new (options: { message: string; $metadata: object }) => T, message: string): T {
  return new ErrorClass({ message, $metadata: { httpStatusCode: 404 } });
}

describe('AwsRds', () => {
  const rds = new AwsRds({
    region: 'eu-west-1',
    accountId: '111111111111',
    clientFor: (region) => new RDSClient({ region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
    securityGroups: async (ids) => ids.filter((id) => id !== 'sg-00000000000000dead'),
  });

  beforeEach(() => {
    rdsMock.reset();
  });

  describe('snapshot discovery', () => {
    it('pages through every result of every requested type, asking for shared ones without a cluster filter', async () => {
      // Prepare
      const sent: object[] = [];
      const pages: Record<string, { DBClusterSnapshots: DBClusterSnapshot[]; Marker?: string }> = {
        'automated:': { DBClusterSnapshots: [rawSnapshot('rds:prod-1')], Marker: 'page-2' },
        'automated:page-2': { DBClusterSnapshots: [rawSnapshot('rds:prod-2')] },
        'shared:': {
          DBClusterSnapshots: [
            rawSnapshot('prod-shared', { SnapshotType: 'shared', DBClusterSnapshotArn: 'arn:aws:rds:eu-west-1:222222222222:cluster-snapshot:prod-shared' }),
            rawSnapshot('other-shared', { SnapshotType: 'shared', DBClusterIdentifier: 'other' }),
          ],
        },
      };
      // The paginator reuses its input object, so each input is copied when it is sent.
      rdsMock.on(DescribeDBClusterSnapshotsCommand).callsFake((input: { SnapshotType?: string; Marker?: string }) => {
        sent.push({ ...input });
        return pages[`${input.SnapshotType}:${input.Marker ?? ''}`];
      });

      // Act
      const snapshots = await rds.describeClusterSnapshots({ clusterId: 'prod', types: ['automated', 'shared'] });

      // Assess
      expect(snapshots.map((s) => s.id)).toEqual(['rds:prod-1', 'rds:prod-2', 'prod-shared']);
      expect(sent).toEqual([
        { DBClusterIdentifier: 'prod', SnapshotType: 'automated', MaxRecords: 100 },
        { DBClusterIdentifier: 'prod', SnapshotType: 'automated', MaxRecords: 100, Marker: 'page-2' },
        { SnapshotType: 'shared', IncludeShared: true, MaxRecords: 100 },
      ]);
    });

    it('maps every field the steps read, tags from TagList included', async () => {
      // Prepare
      rdsMock.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [rawSnapshot('rds:prod-1', { PercentProgress: 42, Status: 'copying' })] });

      // Act
      const [snapshot] = await rds.describeClusterSnapshots({ clusterId: 'prod', types: ['automated'] });

      // Assess
      expect(snapshot).toEqual({
        id: 'rds:prod-1',
        arn: 'arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:rds:prod-1',
        clusterId: 'prod',
        status: 'copying',
        type: 'automated',
        createdAt: new Date('2026-11-25T01:00:00Z'),
        sizeGb: 9216,
        percentProgress: 42,
        encrypted: true,
        kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1234',
        engineVersion: '16.4',
        tags: { env: 'prod' },
      });
    });

    it('asks the source region when the query names one', async () => {
      // Prepare
      rdsMock.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [] });

      // Act
      await rds.describeClusterSnapshots({ clusterId: 'prod', types: ['manual'], region: 'us-east-1' });

      // Assess
      await expect(regionOfCall()).resolves.toBe('us-east-1');
    });

    it('finds no snapshot of a cluster that no longer exists instead of failing', async () => {
      // Prepare
      rdsMock.on(DescribeDBClusterSnapshotsCommand).rejects(awsError(DBClusterNotFoundFault, 'DBCluster prod not found.'));

      // Act
      const snapshots = await rds.describeClusterSnapshots({ clusterId: 'prod', types: ['automated', 'manual'] });

      // Assess
      expect(snapshots).toEqual([]);
    });

    it.each([
      ['an automated snapshot id', 'rds:prod-2026-11-25-01-00', undefined, { DBClusterSnapshotIdentifier: 'rds:prod-2026-11-25-01-00', SnapshotType: 'automated' }, 'eu-west-1'],
      ['a manual snapshot id', 'prod-nightly', undefined, { DBClusterSnapshotIdentifier: 'prod-nightly' }, 'eu-west-1'],
      ['a manual snapshot id in another region', 'prod-nightly', 'us-east-1', { DBClusterSnapshotIdentifier: 'prod-nightly' }, 'us-east-1'],
      [
        'a shared snapshot ARN of another region',
        'arn:aws:rds:eu-central-1:222222222222:cluster-snapshot:prod-nightly',
        undefined,
        { DBClusterSnapshotIdentifier: 'arn:aws:rds:eu-central-1:222222222222:cluster-snapshot:prod-nightly', IncludeShared: true },
        'eu-central-1',
      ],
    ])('describes %s with the input RDS needs, in the right region', async (_case, reference, region, input, expectedRegion) => {
      // Prepare
      rdsMock.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [rawSnapshot('x')] });

      // Act
      await rds.describeClusterSnapshot(reference, region);

      // Assess
      expectExactInput(DescribeDBClusterSnapshotsCommand, input);
      await expect(regionOfCall()).resolves.toBe(expectedRegion);
    });

    it('answers undefined for a snapshot that does not exist', async () => {
      // Prepare
      rdsMock.on(DescribeDBClusterSnapshotsCommand).rejects(awsError(DBClusterSnapshotNotFoundFault, 'DBClusterSnapshot x not found.'));

      // Act
      const snapshot = await rds.describeClusterSnapshot('x');

      // Assess
      expect(snapshot).toBeUndefined();
    });
  });

  describe('copy', () => {
    it('copies a snapshot shared from another account by its ARN, with KmsKeyId and tags', async () => {
      // Prepare
      rdsMock.on(CopyDBClusterSnapshotCommand).resolves({ DBClusterSnapshot: rawSnapshot('copy-1', { Status: 'copying', PercentProgress: 0 }) });
      const source = 'arn:aws:rds:eu-west-1:222222222222:cluster-snapshot:prod-nightly';

      // Act
      const copy = await rds.copyClusterSnapshot({ source, targetId: 'copy-1', kmsKeyId: 'alias/staging', copyTags: false, tags: { 'aurora-restore:operation-id': 'op-1' } });

      // Assess
      expectExactInput(CopyDBClusterSnapshotCommand, {
        SourceDBClusterSnapshotIdentifier: source,
        TargetDBClusterSnapshotIdentifier: 'copy-1',
        KmsKeyId: 'alias/staging',
        CopyTags: false,
        Tags: [{ Key: 'aurora-restore:operation-id', Value: 'op-1' }],
      });
      expect(copy).toMatchObject({ id: 'copy-1', status: 'copying', percentProgress: 0 });
      await expect(regionOfCall()).resolves.toBe('eu-west-1');
    });

    it('sends a cross-region copy from the destination region with the source ARN, which the SDK presigns', async () => {
      // Prepare
      rdsMock.on(CopyDBClusterSnapshotCommand).resolves({ DBClusterSnapshot: rawSnapshot('copy-1') });
      const source = 'arn:aws:rds:us-east-1:111111111111:cluster-snapshot:prod-nightly';

      // Act
      await rds.copyClusterSnapshot({ source, targetId: 'copy-1', kmsKeyId: 'alias/staging', sourceRegion: 'us-east-1', copyTags: true, tags: {} });

      // Assess
      expectExactInput(CopyDBClusterSnapshotCommand, {
        SourceDBClusterSnapshotIdentifier: source,
        TargetDBClusterSnapshotIdentifier: 'copy-1',
        KmsKeyId: 'alias/staging',
        CopyTags: true,
        Tags: [],
      });
      await expect(regionOfCall()).resolves.toBe('eu-west-1');
    });

    it('refuses a cross-region copy named by identifier, which cannot be presigned', async () => {
      // Act
      const copy = rds.copyClusterSnapshot({ source: 'prod-nightly', targetId: 'copy-1', sourceRegion: 'us-east-1', copyTags: false, tags: {} });

      // Assess
      await expect(copy).rejects.toMatchObject({ code: 'InvalidParameterValue' });
      expect(rdsMock).not.toReceiveCommand(CopyDBClusterSnapshotCommand);
    });
  });

  describe('clusters', () => {
    it.each([
      ['skipping the final snapshot', { skip: true } as const, { DBClusterIdentifier: 'staging', SkipFinalSnapshot: true }],
      [
        'taking a named final snapshot',
        { skip: false, snapshotId: 'aurora-restore-final-staging-op-1' } as const,
        { DBClusterIdentifier: 'staging', SkipFinalSnapshot: false, FinalDBSnapshotIdentifier: 'aurora-restore-final-staging-op-1' },
      ],
    ])('deletes a cluster %s, never with both options', async (_case, finalSnapshot, input) => {
      // Prepare
      rdsMock.on(DeleteDBClusterCommand).resolves({});

      // Act
      await rds.deleteCluster({ clusterId: 'staging', finalSnapshot });

      // Assess
      expectExactInput(DeleteDBClusterCommand, input);
    });

    it('restores a Serverless v2 cluster with every setting', async () => {
      // Prepare
      rdsMock.on(RestoreDBClusterFromSnapshotCommand).resolves({
        DBCluster: { DBClusterIdentifier: 'staging', DBClusterArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging', Status: 'creating', DeletionProtection: true, TagList: [{ Key: 'k', Value: 'v' }] },
      });

      // Act
      const cluster = await rds.restoreClusterFromSnapshot({
        clusterId: 'staging',
        snapshot: 'copy-1',
        engine: 'aurora-postgresql',
        engineVersion: '16.4',
        subnetGroup: 'staging-subnets',
        securityGroupIds: ['sg-0123abcd'],
        clusterParameterGroup: 'staging-cluster-params',
        port: 5433,
        kmsKeyId: 'alias/staging',
        deletionProtection: true,
        iamDatabaseAuthentication: true,
        serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 16 },
        copyTagsToSnapshot: true,
        tags: { k: 'v' },
      });

      // Assess
      expectExactInput(RestoreDBClusterFromSnapshotCommand, {
        DBClusterIdentifier: 'staging',
        SnapshotIdentifier: 'copy-1',
        Engine: 'aurora-postgresql',
        EngineVersion: '16.4',
        DBSubnetGroupName: 'staging-subnets',
        VpcSecurityGroupIds: ['sg-0123abcd'],
        DBClusterParameterGroupName: 'staging-cluster-params',
        Port: 5433,
        KmsKeyId: 'alias/staging',
        DeletionProtection: true,
        EnableIAMDatabaseAuthentication: true,
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
        CopyTagsToSnapshot: true,
        Tags: [{ Key: 'k', Value: 'v' }],
      });
      expect(cluster).toEqual({ id: 'staging', arn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging', status: 'creating', deletionProtection: true, members: [], tags: { k: 'v' } });
    });

    it('restores with only what the request sets', async () => {
      // Prepare
      rdsMock.on(RestoreDBClusterFromSnapshotCommand).resolves({ DBCluster: { DBClusterIdentifier: 'staging', DBClusterArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging' } });

      // Act
      await rds.restoreClusterFromSnapshot({ clusterId: 'staging', snapshot: 'rds:prod-1', engine: 'aurora-postgresql', deletionProtection: false, copyTagsToSnapshot: true, tags: {} });

      // Assess
      expectExactInput(RestoreDBClusterFromSnapshotCommand, {
        DBClusterIdentifier: 'staging',
        SnapshotIdentifier: 'rds:prod-1',
        Engine: 'aurora-postgresql',
        DeletionProtection: false,
        CopyTagsToSnapshot: true,
        Tags: [],
      });
    });

    it('describes a cluster with members, endpoints and tags', async () => {
      // Prepare
      rdsMock.on(DescribeDBClustersCommand).resolves({
        DBClusters: [
          {
            DBClusterIdentifier: 'staging',
            DBClusterArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging',
            Status: 'available',
            DeletionProtection: false,
            DBClusterMembers: [{ DBInstanceIdentifier: 'staging-1', IsClusterWriter: true }, { DBInstanceIdentifier: 'staging-2', IsClusterWriter: false }],
            Endpoint: 'staging.cluster-abc.eu-west-1.rds.amazonaws.com',
            ReaderEndpoint: 'staging.cluster-ro-abc.eu-west-1.rds.amazonaws.com',
            Port: 5432,
            MasterUsername: 'postgres',
            EngineVersion: '16.4',
            TagList: [{ Key: 'aurora-restore:managed', Value: 'true' }],
          },
        ],
      });

      // Act
      const cluster = await rds.describeCluster('staging');

      // Assess
      expectExactInput(DescribeDBClustersCommand, { DBClusterIdentifier: 'staging' });
      expect(cluster).toEqual({
        id: 'staging',
        arn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging',
        status: 'available',
        deletionProtection: false,
        members: [
          { instanceId: 'staging-1', isWriter: true },
          { instanceId: 'staging-2', isWriter: false },
        ],
        endpoint: 'staging.cluster-abc.eu-west-1.rds.amazonaws.com',
        readerEndpoint: 'staging.cluster-ro-abc.eu-west-1.rds.amazonaws.com',
        port: 5432,
        masterUsername: 'postgres',
        engineVersion: '16.4',
        tags: { 'aurora-restore:managed': 'true' },
      });
    });

    it('answers undefined for a cluster that does not exist', async () => {
      // Prepare
      rdsMock.on(DescribeDBClustersCommand).rejects(awsError(DBClusterNotFoundFault, 'DBCluster staging not found.'));

      // Act
      const cluster = await rds.describeCluster('staging');

      // Assess
      expect(cluster).toBeUndefined();
    });

    it('switches deletion protection off, applying immediately', async () => {
      // Prepare
      rdsMock.on(ModifyDBClusterCommand).resolves({});

      // Act
      await rds.modifyCluster({ clusterId: 'staging', deletionProtection: false, applyImmediately: true });

      // Assess
      expectExactInput(ModifyDBClusterCommand, { DBClusterIdentifier: 'staging', ApplyImmediately: true, DeletionProtection: false });
    });

    it('sets the master password, and an error about it never carries the password', async () => {
      // Prepare
      const password = 'Sup3r-Secret-Pa55word';
      rdsMock.on(ModifyDBClusterCommand).rejects(awsError(InvalidDBClusterStateFault, 'DB cluster is not available for modification with status creating'));

      // Act
      const error = await rds.modifyCluster({ clusterId: 'staging', masterUserPassword: password, applyImmediately: true }).catch((e: unknown) => e);

      // Assess
      expectExactInput(ModifyDBClusterCommand, { DBClusterIdentifier: 'staging', ApplyImmediately: true, MasterUserPassword: password });
      expect(error).toBeInstanceOf(RdsError);
      expect(JSON.stringify({ message: (error as Error).message, code: (error as RdsError).code, resource: (error as RdsError).resourceId })).not.toContain(password);
    });

    it('lets RDS manage the master password in Secrets Manager', async () => {
      // Prepare
      rdsMock.on(ModifyDBClusterCommand).resolves({});

      // Act
      await rds.modifyCluster({ clusterId: 'staging', manageMasterUserPassword: true, masterUserSecretKmsKeyId: 'alias/secrets', applyImmediately: true });

      // Assess
      expectExactInput(ModifyDBClusterCommand, { DBClusterIdentifier: 'staging', ApplyImmediately: true, ManageMasterUserPassword: true, MasterUserSecretKmsKeyId: 'alias/secrets' });
    });

    it.each([
      ['a managed secret', { SecretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds!cluster-1', SecretStatus: 'active' }, { secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds!cluster-1', status: 'active' }],
      ['no managed secret', undefined, undefined],
    ])('reads %s from DescribeDBClusters', async (_case, secret, expected) => {
      // Prepare
      rdsMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'staging', DBClusterArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging', MasterUserSecret: secret }] });

      // Act
      const result = await rds.describeManagedMasterSecret('staging');

      // Assess
      expect(result).toEqual(expected);
    });
  });

  describe('instances, snapshots and tags', () => {
    it('creates a db.serverless instance with its parameter group, promotion tier and Performance Insights', async () => {
      // Prepare
      rdsMock.on(CreateDBInstanceCommand).resolves({
        DBInstance: { DBInstanceIdentifier: 'staging-1', DBInstanceArn: 'arn:aws:rds:eu-west-1:111111111111:db:staging-1', DBClusterIdentifier: 'staging', DBInstanceStatus: 'creating', DBInstanceClass: 'db.serverless' },
      });

      // Act
      const instance = await rds.createInstance({
        instanceId: 'staging-1',
        clusterId: 'staging',
        instanceClass: 'db.serverless',
        engine: 'aurora-postgresql',
        parameterGroup: 'staging-params',
        promotionTier: 0,
        availabilityZone: 'eu-west-1a',
        performanceInsights: { enabled: true, kmsKeyId: 'alias/pi', retentionDays: 7 },
        tags: { 'aurora-restore:managed': 'true' },
      });

      // Assess
      expectExactInput(CreateDBInstanceCommand, {
        DBInstanceIdentifier: 'staging-1',
        DBClusterIdentifier: 'staging',
        DBInstanceClass: 'db.serverless',
        Engine: 'aurora-postgresql',
        DBParameterGroupName: 'staging-params',
        PromotionTier: 0,
        AvailabilityZone: 'eu-west-1a',
        EnablePerformanceInsights: true,
        PerformanceInsightsKMSKeyId: 'alias/pi',
        PerformanceInsightsRetentionPeriod: 7,
        Tags: [{ Key: 'aurora-restore:managed', Value: 'true' }],
      });
      expect(instance).toEqual({ id: 'staging-1', arn: 'arn:aws:rds:eu-west-1:111111111111:db:staging-1', clusterId: 'staging', status: 'creating', instanceClass: 'db.serverless', tags: {} });
    });

    it('deletes an instance by identifier only (Aurora instances take no final snapshot)', async () => {
      // Prepare
      rdsMock.on(DeleteDBInstanceCommand).resolves({});

      // Act
      await rds.deleteInstance('staging-1');

      // Assess
      expectExactInput(DeleteDBInstanceCommand, { DBInstanceIdentifier: 'staging-1' });
    });

    it('answers undefined for an instance that does not exist', async () => {
      // Prepare
      rdsMock.on(DescribeDBInstancesCommand).rejects(awsError(DBInstanceNotFoundFault, 'DBInstance staging-1 not found.'));

      // Act
      const instance = await rds.describeInstance('staging-1');

      // Assess
      expect(instance).toBeUndefined();
    });

    it('deletes a snapshot and tags a resource by ARN', async () => {
      // Prepare
      rdsMock.on(DeleteDBClusterSnapshotCommand).resolves({}).on(AddTagsToResourceCommand).resolves({});
      const arn = 'arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:copy-1';

      // Act
      await rds.deleteClusterSnapshot('copy-0');
      await rds.addTags(arn, { 'aurora-restore:archived-at': '2026-11-25T04:00:00Z' });

      // Assess
      expectExactInput(DeleteDBClusterSnapshotCommand, { DBClusterSnapshotIdentifier: 'copy-0' });
      expectExactInput(AddTagsToResourceCommand, { ResourceName: arn, Tags: [{ Key: 'aurora-restore:archived-at', Value: '2026-11-25T04:00:00Z' }] });
    });
  });

  describe('errors', () => {
    it('names AWS\'s error and the resource, and marks it permanent', async () => {
      // Prepare
      rdsMock.on(DeleteDBClusterCommand).rejects(awsError(InvalidDBClusterStateFault, 'Cluster cannot be deleted, it still contains DB instances in non-deleting state.'));

      // Act
      const error = await rds.deleteCluster({ clusterId: 'staging', finalSnapshot: { skip: true } }).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(RdsError);
      expect(error).toMatchObject({ code: 'InvalidDBClusterStateFault', resourceId: 'staging', retryable: false });
      expect(isTransientError(error)).toBe(false);
    });

    it.each([
      ['throttling the SDK gave up on', Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 }, $retryable: { throttling: true } })],
      ['a 5xx', Object.assign(new Error('Service unavailable'), { name: 'InternalFailure', $metadata: { httpStatusCode: 503 } })],
      ['a network error', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
    ])('marks %s retryable, so the step waits instead of failing', async (_case, raised) => {
      // Prepare
      rdsMock.on(DescribeDBClustersCommand).rejects(raised);

      // Act
      const error = await rds.describeCluster('staging').catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ code: raised.name, resourceId: 'staging', retryable: true });
      expect(isTransientError(error)).toBe(true);
    });
  });

  describe('resources a restore names', () => {
    it('reports the subnet group, parameter groups, security groups and instance classes that do not exist or cannot be ordered', async () => {
      // Prepare
      rdsMock.on(DescribeDBSubnetGroupsCommand).rejects(Object.assign(new Error('DBSubnetGroup staging-subnets not found'), { name: 'DBSubnetGroupNotFoundFault' }));
      rdsMock.on(DescribeDBClusterParameterGroupsCommand).resolves({ DBClusterParameterGroups: [{ DBClusterParameterGroupName: 'staging-pg16' }] });
      rdsMock.on(DescribeDBParameterGroupsCommand).rejects(Object.assign(new Error('not found'), { name: 'DBParameterGroupNotFound' }));
      rdsMock.on(DescribeOrderableDBInstanceOptionsCommand, { DBInstanceClass: 'db.r6g.large' }).resolves({ OrderableDBInstanceOptions: [{ DBInstanceClass: 'db.r6g.large' }] });
      rdsMock.on(DescribeOrderableDBInstanceOptionsCommand, { DBInstanceClass: 'db.r9z.huge' }).resolves({ OrderableDBInstanceOptions: [] });
      rdsMock.on(DescribeOrderableDBInstanceOptionsCommand, { Engine: 'aurora-postgresql', EngineVersion: '16.4', MaxRecords: 20 }, true).resolves({ OrderableDBInstanceOptions: [{ DBInstanceClass: 'db.r6g.large' }] });

      // Act
      const missing = await rds.findMissingResources({
        clusterId: 'staging',
        subnetGroup: 'staging-subnets',
        clusterParameterGroup: 'staging-pg16',
        instanceParameterGroups: ['staging-instance-pg'],
        securityGroupIds: ['sg-0123456789abcdef0', 'sg-00000000000000dead'],
        instanceClasses: ['db.r6g.large', 'db.r9z.huge'],
        engineVersion: '16.4',
      });

      // Assess
      expect(missing).toEqual([
        { kind: 'subnet-group', name: 'staging-subnets' },
        { kind: 'instance-parameter-group', name: 'staging-instance-pg' },
        { kind: 'security-group', name: 'sg-00000000000000dead' },
        { kind: 'instance-class', name: 'db.r9z.huge' },
      ]);
      expect(rdsMock).toHaveReceivedCommandWith(DescribeOrderableDBInstanceOptionsCommand, { Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large', EngineVersion: '16.4', MaxRecords: 20 });
      expect(rdsMock).toHaveReceivedCommandWith(DescribeDBClusterParameterGroupsCommand, { DBClusterParameterGroupName: 'staging-pg16' });
    });

    it('refuses no instance class when RDS offers no options for the engine at all (it tells nothing)', async () => {
      rdsMock.on(DescribeOrderableDBInstanceOptionsCommand).resolves({ OrderableDBInstanceOptions: [] });
      await expect(rds.findMissingResources({ clusterId: 'staging', instanceParameterGroups: [], securityGroupIds: [], instanceClasses: ['db.r6g.large'] })).resolves.toEqual([]);
    });

    it('lets an error other than not-found through, as an RdsError', async () => {
      rdsMock.on(DescribeDBSubnetGroupsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
      await expect(rds.findMissingResources({ clusterId: 'staging', subnetGroup: 'x', instanceParameterGroups: [], securityGroupIds: [], instanceClasses: [] })).rejects.toMatchObject({ code: 'Throttling', retryable: true });
    });
  });

  describe('home', () => {
    it('reports its partition, region and account', async () => {
      // Act
      const home = await rds.home();

      // Assess
      expect(home).toEqual({ partition: 'aws', region: 'eu-west-1', accountId: '111111111111' });
    });
  });
});

describe('createAwsRds', () => {
  beforeEach(() => rdsMock.reset());

  it('builds clients in standard retry mode with the configured number of attempts', async () => {
    // Prepare
    rdsMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });
    const port = createAwsRds('eu-west-1', 8, { accountId: '111111111111' });

    // Act
    await port.describeCluster('staging');

    // Assess
    const client = rdsMock.send.getCall(0).thisValue as RDSClient;
    await expect(client.config.maxAttempts()).resolves.toBe(8);
    await expect(client.config.retryStrategy()).resolves.toMatchObject({ mode: 'standard' });
    await expect(client.config.region()).resolves.toBe('eu-west-1');
    await expect(port.home()).resolves.toEqual({ partition: 'aws', region: 'eu-west-1', accountId: '111111111111' });
  });
});
