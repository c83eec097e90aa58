import { loadConfig } from '../../src/config';
import { ConfigurationError } from '../../src/errors';
import { validEnvironment } from '../support/environment';

describe('loadConfig', () => {
  it('reads a complete environment and applies the seed waiting defaults', () => {
    const config = loadConfig(validEnvironment());
    expect(config).toMatchObject({
      tableName: 'aurora-restore-operations',
      scheduleGroupName: 'aurora-restore',
      engine: { safetyMarginMs: 120_000, operationTtlDays: 90, waitDefaults: { initialDelaySeconds: 900, multiplier: 2, maxDelaySeconds: 3600, maxChecks: 100 } },
    });
  });

  it('lets the deployment change the waiting defaults', () => {
    const config = loadConfig({ ...validEnvironment(), WAIT_STRATEGY: 'backoff', WAIT_MAX_CHECKS: '40', WAIT_DEADLINE_HOURS_PER_TB: '6' });
    expect(config.engine.waitDefaults).toMatchObject({ strategy: 'backoff', maxChecks: 40, deadlineHoursPerTb: 6 });
  });

  it('takes the safety settings from the deployment, with the tool\'s tag and no unmanaged target by default', () => {
    expect(loadConfig(validEnvironment()).engine.safety).toEqual({ managedTag: { key: 'aurora-restore:managed', value: 'true' }, allowUnmanagedTargets: false });
    expect(loadConfig({ ...validEnvironment(), MANAGED_TAG_KEY: 'env', MANAGED_TAG_VALUE: 'scratch', ALLOW_UNMANAGED_TARGETS: 'true' }).engine.safety).toEqual({
      managedTag: { key: 'env', value: 'scratch' },
      allowUnmanagedTargets: true,
    });
  });

  it.each([
    ['TABLE_NAME', undefined, /TABLE_NAME/],
    ['MANAGED_TAG_KEY', 'aws:managed', /MANAGED_TAG_KEY tag keys must not start with "aws:"/],
    ['MANAGED_TAG_VALUE', 'v'.repeat(257), /MANAGED_TAG_VALUE tag values must be at most 256 characters/],
    ['ALLOW_UNMANAGED_TARGETS', 'yes', /ALLOW_UNMANAGED_TARGETS/],
    ['SCHEDULER_ROLE_ARN', 'my-role', /SCHEDULER_ROLE_ARN must be an iam ARN/],
    ['SCHEDULE_DLQ_ARN', 'arn:aws:sns:eu-west-1:1:x', /SCHEDULE_DLQ_ARN must be an sqs ARN/],
    ['WAIT_MAX_CHECKS', 'many', /WAIT_MAX_CHECKS/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['METRICS_ENABLED', 'yes', /METRICS_ENABLED/],
    ['POWERTOOLS_LOG_LEVEL', 'chatty', /POWERTOOLS_LOG_LEVEL/],
    ['SCRIPT_MARKER_TABLE', 'markers', /SCRIPT_MARKER_TABLE must be schema\.table/],
    ['SCRIPT_MARKER_TABLE', 'Ops."x"', /SCRIPT_MARKER_TABLE must be schema\.table/],
    ['AWS_CONNECTION_TIMEOUT_SECONDS', '0', /AWS_CONNECTION_TIMEOUT_SECONDS/],
    ['AWS_REQUEST_TIMEOUT_SECONDS', 'soon', /AWS_REQUEST_TIMEOUT_SECONDS/],
  ])('names %s when it is missing or malformed, and points to .env.example', (name, value, message) => {
    const environment: Record<string, string | undefined> = { ...validEnvironment(), [name]: value };
    if (value === undefined) delete environment[name];
    expect(() => loadConfig(environment)).toThrow(ConfigurationError);
    expect(() => loadConfig(environment)).toThrow(message);
    expect(() => loadConfig(environment)).toThrow(/See \.env\.example/);
  });

  it.each([
    [{ STAGE: 'prod' }, 'prod'],
    [{}, undefined],
  ])('reads the stage the stack sets (%o), for the commands notifications print', (extra, stage) => {
    expect(loadConfig({ ...validEnvironment(), ...extra }).stage).toBe(stage);
  });

  it('rejects a stage no deploy could have', () => {
    expect(() => loadConfig({ ...validEnvironment(), STAGE: 'prod; rm -rf /' })).toThrow(/STAGE must be the stage name/);
  });

  it.each([
    ['neither', {}, undefined],
    ['LOG_LEVEL in either case', { LOG_LEVEL: 'WARN' }, 'warn'],
    ['POWERTOOLS_LOG_LEVEL over LOG_LEVEL', { LOG_LEVEL: 'info', POWERTOOLS_LOG_LEVEL: 'DEBUG' }, 'debug'],
  ])('takes the log level from %s', (_case, environment, level) => {
    expect(loadConfig({ ...validEnvironment(), ...environment }).logLevel).toBe(level);
  });

  it('reads the script marker table and the AWS client timeouts, with their defaults', () => {
    expect(loadConfig(validEnvironment())).toMatchObject({ scriptMarkerTable: { schema: 'aurora_restore', table: 'post_restore_scripts' }, awsTimeouts: { connectionTimeoutMs: 5000, requestTimeoutMs: 30000 } });
    expect(loadConfig({ ...validEnvironment(), SCRIPT_MARKER_TABLE: 'ops.scripts_done', AWS_CONNECTION_TIMEOUT_SECONDS: '2', AWS_REQUEST_TIMEOUT_SECONDS: '10' })).toMatchObject({
      scriptMarkerTable: { schema: 'ops', table: 'scripts_done' },
      awsTimeouts: { connectionTimeoutMs: 2000, requestTimeoutMs: 10000 },
    });
  });
});
