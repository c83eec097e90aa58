import { readFileSync } from 'node:fs';
import { loadConfig } from '../../../src/config';
import { STEPS } from '../../../src/constants';
import { ACTIONS_ON_ALL_RESOURCES } from '../../../src/deploy/dispatcher-policy';
import { PASS_THROUGH_VARIABLES, STACK_PROVIDED_VARIABLES } from '../../../src/deploy/deploy-settings';
import { deliveredStartEvent } from '../../../src/deploy/nightly-targets';
import type { PackageResult } from '../../../src/deploy/package-service';
import { readZipEntry } from '../../../src/deploy/zip-entries';
import { commandEventSchema, startEventSchema } from '../../../src/events/schema';
import { TABLE_LAYOUT } from '../../../src/store/dynamodb/table-layout';
import { requestInput } from '../../support/factories';
import { packageStack, type PackagedResource, type PackagedStack } from './packaged-stack';

/**
 * Packages the real serverless.yml offline, once, then reads the CloudFormation template `sls deploy`
 * would send and checks it against the deployment's requirements.
 */

const STAGE = 'ci';
const FUNCTION_NAME = `aurora-restore-${STAGE}-dispatcher`;
const FUNCTION_ARN = { 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${FUNCTION_NAME}` };

const NIGHTLY = {
  targets: [
    { name: 'staging', schedule: 'cron(0 2 * * ? *)', timezone: 'Europe/Berlin', request: requestInput() },
    {
      name: 'qa',
      schedule: 'cron(30 4 ? * MON-FRI *)',
      enabled: false,
      request: requestInput({ target: { clusterId: 'qa-orders', instances: [{ id: 'qa-orders-1', instanceClass: 'db.serverless' }], serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 4 } } }),
    },
  ],
};

const SETTINGS = {
  AWS_REGION: 'eu-west-1',
  TARGET_CLUSTER_IDS: 'sandbox-*',
  NIGHTLY_TARGETS_FILE: 'nightly.json',
  NOTIFICATION_EMAIL: 'dba@example.com',
  SECRET_ARNS: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:staging-orders-*',
  KMS_KEY_ARNS: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  LOG_LEVEL: 'debug',
  WAIT_STRATEGY: 'backoff',
};

type Resource = PackagedResource;
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

let stack: PackagedStack | undefined;
let result: PackageResult;
let template: { Resources: Record<string, Resource>; Conditions?: Record<string, unknown> };

function resourcesOfType(type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function resource(id: string, type: string): Resource {
  const found = template.Resources[id];
  expect(found?.Type).toBe(type);
  return found!;
}

/** Every statement of every IAM role and policy in the template, with where it came from. */
function iamStatements(): { role: string; statement: Statement }[] {
  const roles = resourcesOfType('AWS::IAM::Role').flatMap(([id, role]) =>
    (role.Properties.Policies ?? []).flatMap((policy: { PolicyDocument: { Statement: Statement[] } }) =>
      policy.PolicyDocument.Statement.map((statement) => ({ role: id, statement })),
    ),
  );
  const policies = [...resourcesOfType('AWS::IAM::Policy'), ...resourcesOfType('AWS::IAM::ManagedPolicy')].flatMap(([id, policy]) =>
    (policy.Properties.PolicyDocument.Statement as Statement[]).map((statement) => ({ role: id, statement })),
  );
  return [...roles, ...policies];
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

beforeAll(async () => {
  stack = await packageStack({
    stage: STAGE,
    settings: SETTINGS,
    files: {
      'nightly.json': JSON.stringify(NIGHTLY, null, 2),
      'sql/mask-customers.sql': "UPDATE customers SET email = 'user' || id || '@example.invalid';\n",
    },
  });
  ({ result, template } = stack);
}, 300_000);

afterAll(() => stack?.remove());

describe('sls package, offline', () => {
  it('builds one minified bundle with its source map, the parser\'s WebAssembly and the bundled SQL, pg-native left out', () => {
    // Assess
    expect(result.artifacts).toHaveLength(1);
    const [artifact] = result.artifacts;
    // PostgreSQL's parser (post-restore SQL) is WebAssembly loaded from beside the bundle.
    expect(artifact!.entries.map((e) => e.name).sort()).toEqual(['sql/mask-customers.sql', 'src/handler.js', 'src/handler.js.map', 'src/libpg-query.wasm']);
    const bundle = artifact!.entries.find((e) => e.name === 'src/handler.js')!;
    const archive = readFileSync(artifact!.path);
    const code = readZipEntry(archive, bundle).toString();
    const map = JSON.parse(readZipEntry(archive, artifact!.entries.find((e) => e.name === 'src/handler.js.map')!).toString());
    // Minified: local names are gone (the bundle also holds PEM certificates, so line length says nothing).
    expect(code).not.toMatch(/function createDispatcher\(/);
    expect(map.names).toEqual(expect.arrayContaining(['createDispatcher']));
    // The AWS SDK v3 is the Lambda runtime's: required at run time, not bundled.
    expect(code).toContain('require("@aws-sdk/client-rds")');
    expect(map.sources.filter((source: string) => source.includes('node_modules/@aws-sdk/'))).toEqual([]);
    expect(code).toContain('zod');
    expect(map.sources.filter((source: string) => /zod\/v4\/locales\/(?!en\.js)/.test(source))).toEqual([]);
    expect(code).toContain('//# sourceMappingURL=handler.js.map');
    expect(map.sources).toEqual(expect.arrayContaining([expect.stringMatching(/src\/handler\.ts$/)]));
    // pg-native stays a runtime require that pg only makes when asked to; nothing of it is bundled.
    expect(code).toContain('require("pg-native")');
    expect(map.sources.filter((source: string) => source.includes('pg-native'))).toEqual([]);
  });

  it('defines the dispatcher on nodejs22.x with a timeout of at most 900 s and failed invocations to the DLQ', () => {
    const fn = resource('DispatcherLambdaFunction', 'AWS::Lambda::Function').Properties;
    expect(fn).toMatchObject({ FunctionName: FUNCTION_NAME, Handler: 'src/handler.handler', Runtime: 'nodejs22.x', MemorySize: 512 });
    expect(fn.Timeout).toBeLessThanOrEqual(900);
    expect(fn.VpcConfig).toBeUndefined();
    expect(resource('DispatcherLambdaEvConf', 'AWS::Lambda::EventInvokeConfig').Properties.DestinationConfig).toEqual({
      OnFailure: { Destination: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
    });
  });

  it('gives the function every variable it reads, and the function accepts them', () => {
    // Prepare
    const variables = resource('DispatcherLambdaFunction', 'AWS::Lambda::Function').Properties.Environment.Variables as Record<string, unknown>;
    const samples: Record<string, string> = {
      TABLE_NAME: 'aurora-restore-ci-operations',
      SCHEDULE_GROUP_NAME: 'aurora-restore-ci',
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
      SCHEDULE_DLQ_ARN: 'arn:aws:sqs:eu-west-1:123456789012:dead-letters',
      DISPATCHER_FUNCTION_ARN: `arn:aws:lambda:eu-west-1:123456789012:function:${FUNCTION_NAME}`,
      NOTIFICATION_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:notifications',
    };
    const resolved = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : samples[name]]));

    // Act
    const config = loadConfig({ AWS_REGION: 'eu-west-1', ...resolved });

    // Assess
    expect(Object.keys(variables).filter((name) => !(PASS_THROUGH_VARIABLES as readonly string[]).includes(name)).sort()).toEqual(
      [...STACK_PROVIDED_VARIABLES, 'NODE_OPTIONS'].sort(),
    );
    expect(variables).toMatchObject({
      TABLE_NAME: { Ref: 'OperationsTable' },
      SCHEDULE_GROUP_NAME: { Ref: 'ScheduleGroup' },
      SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': ['SchedulerRole', 'Arn'] },
      SCHEDULE_DLQ_ARN: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
      DISPATCHER_FUNCTION_ARN: FUNCTION_ARN,
      NOTIFICATION_TOPIC_ARN: { Ref: 'NotificationTopic' },
    });
    expect(config).toMatchObject({ logLevel: 'debug', engine: { waitDefaults: { strategy: 'backoff' } } });
  });

  it('creates the table as the store expects it: on demand, point-in-time recovery, encrypted, TTL, per-target and per-source indexes', () => {
    const table = resource('OperationsTable', 'AWS::DynamoDB::Table').Properties;
    expect(table).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: TABLE_LAYOUT.partitionKey, KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: TABLE_LAYOUT.ttlAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      GlobalSecondaryIndexes: [
        {
          IndexName: TABLE_LAYOUT.byTargetIndex,
          KeySchema: [
            { AttributeName: TABLE_LAYOUT.byTargetPartitionKey, KeyType: 'HASH' },
            { AttributeName: TABLE_LAYOUT.byTargetSortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: TABLE_LAYOUT.bySourceIndex,
          KeySchema: [
            { AttributeName: TABLE_LAYOUT.bySourcePartitionKey, KeyType: 'HASH' },
            { AttributeName: TABLE_LAYOUT.byTargetSortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    expect(table.AttributeDefinitions).toEqual(
      expect.arrayContaining(
        [TABLE_LAYOUT.partitionKey, TABLE_LAYOUT.byTargetPartitionKey, TABLE_LAYOUT.byTargetSortKey, TABLE_LAYOUT.bySourcePartitionKey].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      ),
    );
  });

  it('creates an encrypted topic with the e-mail subscription from .env, and the dead-letter queue', () => {
    expect(resource('NotificationTopic', 'AWS::SNS::Topic').Properties.KmsMasterKeyId).toEqual({ Ref: 'NotificationTopicKey' });
    expect(resource('NotificationTopicKey', 'AWS::KMS::Key').Properties.EnableKeyRotation).toBe(true);
    const subscription = resource('NotificationEmailSubscription', 'AWS::SNS::Subscription');
    expect(subscription.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'dba@example.com', TopicArn: { Ref: 'NotificationTopic' } });
    expect(subscription.Condition).toBeUndefined();
    expect(resource('DeadLetterQueue', 'AWS::SQS::Queue').Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
  });

  it('creates the schedule groups and a Scheduler role that can invoke only the dispatcher', () => {
    // Prepare
    resource('ScheduleGroup', 'AWS::Scheduler::ScheduleGroup');
    resource('NightlyScheduleGroup', 'AWS::Scheduler::ScheduleGroup');
    const trustsScheduler = (role: Resource) => JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com');

    // Act
    const schedulerRoles = resourcesOfType('AWS::IAM::Role').filter(([, role]) => trustsScheduler(role));

    // Assess: only SchedulerRole; the function's own role is not assumable by Scheduler.
    expect(schedulerRoles.map(([id]) => id)).toEqual(['SchedulerRole']);
    const statements = iamStatements().filter(({ role }) => role === 'SchedulerRole').map(({ statement }) => statement);
    expect(statements.flatMap((s) => asList(s.Action)).sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    expect(statements.find((s) => asList(s.Action).includes('lambda:InvokeFunction'))?.Resource).toEqual([FUNCTION_ARN]);
    expect(resource('IamRoleLambdaExecution', 'AWS::IAM::Role').Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] },
    ]);
  });

  it('sweeps for stuck operations every 15 minutes with a valid sweep command, scanning only the table', () => {
    const sweep = resource('SweepSchedule', 'AWS::Scheduler::Schedule').Properties;
    expect(sweep).toMatchObject({ ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED', FlexibleTimeWindow: { Mode: 'OFF' } });
    expect(sweep.Target.Arn).toEqual({ 'Fn::GetAtt': ['DispatcherLambdaFunction', 'Arn'] });
    expect(commandEventSchema.parse(JSON.parse(sweep.Target.Input))).toEqual({ command: 'sweep' });
    const scans = iamStatements().filter(({ statement }) => asList(statement.Action).includes('dynamodb:Scan'));
    expect(scans.map(({ statement }) => asList(statement.Resource))).toEqual([[{ 'Fn::GetAtt': ['OperationsTable', 'Arn'] }]]);
  });

  it('grants no IAM statement every action, and "*" resources only to the documented RDS Describe actions', () => {
    for (const { role, statement } of iamStatements()) {
      for (const action of asList(statement.Action)) {
        expect({ role, action }).not.toEqual({ role, action: expect.stringMatching(/(^\*$|:\*$)/) });
      }
      if (asList(statement.Resource).includes('*')) {
        for (const action of asList(statement.Action)) expect(ACTIONS_ON_ALL_RESOURCES).toContain(action);
      }
    }
  });

  it('limits RDS deletes to the configured and nightly targets and to the snapshots this tool names after them', () => {
    // Prepare
    const rds = (type: string, name: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:rds:\${AWS::Region}:\${AWS::AccountId}:${type}:${name}` });
    const statements = iamStatements().map(({ statement }) => statement);
    const resourcesOf = (action: string) => statements.filter((s) => asList(s.Action).includes(action)).flatMap((s) => asList(s.Resource));

    // Assess
    const targets = ['sandbox-*', 'staging-orders', 'qa-orders'];
    expect(resourcesOf('rds:DeleteDBCluster')).toEqual([
      ...targets.map((target) => rds('cluster', target)),
      ...targets.map((target) => rds('cluster-snapshot', `aurora-restore-final-${target}-*`)),
    ]);
    expect(resourcesOf('rds:DeleteDBInstance')).toEqual([rds('db', 'sandbox-*'), rds('db', 'staging-orders-*'), rds('db', 'qa-orders-*')]);
    expect(resourcesOf('rds:DeleteDBClusterSnapshot')).toEqual(targets.map((target) => rds('cluster-snapshot', `aurora-restore-${target}-*`)));
    expect(resourcesOf('secretsmanager:GetSecretValue')).toEqual(
      expect.arrayContaining(['arn:aws:secretsmanager:eu-west-1:123456789012:secret:staging-orders-*']),
    );
    expect(resourcesOf('kms:CreateGrant')).toEqual([SETTINGS.KMS_KEY_ARNS]);
    expect(resourcesOf('iam:PassRole')).toEqual([{ 'Fn::GetAtt': ['SchedulerRole', 'Arn'] }]);
  });

  it.each([
    ['NightlyScheduleStaging', 'staging-orders', 'cron(0 2 * * ? *)', 'Europe/Berlin', 'ENABLED'],
    ['NightlyScheduleQa', 'qa-orders', 'cron(30 4 ? * MON-FRI *)', 'UTC', 'DISABLED'],
  ])('schedules %s: a start event for %s the handler accepts', (id, cluster, cron, timezone, state) => {
    // Prepare
    const schedule = resource(id, 'AWS::Scheduler::Schedule').Properties;

    // Act: Scheduler fills in the scheduled time, then the dispatcher parses the event.
    const event = startEventSchema.safeParse(deliveredStartEvent(schedule.Target.Input, '2026-11-25T01:00:00Z'));

    // Assess
    expect(event.success).toBe(true);
    expect(event.data).toMatchObject({ step: 'start', idempotencyKey: '2026-11-25T01:00:00Z', request: { target: { clusterId: cluster } } });
    expect(schedule).toMatchObject({
      ScheduleExpression: cron,
      ScheduleExpressionTimezone: timezone,
      State: state,
      FlexibleTimeWindow: { Mode: 'OFF' },
      GroupName: { Ref: 'NightlyScheduleGroup' },
      Target: {
        Arn: { 'Fn::GetAtt': ['DispatcherLambdaFunction', 'Arn'] },
        RoleArn: { 'Fn::GetAtt': ['SchedulerRole', 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
      },
    });
  });

  it('forwards RDS events about the managed clusters and instances to the dispatcher', () => {
    const rule = resource('RdsEventRule', 'AWS::Events::Rule').Properties;
    expect(rule.EventPattern).toEqual({
      source: ['aws.rds'],
      'detail-type': ['RDS DB Cluster Event', 'RDS DB Instance Event'],
      detail: {
        EventID: ['RDS-EVENT-0170', 'RDS-EVENT-0171', 'RDS-EVENT-0005', 'RDS-EVENT-0003'],
        SourceIdentifier: [{ prefix: 'qa-orders' }, { prefix: 'sandbox-' }, { prefix: 'staging-orders' }],
      },
    });
    expect(rule.Targets[0].Arn).toEqual({ 'Fn::GetAtt': ['DispatcherLambdaFunction', 'Arn'] });
    expect(resource('RdsEventInvokePermission', 'AWS::Lambda::Permission').Properties).toMatchObject({
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': ['RdsEventRule', 'Arn'] },
    });
  });

  it('raises every alarm to the topic, and draws the dashboard', () => {
    // Prepare
    const alarms = resourcesOfType('AWS::CloudWatch::Alarm');
    const ids = alarms.map(([id]) => id);

    // Assess
    expect(ids).toEqual(
      expect.arrayContaining([
        'OperationFailedAlarm',
        'MissedRefreshAlarmStaging',
        'DeadLetterQueueAlarm',
        'FunctionErrorsAlarm',
        'FunctionThrottlesAlarm',
        ...STEPS.map((step) => `StepDurationAlarm${step.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`),
      ]),
    );
    expect(ids).not.toContain('MissedRefreshAlarmQa');
    for (const [, alarm] of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: 'NotificationTopic' }]);
    expect(resource('MissedRefreshAlarmStaging', 'AWS::CloudWatch::Alarm').Properties).toMatchObject({
      MetricName: 'OperationSucceeded',
      Dimensions: [{ Name: 'Target', Value: 'staging-orders' }],
      EvaluationPeriods: 26,
      TreatMissingData: 'breaching',
    });
    expect(resource('Dashboard', 'AWS::CloudWatch::Dashboard').Properties.DashboardName).toBe(`aurora-restore-${STAGE}`);
  });

  it('asks AWS nothing: no value in the template was looked up in an account', () => {
    // Packaging ran with credentials that sign nothing real and every endpoint on a closed port, so any
    // call would have failed it; the account and region stay CloudFormation pseudo parameters.
    const text = readFileSync(result.templatePath, 'utf8');
    expect(text).toContain('${AWS::AccountId}');
    expect(text).not.toMatch(/arn:aws:[a-z]+:[a-z0-9-]*:\d{12}:(function|role|table)/);
  });
});
