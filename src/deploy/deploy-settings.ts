import { z } from 'zod';
import { STEPS, type StepName } from '../constants';
import { ConfigurationError } from '../errors';
import { describeIssues } from '../events/parse-event';
import { PIPELINE } from '../steps/registry';

/**
 * Variables the function reads at run time and that a deployment may set in `.env`. The deployment
 * passes each one on only when it is set, so the function's own defaults (src/config.ts) apply
 * otherwise. The variables the stack provides itself (table, group, role, queue, topic, function
 * ARN, stage) and AWS_REGION (set by Lambda) are not in this list.
 */
export const PASS_THROUGH_VARIABLES = [
  'LOG_LEVEL',
  'POWERTOOLS_LOG_LEVEL',
  'METRICS_ENABLED',
  'OPERATION_TTL_DAYS',
  'TIME_SAFETY_MARGIN_SECONDS',
  'MAX_INLINE_STEPS',
  'INVOCATION_BUDGET_SECONDS',
  'SCHEDULE_RETRY_ATTEMPTS',
  'SCHEDULE_MAX_EVENT_AGE_SECONDS',
  'DEFAULT_STRATEGY',
  'WAIT_STRATEGY',
  'WAIT_INITIAL_DELAY_SECONDS',
  'WAIT_MULTIPLIER',
  'WAIT_MAX_DELAY_SECONDS',
  'WAIT_MIN_DELAY_SECONDS',
  'WAIT_MAX_CHECKS',
  'WAIT_DEADLINE_BASE_HOURS',
  'WAIT_DEADLINE_HOURS_PER_TB',
  'RDS_MAX_ATTEMPTS',
  'SQL_SCRIPTS_DIR',
  'RDS_CA_BUNDLE_PATH',
  'MANAGED_TAG_KEY',
  'MANAGED_TAG_VALUE',
  'ALLOW_UNMANAGED_TARGETS',
  'SCRIPT_MARKER_TABLE',
  'AWS_CONNECTION_TIMEOUT_SECONDS',
  'AWS_REQUEST_TIMEOUT_SECONDS',
] as const;

/** Variables the stack sets from its own resources; `.env` cannot override them. */
export const STACK_PROVIDED_VARIABLES = [
  'TABLE_NAME',
  'SCHEDULE_GROUP_NAME',
  'SCHEDULER_ROLE_ARN',
  'SCHEDULE_DLQ_ARN',
  'DISPATCHER_FUNCTION_ARN',
  'NOTIFICATION_TOPIC_ARN',
  'STAGE',
] as const;

/** How long each step may take before its alarm fires, in seconds, as the pipeline defines it. */
export const DEFAULT_STEP_DURATION_ALARM_SECONDS = Object.fromEntries(PIPELINE.map((step) => [step.name, step.alarmAfterSeconds])) as Record<StepName, number>;

/** Hours without a successful refresh of a nightly target before its alarm fires (one night plus slack). */
export const DEFAULT_MISSED_REFRESH_HOURS = 26;

/**
 * Snapshots this tool names (src/rds/naming.ts): copies `aurora-restore-<target>-<operation id>`,
 * final snapshots `aurora-restore-final-<target>-<operation id>`. IAM matches them by these prefixes.
 */
export const SNAPSHOT_NAME_PREFIXES = { copy: 'aurora-restore-', final: 'aurora-restore-final-' } as const;

const commaList = (item: z.ZodType<string, string>) =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(item));

/**
 * An RDS identifier or a pattern of them (`*` any run of characters, `?` one). A pattern must start
 * with a letter: a bare `*` would let the function delete every cluster in the account.
 */
const identifierPattern = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9*?-]{0,62}$/, 'must be an RDS identifier or a pattern such as staging-* (starting with a letter)')
  .transform((value) => value.toLowerCase());

const secretArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[a-zA-Z0-9/_+=.@!*?-]+$/, 'must be a Secrets Manager secret ARN (a trailing * matches the random suffix)');

const kmsKeyArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-zA-Z0-9-]+$/, 'must be a KMS key ARN arn:aws:kms:<region>:<account>:key/<id> (IAM cannot match aliases)');

const s3Prefix = z.string().regex(/^s3:\/\/[a-z0-9.-]{3,63}\/[^*]*$/, 'must be an S3 prefix such as s3://my-bucket/sql/');

const topicArnItem = z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]{1,256}$/, 'must be an SNS topic ARN');

const stepThresholds = z
  .string()
  .default('')
  .transform((value, context) => {
    const thresholds: Partial<Record<StepName, number>> = {};
    for (const part of value.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
      const [step, seconds] = part.split('=').map((p) => p.trim());
      if (!(STEPS as readonly string[]).includes(step ?? '') || !/^\d+$/.test(seconds ?? '') || Number(seconds) < 60) {
        context.addIssue({ code: 'custom', message: `"${part}" must be <step>=<seconds ≥ 60>, with a step among ${STEPS.join(', ')}` });
        return z.NEVER;
      }
      thresholds[step as StepName] = Number(seconds);
    }
    return { ...DEFAULT_STEP_DURATION_ALARM_SECONDS, ...thresholds };
  });

/** Deploy-time settings: read from `.env` (or the shell) while packaging, never by the function. */
const deploySettingsSchema = z.object({
  NOTIFICATION_EMAIL: z
    .string()
    .default('')
    .refine((value) => value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'must be an e-mail address or empty'),
  TARGET_CLUSTER_IDS: commaList(identifierPattern),
  TARGET_INSTANCE_IDS: commaList(identifierPattern),
  SECRET_ARNS: commaList(secretArn),
  KMS_KEY_ARNS: commaList(kmsKeyArn),
  SQL_S3_PREFIXES: commaList(s3Prefix),
  EXTRA_TOPIC_ARNS: commaList(topicArnItem),
  NIGHTLY_TARGETS_FILE: z.string().default(''),
  VPC_SUBNET_IDS: commaList(z.string().regex(/^subnet-[0-9a-f]+$/, 'must be a subnet id subnet-…')),
  VPC_SECURITY_GROUP_IDS: commaList(z.string().regex(/^sg-[0-9a-f]+$/, 'must be a security group id sg-…')),
  LOG_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .refine((days) => [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].includes(days), 'must be a CloudWatch Logs retention such as 14, 30, 90 or 365')
    .default(30),
  STEP_DURATION_ALARM_SECONDS: stepThresholds,
  MISSED_REFRESH_ALARM_HOURS: z.coerce.number().int().min(1).max(168).default(DEFAULT_MISSED_REFRESH_HOURS),
  // Stage names as the framework accepts them (`--stage`).
  TERMINATION_PROTECTED_STAGES: commaList(z.string().regex(/^[a-zA-Z0-9-]+$/, 'must be stage names such as prod (letters, digits, -)')),
  // 0 would stop the function altogether; more than a handful is never needed (one bounded step per operation at a time).
  DISPATCHER_RESERVED_CONCURRENCY: z.coerce.number().int().min(1, 'must be at least 1 (0 would stop every refresh)').max(1000).optional(),
});

/** Names of the deploy-time settings, for documentation checks. */
export const DEPLOY_SETTING_NAMES = Object.keys(deploySettingsSchema.shape);

/** Deploy-time settings after validation. */
export interface DeploySettings {
  notificationEmail?: string;
  /** Cluster identifiers (or patterns) the function may delete and restore, from `.env`. */
  targetClusterPatterns: string[];
  /** Instance identifiers (or patterns) it may delete and create; empty = `<cluster>-*` for each cluster. */
  targetInstancePatterns: string[];
  secretArns: string[];
  kmsKeyArns: string[];
  sqlS3Prefixes: string[];
  extraTopicArns: string[];
  nightlyTargetsFile?: string;
  vpc?: { subnetIds: string[]; securityGroupIds: string[] };
  logRetentionDays: number;
  stepDurationAlarmSeconds: Record<StepName, number>;
  missedRefreshHours: number;
  /** Stages whose stack gets CloudFormation termination protection on deploy. */
  terminationProtectedStages: string[];
  /** Concurrent executions reserved for (and capping) the dispatcher; unset = the account's unreserved pool. */
  reservedConcurrency?: number;
  /** The run-time variables `.env` sets, passed to the function as they are. */
  functionVariables: Record<string, string>;
}

function blankToUndefined(environment: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = environment[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Reads the deploy-time settings. Empty variables count as unset (`.env.example` leaves optional
 * ones empty). One error names every bad variable, so `sls package` fails before building anything.
 */
export function readDeploySettings(environment: NodeJS.ProcessEnv): DeploySettings {
  const present = Object.fromEntries(
    Object.keys(deploySettingsSchema.shape)
      .map((name) => [name, blankToUndefined(environment, name)] as const)
      .filter(([, value]) => value !== undefined),
  );
  const parsed = deploySettingsSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigurationError(`Invalid deployment settings: ${describeIssues(parsed.error).join('; ')}. See .env.example.`);
  }
  const env = parsed.data;
  const hasVpc = env.VPC_SUBNET_IDS.length > 0 || env.VPC_SECURITY_GROUP_IDS.length > 0;
  if (hasVpc && (env.VPC_SUBNET_IDS.length === 0 || env.VPC_SECURITY_GROUP_IDS.length === 0)) {
    throw new ConfigurationError('Invalid deployment settings: VPC_SUBNET_IDS and VPC_SECURITY_GROUP_IDS must be set together (or both left empty). See .env.example.');
  }
  const functionVariables: Record<string, string> = {};
  for (const name of PASS_THROUGH_VARIABLES) {
    const value = blankToUndefined(environment, name);
    if (value !== undefined) functionVariables[name] = value;
  }
  return {
    ...(env.NOTIFICATION_EMAIL !== '' ? { notificationEmail: env.NOTIFICATION_EMAIL } : {}),
    targetClusterPatterns: env.TARGET_CLUSTER_IDS,
    targetInstancePatterns: env.TARGET_INSTANCE_IDS,
    secretArns: env.SECRET_ARNS,
    kmsKeyArns: env.KMS_KEY_ARNS,
    sqlS3Prefixes: env.SQL_S3_PREFIXES,
    extraTopicArns: env.EXTRA_TOPIC_ARNS,
    ...(env.NIGHTLY_TARGETS_FILE !== '' ? { nightlyTargetsFile: env.NIGHTLY_TARGETS_FILE } : {}),
    ...(hasVpc ? { vpc: { subnetIds: env.VPC_SUBNET_IDS, securityGroupIds: env.VPC_SECURITY_GROUP_IDS } } : {}),
    logRetentionDays: env.LOG_RETENTION_DAYS,
    stepDurationAlarmSeconds: env.STEP_DURATION_ALARM_SECONDS,
    missedRefreshHours: env.MISSED_REFRESH_ALARM_HOURS,
    terminationProtectedStages: env.TERMINATION_PROTECTED_STAGES,
    ...(env.DISPATCHER_RESERVED_CONCURRENCY !== undefined ? { reservedConcurrency: env.DISPATCHER_RESERVED_CONCURRENCY } : {}),
    functionVariables,
  };
}

/** True when an identifier matches a pattern of `*` (any run) and `?` (one character). */
export function matchesPattern(identifier: string, pattern: string): boolean {
  const expression = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${expression}$`).test(identifier.toLowerCase());
}
