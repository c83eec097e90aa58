/** The pipeline's step names, in order; the pipeline itself is defined in src/steps/registry.ts. */
export { STEPS, type StepName } from './steps/registry';

/**
 * Operation statuses as an `as const` object, so that every `switch` over them is checked for
 * exhaustiveness by the compiler.
 */
export const OPERATION_STATUS = {
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
} as const;

/** The status of an operation. */
export type OperationStatus = (typeof OPERATION_STATUS)[keyof typeof OPERATION_STATUS];

/** CloudWatch namespace of every metric this tool emits. */
export const METRICS_NAMESPACE = 'AuroraRestore';

/** Tag that marks a cluster as one this tool may delete and replace. */
export const DEFAULT_MANAGED_TAG = { key: 'aurora-restore:managed', value: 'true' } as const;

/** Tag that carries the id of the operation that created a cluster or snapshot copy. */
export const OPERATION_TAG_KEY = 'aurora-restore:operation-id';

/** Tag that names the target cluster a snapshot copy was made for (used by keep-N archiving). */
export const TARGET_TAG_KEY = 'aurora-restore:target';

/** Tag written on snapshot copies that the archive step keeps. */
export const ARCHIVED_AT_TAG_KEY = 'aurora-restore:archived-at';

/**
 * EventBridge Scheduler fires with one-minute precision, so a schedule closer than this could fire
 * late by up to a minute anyway; we never ask for less.
 */
export const MIN_SCHEDULE_DELAY_SECONDS = 60;

/** The seed's waiting schedule: first check after 15 min, doubling, capped at 1 h, at most 100 checks. */
export const SEED_BACKOFF = {
  initialDelaySeconds: 900,
  multiplier: 2,
  maxDelaySeconds: 3600,
  maxChecks: 100,
} as const;

/**
 * A wait's deadline grows with the snapshot: a 9 TB copy may legitimately take 24 h and more.
 * deadline = baseHours + hoursPerTb × size in TB.
 */
export const DEFAULT_DEADLINE = { baseHours: 6, hoursPerTb: 4 } as const;
