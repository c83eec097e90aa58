import { STEPS } from '../../../src/constants';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requestInput } from '../../support/factories';
import { parseDashboardBody } from '../../support/cloudformation/dashboard-body-schema';
import { ResourceSchemaValidator } from '../../support/cloudformation/resource-schemas';
import { packageStack, type PackagedStack } from './packaged-stack';

/**
 * Packages the stack offline for a minimal `.env` and for a representative production one (nightly
 * targets, VPC, every optional setting), and checks every resource of each template against the
 * CloudFormation resource schemas, and the dashboard body against the structure CloudWatch
 * documents: what CloudFormation and CloudWatch would reject fails here, offline.
 */

const MINIMAL = { stage: 'dev', settings: { AWS_REGION: 'eu-west-1', TARGET_CLUSTER_IDS: 'staging-orders' } };

const REPRESENTATIVE = {
  stage: 'prod',
  settings: {
    AWS_REGION: 'eu-west-1',
    TARGET_CLUSTER_IDS: 'sandbox-*',
    TARGET_INSTANCE_IDS: 'sandbox-*',
    NIGHTLY_TARGETS_FILE: 'nightly.json',
    NOTIFICATION_EMAIL: 'dba@example.com',
    SECRET_ARNS: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:staging-orders-*',
    KMS_KEY_ARNS: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    SQL_S3_PREFIXES: 's3://example-sql/aurora-restore/',
    EXTRA_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:123456789012:dba-pager',
    VPC_SUBNET_IDS: 'subnet-0123456789abcdef0,subnet-0fedcba9876543210',
    VPC_SECURITY_GROUP_IDS: 'sg-0123456789abcdef0',
    LOG_RETENTION_DAYS: '365',
    STEP_DURATION_ALARM_SECONDS: 'check-copy-status=172800',
    MISSED_REFRESH_ALARM_HOURS: '30',
    TERMINATION_PROTECTED_STAGES: 'prod',
    DISPATCHER_RESERVED_CONCURRENCY: '5',
    LOG_LEVEL: 'debug',
    WAIT_STRATEGY: 'backoff',
  },
  files: {
    'nightly.json': JSON.stringify({
      targets: [
        { name: 'staging', schedule: 'cron(0 2 * * ? *)', timezone: 'Europe/Berlin', request: requestInput() },
        { name: 'qa', schedule: 'cron(30 4 ? * MON-FRI *)', enabled: false, request: requestInput({ target: { clusterId: 'qa-orders', instances: [{ id: 'qa-orders-1', instanceClass: 'db.serverless' }], serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 4 } } }) },
      ],
    }),
  },
};

const STACKS = { minimal: MINIMAL, representative: REPRESENTATIVE };
type StackName = keyof typeof STACKS;

let validator: ResourceSchemaValidator;
const packaged: Partial<Record<StackName, PackagedStack>> = {};

beforeAll(async () => {
  validator = new ResourceSchemaValidator();
  for (const [name, options] of Object.entries(STACKS)) packaged[name as StackName] = await packageStack(options);
}, 300_000);

afterAll(() => {
  for (const stack of Object.values(packaged)) stack?.remove();
});

const stack = (name: StackName): PackagedStack => packaged[name]!;

type Statement = { Action: string | string[]; Resource: unknown };
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of the IAM roles and policies of a template (identity policies, not key or queue policies). */
function identityStatements(name: StackName): Statement[] {
  return Object.values(stack(name).template.Resources).flatMap((resource) => {
    if (resource.Type === 'AWS::IAM::Role') return (resource.Properties.Policies ?? []).flatMap((policy: { PolicyDocument: { Statement: Statement[] } }) => policy.PolicyDocument.Statement);
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') return resource.Properties.PolicyDocument.Statement as Statement[];
    return [];
  });
}

/** The AWS managed policies the template attaches to roles, by name. */
function managedPolicies(name: StackName): string[] {
  return Object.values(stack(name).template.Resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Role')
    .flatMap((role) => role.Properties.ManagedPolicyArns ?? [])
    .map((arn: unknown) => JSON.stringify(arn).match(/policy\/(?:service-role\/)?([A-Za-z0-9]+)/)?.[1] ?? JSON.stringify(arn));
}

const readme = (): string => readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8').replace(/\s+/g, ' ');

/** The README's sentence on `Resource: "*"`, up to the full stop that ends it. */
function readmeSentence(): string {
  const match = readme().match(/`Resource: "\*"` appears only where[^]*?\.(?= [A-Z*]|$)/);
  if (match === null) throw new Error('README.md no longer says where `Resource: "*"` appears');
  return match[0];
}

describe.each(Object.keys(STACKS) as StackName[])('the %s stack, packaged offline', (name) => {
  it('has only resources whose every property the CloudFormation resource schemas accept', () => {
    // Prepare
    const { template } = stack(name);

    // Act
    const problems = validator.validate(template);

    // Assess: one line per problem, so a failure says which resource and property.
    expect(problems.map((p) => `${p.logicalId} (${p.type}) ${p.path}: ${p.message}`)).toEqual([]);
    expect(Object.keys(template.Resources).length).toBeGreaterThan(20);
  });

  it('has a dashboard body in the structure CloudWatch documents', () => {
    // Prepare
    const body = stack(name).template.Resources.Dashboard!.Properties.DashboardBody;

    // Act
    const parsed = parseDashboardBody(body);

    // Assess
    expect(parsed.issues).toEqual([]);
  });

  it('says in the README exactly which actions its IAM policies grant on Resource "*", and names every managed policy it attaches', () => {
    // Prepare
    const named = [...readmeSentence().matchAll(/`([a-z0-9-]+:[A-Za-z*]+)`/g)].map((m) => m[1]!);

    // Act
    const onAll = identityStatements(name).filter((s) => asList(s.Resource).includes('*')).flatMap((s) => asList(s.Action));

    // Assess
    expect([...new Set(onAll)].sort()).toEqual([...new Set(named)].sort());
    for (const policy of managedPolicies(name)) expect(readme()).toContain(`\`${policy}\``);
  });

  it('keeps the operations table and the topic key when the stack is deleted or they are replaced', () => {
    for (const id of ['OperationsTable', 'NotificationTopicKey']) {
      expect(stack(name).template.Resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('retries undelivered RDS events, then sends them to the dead-letter queue, which lets the rule write', () => {
    const { Resources } = stack(name).template;
    expect(Resources.RdsEventRule!.Properties.Targets[0]).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
    });
    expect(Resources.DeadLetterQueuePolicy!.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['RdsEventRule', 'Arn'] } } } }),
    ]);
  });

  it('alarms on every step while it runs, from the RunningStepAge metric the sweep reports', () => {
    const alarms = Object.entries(stack(name).template.Resources).filter(([id]) => id.startsWith('StepDurationAlarm'));
    expect(alarms.length).toBe(STEPS.length);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.Metrics).toEqual(
        expect.arrayContaining([expect.objectContaining({ MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ Namespace: 'AuroraRestore', MetricName: 'RunningStepAge' }) }) })]),
      );
    }
  });

  it('tells the function its stage, for the resume command of failure notifications', () => {
    expect(stack(name).template.Resources.DispatcherLambdaFunction!.Properties.Environment.Variables.STAGE).toBe(STACKS[name].stage);
  });

  it('grants no cloudwatch:PutMetricData: metrics leave through the log', () => {
    expect(stack(name).templateText.match(/cloudwatch:PutMetricData/g) ?? []).toEqual([]);
  });
});

describe('production settings', () => {
  it.each([
    ['representative', { stages: ['prod'] }, 5, ['AWSLambdaVPCAccessExecutionRole']],
    ['minimal', undefined, undefined, []],
  ] as const)('the %s stack: termination protection %j, reserved concurrency %s, managed policies %j', (name, protection, concurrency, policies) => {
    // Prepare
    const { service, template } = stack(name);

    // Assess
    expect(service.provider.deletionProtection ?? undefined).toEqual(protection);
    expect(template.Resources.DispatcherLambdaFunction!.Properties.ReservedConcurrentExecutions).toBe(concurrency);
    expect(managedPolicies(name)).toEqual(policies);
  });
});
