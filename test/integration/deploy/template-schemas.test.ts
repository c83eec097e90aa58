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

  it('grants no cloudwatch:PutMetricData: metrics leave through the log', () => {
    expect(stack(name).templateText.match(/cloudwatch:PutMetricData/g) ?? []).toEqual([]);
  });
});
