import { TABLE_LAYOUT } from '../store/dynamodb/table-layout';
import { escapeSub, getAtt, LOGICAL_IDS, rdsArn, ref, sub, type CfnValue, type IamStatement } from './cfn';
import { SNAPSHOT_NAME_PREFIXES } from './deploy-settings';
import type { Deployment } from './deployment';

/**
 * The only actions granted on `Resource: "*"`, because AWS offers no narrower resource for them:
 * RDS discovery (snapshots are searched across types and shared ones come from other accounts).
 * Metrics need no grant: they are written to the log in embedded metric format.
 */
export const ACTIONS_ON_ALL_RESOURCES = [
  'rds:DescribeDBClusters',
  'rds:DescribeDBClusterSnapshots',
  'rds:DescribeDBInstances',
  // Preflight: whether an instance class can be ordered, whether security groups exist, whether the
  // account's quotas leave room; none of these actions supports resource-level permissions.
  'rds:DescribeOrderableDBInstanceOptions',
  'ec2:DescribeSecurityGroups',
  'rds:DescribeAccountAttributes',
] as const;

/**
 * The tag RDS puts on the master secret it manages for a cluster (`rds!cluster-…`): the cluster's
 * ARN. Every action on those secrets is conditioned on it naming one of the target clusters.
 */
const RDS_SECRET_CLUSTER_TAG = 'aws:rds:primaryDBClusterArn';

function s3ObjectArn(prefix: string): CfnValue {
  const [, bucketAndKey = ''] = prefix.split('s3://');
  return sub(`arn:\${AWS::Partition}:s3:::${escapeSub(bucketAndKey)}*`);
}

function statement(sid: string, actions: string[], resources: CfnValue[] | '*', condition?: IamStatement['Condition']): IamStatement {
  return { Sid: sid, Effect: 'Allow', Action: actions, Resource: resources, ...(condition ? { Condition: condition } : {}) };
}

/**
 * The dispatcher's permissions, each statement as narrow as the API allows:
 * - RDS writes only on the configured target clusters and instances and on this tool's snapshots
 *   (by name: copies and final snapshots carry the target's name); creates name their target
 *   cluster, so no other cluster can be touched;
 * - the table and its index, the schedule group, the Scheduler role (to pass, to Scheduler only),
 *   the topic and its key, the configured secrets, keys and S3 prefixes.
 * The framework adds the log-group statements and, for the failure destination, sqs:SendMessage on
 * the dead-letter queue.
 */
export function dispatcherStatements(deployment: Deployment): IamStatement[] {
  const { settings } = deployment;
  const clusters = deployment.clusterPatterns.map((pattern) => rdsArn('cluster', pattern));
  const instances = deployment.instancePatterns.map((pattern) => rdsArn('db', pattern));
  // Named after their target, so a managed target's pattern also bounds its copies and final snapshots.
  const copies = deployment.clusterPatterns.map((pattern) => rdsArn('cluster-snapshot', `${SNAPSHOT_NAME_PREFIXES.copy}${pattern}-*`));
  const finalSnapshots = deployment.clusterPatterns.map((pattern) => rdsArn('cluster-snapshot', `${SNAPSHOT_NAME_PREFIXES.final}${pattern}-*`));
  const localSnapshots = rdsArn('cluster-snapshot', '*');
  const anySnapshot = rdsArn('cluster-snapshot', '*', 'anywhere');
  const clusterParameterGroups = rdsArn('cluster-pg', '*');
  const parameterGroups = rdsArn('pg', '*');
  const optionGroups = rdsArn('og', '*');
  const subnetGroups = rdsArn('subgrp', '*');
  const securityGroups = rdsArn('secgrp', '*');
  const rdsMasterSecrets = sub('arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:rds!cluster-*');

  const statements: IamStatement[] = [
    statement(
      'OperationsTable',
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      [getAtt(LOGICAL_IDS.table, 'Arn')],
    ),
    statement('OperationsByTarget', ['dynamodb:Query'], [sub(`\${${LOGICAL_IDS.table}.Arn}/index/${TABLE_LAYOUT.byTargetIndex}`)]),
    statement('OperationsBySource', ['dynamodb:Query'], [sub(`\${${LOGICAL_IDS.table}.Arn}/index/${TABLE_LAYOUT.bySourceIndex}`)]),
    // The sweep lists RUNNING operations with a filtered scan of this one table.
    statement('SweepOperations', ['dynamodb:Scan'], [getAtt(LOGICAL_IDS.table, 'Arn')]),
    statement(
      'ScheduleChecks',
      ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
      [sub(`arn:\${AWS::Partition}:scheduler:\${AWS::Region}:\${AWS::AccountId}:schedule/\${${LOGICAL_IDS.scheduleGroup}}/*`)],
    ),
    statement('PassSchedulerRole', ['iam:PassRole'], [getAtt(LOGICAL_IDS.schedulerRole, 'Arn')], {
      StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    }),
    statement('PublishNotifications', ['sns:Publish'], [ref(LOGICAL_IDS.topic), ...settings.extraTopicArns]),
    statement('EncryptNotifications', ['kms:GenerateDataKey*', 'kms:Decrypt'], [getAtt(LOGICAL_IDS.topicKey, 'Arn')]),
    statement('DescribeRds', ['rds:DescribeDBClusters', 'rds:DescribeDBClusterSnapshots', 'rds:DescribeDBInstances'], '*'),
    statement('PreflightLookups', ['rds:DescribeOrderableDBInstanceOptions', 'ec2:DescribeSecurityGroups', 'rds:DescribeAccountAttributes'], '*'),
    statement('PreflightGroups', ['rds:DescribeDBSubnetGroups', 'rds:DescribeDBClusterParameterGroups', 'rds:DescribeDBParameterGroups'], [subnetGroups, clusterParameterGroups, parameterGroups]),
    // A copy is authorised on its source too, which may be shared from another account or region.
    statement('CopySnapshots', ['rds:CopyDBClusterSnapshot'], [anySnapshot]),
    statement('ArchiveCopies', ['rds:DeleteDBClusterSnapshot'], copies),
    statement('TagManagedResources', ['rds:AddTagsToResource'], [...clusters, ...instances, ...copies]),
    statement('ModifyTargetClusters', ['rds:ModifyDBCluster'], [...clusters, clusterParameterGroups, optionGroups]),
    // The final snapshot a delete may take is authorised on the snapshot resource as well.
    statement('DeleteTargetClusters', ['rds:DeleteDBCluster', 'rds:CreateDBClusterSnapshot'], [...clusters, ...finalSnapshots]),
    // The snapshot restored from is read only: the copy, or the source when no copy was needed.
    statement('RestoreTargetClusters', ['rds:RestoreDBClusterFromSnapshot'], [...clusters, localSnapshots, clusterParameterGroups, optionGroups, subnetGroups]),
    // A clone or point-in-time restore is authorised on the new (managed) cluster and on its source, any cluster of this account and region.
    statement('RestoreTargetClustersFromClusters', ['rds:RestoreDBClusterToPointInTime'], [...clusters, rdsArn('cluster', '*'), clusterParameterGroups, optionGroups, subnetGroups]),
    statement('CreateTargetInstances', ['rds:CreateDBInstance'], [...instances, ...clusters, parameterGroups, optionGroups, subnetGroups, securityGroups]),
    statement('DeleteTargetInstances', ['rds:DeleteDBInstance'], instances),
    statement('RenameAndRebootTargetInstances', ['rds:ModifyDBInstance', 'rds:RebootDBInstance'], instances),
    // When a request lets RDS manage the master password, RDS creates, tags, rotates and reads the
    // secret on our behalf, with our permissions. Creating and tagging carry the cluster tag in the
    // request; the other actions find it on the secret. Either way only the targets' secrets.
    statement('CreateRdsManagedMasterSecrets', ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'], [rdsMasterSecrets], {
      StringLike: { [`aws:RequestTag/${RDS_SECRET_CLUSTER_TAG}`]: clusters },
    }),
    statement('ManageRdsManagedMasterSecrets', ['secretsmanager:RotateSecret', 'secretsmanager:UpdateSecret', 'secretsmanager:DescribeSecret'], [rdsMasterSecrets], {
      StringLike: { [`secretsmanager:ResourceTag/${RDS_SECRET_CLUSTER_TAG}`]: clusters },
    }),
    statement('ReadRdsManagedMasterSecrets', ['secretsmanager:GetSecretValue'], [rdsMasterSecrets], {
      StringLike: { [`secretsmanager:ResourceTag/${RDS_SECRET_CLUSTER_TAG}`]: clusters },
    }),
  ];
  if (settings.secretArns.length > 0) {
    statements.push(statement('ReadConfiguredSecrets', ['secretsmanager:GetSecretValue'], settings.secretArns));
  }
  if (settings.kmsKeyArns.length > 0) {
    statements.push(statement('UseConfiguredKeys', ['kms:DescribeKey', 'kms:Decrypt', 'kms:GenerateDataKey*'], settings.kmsKeyArns));
    statements.push(
      statement('GrantConfiguredKeysToRds', ['kms:CreateGrant'], settings.kmsKeyArns, { Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
    );
  }
  if (settings.sqlS3Prefixes.length > 0) {
    statements.push(statement('ReadPostRestoreSql', ['s3:GetObject'], settings.sqlS3Prefixes.map(s3ObjectArn)));
  }
  return statements;
}
