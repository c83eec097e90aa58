import { ConfigurationError } from '../../../src/errors';
import { DEFAULT_STEP_DURATION_ALARM_SECONDS, matchesPattern, readDeploySettings } from '../../../src/deploy/deploy-settings';

describe('readDeploySettings', () => {
  it('reads comma lists, lower-cases identifiers and treats empty values as unset', () => {
    // Prepare
    const environment = {
      TARGET_CLUSTER_IDS: ' Staging-Orders , qa-* ,',
      TARGET_INSTANCE_IDS: '',
      SECRET_ARNS: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:staging-*',
      NOTIFICATION_EMAIL: '',
      NIGHTLY_TARGETS_FILE: '',
    };

    // Act
    const settings = readDeploySettings(environment);

    // Assess
    expect(settings).toMatchObject({
      targetClusterPatterns: ['staging-orders', 'qa-*'],
      targetInstancePatterns: [],
      secretArns: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:staging-*'],
      kmsKeyArns: [],
      logRetentionDays: 30,
      missedRefreshHours: 26,
      stepDurationAlarmSeconds: DEFAULT_STEP_DURATION_ALARM_SECONDS,
      functionVariables: {},
    });
    expect(settings.notificationEmail).toBeUndefined();
    expect(settings.nightlyTargetsFile).toBeUndefined();
    expect(settings.vpc).toBeUndefined();
  });

  it('passes on exactly the function settings that are set', () => {
    // Act
    const settings = readDeploySettings({ TARGET_CLUSTER_IDS: 'a', LOG_LEVEL: 'debug', WAIT_MAX_CHECKS: '50', RDS_CA_BUNDLE_PATH: '', TABLE_NAME: 'mine' });

    // Assess: empty ones and the stack's own variables are not passed.
    expect(settings.functionVariables).toEqual({ LOG_LEVEL: 'debug', WAIT_MAX_CHECKS: '50' });
  });

  it('overrides single step thresholds and keeps the other defaults', () => {
    // Act
    const settings = readDeploySettings({ STEP_DURATION_ALARM_SECONDS: 'check-copy-status=172800, setup-db-users=7200' });

    // Assess
    expect(settings.stepDurationAlarmSeconds).toEqual({
      ...DEFAULT_STEP_DURATION_ALARM_SECONDS,
      'check-copy-status': 172800,
      'setup-db-users': 7200,
    });
  });

  it('configures a VPC only with both subnets and security groups', () => {
    // Act
    const settings = readDeploySettings({ VPC_SUBNET_IDS: 'subnet-0a1,subnet-0b2', VPC_SECURITY_GROUP_IDS: 'sg-0c3' });

    // Assess
    expect(settings.vpc).toEqual({ subnetIds: ['subnet-0a1', 'subnet-0b2'], securityGroupIds: ['sg-0c3'] });
  });

  it.each([
    [{ TARGET_CLUSTER_IDS: '*' }, /TARGET_CLUSTER_IDS.*must be an RDS identifier or a pattern/],
    [{ TARGET_CLUSTER_IDS: 'staging,*' }, /TARGET_CLUSTER_IDS\.1.*starting with a letter/],
    [{ KMS_KEY_ARNS: 'alias/my-key' }, /KMS_KEY_ARNS\.0.*IAM cannot match aliases/],
    [{ SECRET_ARNS: 'my-secret' }, /SECRET_ARNS\.0.*Secrets Manager secret ARN/],
    [{ SQL_S3_PREFIXES: 'my-bucket/sql' }, /SQL_S3_PREFIXES\.0.*s3:\/\//],
    [{ NOTIFICATION_EMAIL: 'ops' }, /NOTIFICATION_EMAIL.*e-mail address/],
    [{ VPC_SUBNET_IDS: 'subnet-0a1' }, /VPC_SUBNET_IDS and VPC_SECURITY_GROUP_IDS must be set together/],
    [{ VPC_SUBNET_IDS: 'subnet-xyz', VPC_SECURITY_GROUP_IDS: 'sg-01' }, /VPC_SUBNET_IDS\.0.*subnet id/],
    [{ LOG_RETENTION_DAYS: '10' }, /LOG_RETENTION_DAYS.*retention/],
    [{ STEP_DURATION_ALARM_SECONDS: 'copy=100' }, /"copy=100" must be <step>=<seconds ≥ 60>/],
    [{ MISSED_REFRESH_ALARM_HOURS: '0' }, /MISSED_REFRESH_ALARM_HOURS/],
    [{ TERMINATION_PROTECTED_STAGES: 'prod,pre prod' }, /TERMINATION_PROTECTED_STAGES\.1.*stage names/],
    [{ DISPATCHER_RESERVED_CONCURRENCY: '0' }, /DISPATCHER_RESERVED_CONCURRENCY.*0 would stop every refresh/],
    [{ DISPATCHER_RESERVED_CONCURRENCY: 'few' }, /DISPATCHER_RESERVED_CONCURRENCY/],
  ])('rejects %j naming the variable', (environment, message) => {
    // Act
    const read = () => readDeploySettings(environment);

    // Assess
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(message);
  });
});

describe('matchesPattern', () => {
  it.each([
    ['staging-orders', 'staging-orders', true],
    ['staging-orders-2', 'staging-orders', false],
    ['qa-7', 'qa-*', true],
    ['prod-orders', 'qa-*', false],
    ['Staging-Orders-1', 'staging-orders-?', true],
    ['staging.orders', 'staging-orders', false],
  ])('%s against %s is %s', (identifier, pattern, expected) => {
    expect(matchesPattern(identifier, pattern)).toBe(expected);
  });
});
