import { matchesPattern } from '../../../src/deploy/deploy-settings';
import { ACTIONS_ON_ALL_RESOURCES, dispatcherStatements } from '../../../src/deploy/dispatcher-policy';
import { copySnapshotId, finalSnapshotId } from '../../../src/rds/naming';
import type { IamStatement } from '../../../src/deploy/cfn';
import { deployment, nightlyEntry } from './fixtures';

const FULL_SETTINGS = {
  TARGET_CLUSTER_IDS: 'qa-*',
  SECRET_ARNS: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:staging-*',
  KMS_KEY_ARNS: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  SQL_S3_PREFIXES: 's3://db-scripts/masking/',
  EXTRA_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:123456789012:team',
};

function bySid(statements: IamStatement[], sid: string): IamStatement {
  const found = statements.find((s) => s.Sid === sid);
  if (found === undefined) throw new Error(`no statement ${sid}`);
  return found;
}

/** The ARN patterns of a statement, with the CloudFormation Fn::Sub unwrapped. */
function resources(statement: IamStatement): string[] {
  if (statement.Resource === '*') return ['*'];
  return statement.Resource.map((r) => (typeof r === 'string' ? r : JSON.stringify(r)));
}

const here = (type: string, name: string) => JSON.stringify({ 'Fn::Sub': `arn:\${AWS::Partition}:rds:\${AWS::Region}:\${AWS::AccountId}:${type}:${name}` });

describe('dispatcherStatements', () => {
  const statements = dispatcherStatements(deployment(FULL_SETTINGS, [nightlyEntry()]));

  it('never grants every action of a service, nor every action', () => {
    for (const statement of statements) {
      for (const action of statement.Action) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+\*?$/);
    }
  });

  it('grants Resource "*" only to the documented actions that have no narrower resource', () => {
    const onAll = statements.filter((s) => s.Resource === '*').flatMap((s) => s.Action);
    expect(onAll.sort()).toEqual([...ACTIONS_ON_ALL_RESOURCES].sort());
  });

  it('grants no CloudWatch action: metrics are written to the log in embedded metric format', () => {
    expect(statements.flatMap((s) => s.Action).filter((action) => action.startsWith('cloudwatch:'))).toEqual([]);
  });

  it.each([
    ['CreateRdsManagedMasterSecrets', ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'], 'aws:RequestTag/aws:rds:primaryDBClusterArn'],
    ['ManageRdsManagedMasterSecrets', ['secretsmanager:RotateSecret', 'secretsmanager:UpdateSecret', 'secretsmanager:DescribeSecret'], 'secretsmanager:ResourceTag/aws:rds:primaryDBClusterArn'],
    ['ReadRdsManagedMasterSecrets', ['secretsmanager:GetSecretValue'], 'secretsmanager:ResourceTag/aws:rds:primaryDBClusterArn'],
  ])('lets %s act only on RDS-managed secrets of the target clusters', (sid, actions, conditionKey) => {
    // Prepare
    const targetClusters = bySid(statements, 'DeleteTargetClusters').Resource.slice(0, 2);

    // Act
    const found = bySid(statements, sid);

    // Assess
    expect(found.Action).toEqual(actions);
    expect(resources(found)).toEqual([JSON.stringify({ 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:rds!cluster-*' })]);
    expect(found.Condition).toEqual({ StringLike: { [conditionKey]: targetClusters } });
  });

  it('conditions every action on rds!cluster-* secrets on the cluster tag', () => {
    const onRdsSecrets = statements.filter((s) => resources(s).some((arn) => arn.includes('secret:rds!cluster-')));
    expect(onRdsSecrets.flatMap((s) => s.Action).sort()).toEqual(
      ['secretsmanager:CreateSecret', 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:RotateSecret', 'secretsmanager:TagResource', 'secretsmanager:UpdateSecret'],
    );
    for (const statement of onRdsSecrets) expect(JSON.stringify(statement.Condition)).toContain('aws:rds:primaryDBClusterArn');
  });

  it.each([
    [
      'DeleteTargetClusters',
      [
        here('cluster', 'qa-*'),
        here('cluster', 'staging-orders'),
        here('cluster-snapshot', 'aurora-restore-final-qa-*-*'),
        here('cluster-snapshot', 'aurora-restore-final-staging-orders-*'),
      ],
    ],
    ['DeleteTargetInstances', [here('db', 'qa-*'), here('db', 'staging-orders-*')]],
    ['ArchiveCopies', [here('cluster-snapshot', 'aurora-restore-qa-*-*'), here('cluster-snapshot', 'aurora-restore-staging-orders-*')]],
    ['ModifyTargetClusters', [here('cluster', 'qa-*'), here('cluster', 'staging-orders'), here('cluster-pg', '*'), here('og', '*')]],
  ])('limits the destructive statement %s to the managed resources', (sid, expected) => {
    expect(resources(bySid(statements, sid))).toEqual(expected);
  });

  it.each([
    ['a copy', copySnapshotId('staging-orders', '20261125-030000-a1b2c3'), 'ArchiveCopies'],
    ['a final snapshot', finalSnapshotId('staging-orders', '20261125-030000-a1b2c3'), 'DeleteTargetClusters'],
  ])("covers the name the steps give %s (%s)", (_what, name, sid) => {
    const patterns = resources(bySid(statements, sid)).map((arn) => JSON.parse(arn)['Fn::Sub'].split(':cluster-snapshot:')[1]).filter(Boolean);
    expect(patterns.some((pattern: string) => matchesPattern(name, pattern))).toBe(true);
  });

  it('keeps copies and final snapshots apart: archiving cannot delete a final snapshot', () => {
    const patterns = resources(bySid(statements, 'ArchiveCopies')).map((arn) => JSON.parse(arn)['Fn::Sub'].split(':cluster-snapshot:')[1]);
    expect(patterns.some((pattern: string) => matchesPattern(finalSnapshotId('staging-orders', '20261125-030000-a1b2c3'), pattern))).toBe(false);
  });

  it('lets creates name only managed clusters (the cluster resource is always authorised)', () => {
    for (const sid of ['RestoreTargetClusters', 'CreateTargetInstances']) {
      const clusterArns = resources(bySid(statements, sid)).filter((arn) => arn.includes(':cluster:'));
      expect(clusterArns).toEqual([here('cluster', 'qa-*'), here('cluster', 'staging-orders')]);
    }
  });

  it('lets a clone or point-in-time restore create only managed clusters, from any cluster of this account and region', () => {
    const clusterArns = resources(bySid(statements, 'RestoreTargetClustersFromClusters')).filter((arn) => arn.includes(':cluster:'));
    expect(clusterArns).toEqual([here('cluster', 'qa-*'), here('cluster', 'staging-orders'), here('cluster', '*')]);
    expect(bySid(statements, 'RestoreTargetClustersFromClusters').Action).toEqual(['rds:RestoreDBClusterToPointInTime']);
  });

  it('passes the Scheduler role to Scheduler only', () => {
    expect(bySid(statements, 'PassSchedulerRole')).toEqual({
      Sid: 'PassSchedulerRole',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [{ 'Fn::GetAtt': ['SchedulerRole', 'Arn'] }],
      Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    });
  });

  it('reaches the table, its index and the schedule group only', () => {
    expect(resources(bySid(statements, 'OperationsTable'))).toEqual([JSON.stringify({ 'Fn::GetAtt': ['OperationsTable', 'Arn'] })]);
    expect(resources(bySid(statements, 'OperationsByTarget'))).toEqual([JSON.stringify({ 'Fn::Sub': '${OperationsTable.Arn}/index/byTarget' })]);
    expect(resources(bySid(statements, 'ScheduleChecks'))).toEqual([
      JSON.stringify({ 'Fn::Sub': 'arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/${ScheduleGroup}/*' }),
    ]);
  });

  it('reads only the configured secrets, keys and S3 prefixes, and RDS-managed secrets of managed clusters', () => {
    expect(bySid(statements, 'ReadConfiguredSecrets').Resource).toEqual([FULL_SETTINGS.SECRET_ARNS]);
    expect(bySid(statements, 'UseConfiguredKeys').Resource).toEqual([FULL_SETTINGS.KMS_KEY_ARNS]);
    expect(bySid(statements, 'GrantConfiguredKeysToRds').Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
    expect(resources(bySid(statements, 'ReadPostRestoreSql'))).toEqual([JSON.stringify({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::db-scripts/masking/*' })]);
    expect(resources(bySid(statements, 'PublishNotifications'))).toEqual([JSON.stringify({ Ref: 'NotificationTopic' }), FULL_SETTINGS.EXTRA_TOPIC_ARNS]);
  });

  it('leaves out the statements of settings that are not configured (an empty Resource is invalid)', () => {
    // Act
    const minimal = dispatcherStatements(deployment({ TARGET_CLUSTER_IDS: 'staging-orders' }));

    // Assess
    const sids = minimal.map((s) => s.Sid);
    for (const sid of ['ReadConfiguredSecrets', 'UseConfiguredKeys', 'GrantConfiguredKeysToRds', 'ReadPostRestoreSql']) expect(sids).not.toContain(sid);
    for (const statement of minimal) expect(statement.Resource.length).toBeGreaterThan(0);
  });
});
