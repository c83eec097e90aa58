import { z } from 'zod';
import { DEFAULT_MANAGED_TAG } from './constants';
import { ConfigurationError } from './errors';
import type { EngineConfig } from './engine/engine-config';
import { DEFAULT_WAIT } from './engine/wait-policy';
import type { LogLevel } from './observability/logger';
import { tagKey, tagValue } from './request/identifiers';

const arn = (service: string) => z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `must be an ${service} ARN`);
const positiveNumber = z.coerce.number().positive();
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
// Powertools spells levels in upper case, our settings in lower case: either is accepted.
const logLevel = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(['debug', 'info', 'warn', 'error']));
/** `schema.table`, each a plain lower-case PostgreSQL identifier (quoted in every statement anyway). */
const MARKER_TABLE = /^([a-z_][a-z0-9_]{0,62})\.([a-z_][a-z0-9_]{0,62})$/;

/** Every environment variable the function reads; `.env.example` documents each one. */
const environmentSchema = z.object({
  AWS_REGION: z.string().min(1, 'is required (Lambda sets it)'),
  TABLE_NAME: z.string().min(3, 'must name the operations table'),
  SCHEDULE_GROUP_NAME: z.string().regex(/^[0-9a-zA-Z-_.]{1,64}$/, 'must be a Scheduler group name'),
  SCHEDULER_ROLE_ARN: arn('iam'),
  SCHEDULE_DLQ_ARN: arn('sqs'),
  DISPATCHER_FUNCTION_ARN: arn('lambda'),
  NOTIFICATION_TOPIC_ARN: arn('sns').optional(),
  STAGE: z.string().regex(/^[a-zA-Z0-9-]+$/, 'must be the stage name the stack was deployed with').optional(),
  LOG_LEVEL: logLevel.optional(),
  POWERTOOLS_LOG_LEVEL: logLevel.optional(),
  METRICS_ENABLED: flag.default(true),
  OPERATION_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  TIME_SAFETY_MARGIN_SECONDS: z.coerce.number().int().min(10).max(600).default(120),
  MAX_INLINE_STEPS: z.coerce.number().int().min(1).max(50).default(20),
  INVOCATION_BUDGET_SECONDS: z.coerce.number().int().min(10).max(840).default(300),
  SCHEDULE_RETRY_ATTEMPTS: z.coerce.number().int().min(0).max(185).default(10),
  SCHEDULE_MAX_EVENT_AGE_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  DEFAULT_STRATEGY: z.enum(['replace', 'swap']).default('replace'),
  WAIT_STRATEGY: z.enum(['progress', 'backoff', 'fixed']).default(DEFAULT_WAIT.strategy),
  WAIT_INITIAL_DELAY_SECONDS: z.coerce.number().int().min(60).default(DEFAULT_WAIT.initialDelaySeconds),
  WAIT_MULTIPLIER: z.coerce.number().min(1).default(DEFAULT_WAIT.multiplier),
  WAIT_MAX_DELAY_SECONDS: z.coerce.number().int().min(60).default(DEFAULT_WAIT.maxDelaySeconds),
  WAIT_MIN_DELAY_SECONDS: z.coerce.number().int().min(60).default(DEFAULT_WAIT.minDelaySeconds),
  WAIT_MAX_CHECKS: z.coerce.number().int().min(1).default(DEFAULT_WAIT.maxChecks),
  WAIT_DEADLINE_BASE_HOURS: positiveNumber.default(DEFAULT_WAIT.deadlineBaseHours),
  WAIT_DEADLINE_HOURS_PER_TB: z.coerce.number().min(0).default(DEFAULT_WAIT.deadlineHoursPerTb),
  RDS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  SQL_SCRIPTS_DIR: z.string().min(1).default('sql'),
  RDS_CA_BUNDLE_PATH: z.string().min(1).optional(),
  MANAGED_TAG_KEY: tagKey.default(DEFAULT_MANAGED_TAG.key),
  MANAGED_TAG_VALUE: tagValue.default(DEFAULT_MANAGED_TAG.value),
  ALLOW_UNMANAGED_TARGETS: flag.default(false),
  SCRIPT_MARKER_TABLE: z.string().regex(MARKER_TABLE, 'must be schema.table in lower-case letters, digits and underscores').default('aurora_restore.post_restore_scripts'),
  AWS_CONNECTION_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(60).default(5),
  AWS_REQUEST_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(30),
});

/** The function's configuration, read once per cold start. */
export interface AppConfig {
  region: string;
  tableName: string;
  scheduleGroupName: string;
  schedulerRoleArn: string;
  scheduleDlqArn: string;
  functionArn: string;
  /** The stack's stage (`sls deploy --stage`), for commands printed to operators; unset when run locally. */
  stage?: string;
  scheduleRetryAttempts: number;
  scheduleMaxEventAgeSeconds: number;
  /** POWERTOOLS_LOG_LEVEL, else LOG_LEVEL; unset means info. Lambda's advanced logging controls override it. */
  logLevel?: LogLevel;
  metricsEnabled: boolean;
  rdsMaxAttempts: number;
  sqlScriptsDir: string;
  rdsCaBundlePath?: string;
  /** Where each post-restore script records itself, in the database it runs in. */
  scriptMarkerTable: { schema: string; table: string };
  /** Every AWS client gives up on a connection, and on a request, after this long. */
  awsTimeouts: { connectionTimeoutMs: number; requestTimeoutMs: number };
  engine: EngineConfig;
}

function markerTable(setting: string): { schema: string; table: string } {
  const [, schema, table] = MARKER_TABLE.exec(setting) as RegExpExecArray;
  return { schema: schema as string, table: table as string };
}

/**
 * Reads and validates the environment. A missing or malformed variable throws one error naming
 * every bad variable and what it expects, so a misconfigured deployment fails on its first call.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigurationError(`Invalid configuration: ${problems.join('; ')}. See .env.example.`);
  }
  const env = parsed.data;
  return {
    region: env.AWS_REGION,
    tableName: env.TABLE_NAME,
    scheduleGroupName: env.SCHEDULE_GROUP_NAME,
    schedulerRoleArn: env.SCHEDULER_ROLE_ARN,
    scheduleDlqArn: env.SCHEDULE_DLQ_ARN,
    functionArn: env.DISPATCHER_FUNCTION_ARN,
    ...(env.STAGE !== undefined ? { stage: env.STAGE } : {}),
    scheduleRetryAttempts: env.SCHEDULE_RETRY_ATTEMPTS,
    scheduleMaxEventAgeSeconds: env.SCHEDULE_MAX_EVENT_AGE_SECONDS,
    ...((env.POWERTOOLS_LOG_LEVEL ?? env.LOG_LEVEL) !== undefined ? { logLevel: env.POWERTOOLS_LOG_LEVEL ?? env.LOG_LEVEL } : {}),
    metricsEnabled: env.METRICS_ENABLED,
    rdsMaxAttempts: env.RDS_MAX_ATTEMPTS,
    sqlScriptsDir: env.SQL_SCRIPTS_DIR,
    ...(env.RDS_CA_BUNDLE_PATH !== undefined ? { rdsCaBundlePath: env.RDS_CA_BUNDLE_PATH } : {}),
    scriptMarkerTable: markerTable(env.SCRIPT_MARKER_TABLE),
    awsTimeouts: { connectionTimeoutMs: env.AWS_CONNECTION_TIMEOUT_SECONDS * 1000, requestTimeoutMs: env.AWS_REQUEST_TIMEOUT_SECONDS * 1000 },
    engine: {
      safetyMarginMs: env.TIME_SAFETY_MARGIN_SECONDS * 1000,
      maxInlineSteps: env.MAX_INLINE_STEPS,
      invocationBudgetMs: env.INVOCATION_BUDGET_SECONDS * 1000,
      operationTtlDays: env.OPERATION_TTL_DAYS,
      ...(env.NOTIFICATION_TOPIC_ARN !== undefined ? { defaultTopicArn: env.NOTIFICATION_TOPIC_ARN } : {}),
      defaultStrategy: env.DEFAULT_STRATEGY,
      waitDefaults: {
        strategy: env.WAIT_STRATEGY,
        initialDelaySeconds: env.WAIT_INITIAL_DELAY_SECONDS,
        multiplier: env.WAIT_MULTIPLIER,
        maxDelaySeconds: env.WAIT_MAX_DELAY_SECONDS,
        minDelaySeconds: env.WAIT_MIN_DELAY_SECONDS,
        maxChecks: env.WAIT_MAX_CHECKS,
        deadlineBaseHours: env.WAIT_DEADLINE_BASE_HOURS,
        deadlineHoursPerTb: env.WAIT_DEADLINE_HOURS_PER_TB,
      },
      safety: {
        // Defaults are DEFAULT_DEPLOYMENT_SAFETY's: the tool's own tag, no unmanaged target.
        managedTag: { key: env.MANAGED_TAG_KEY, value: env.MANAGED_TAG_VALUE },
        allowUnmanagedTargets: env.ALLOW_UNMANAGED_TARGETS,
      },
    },
  };
}
