import { z } from 'zod';
import { OPERATION_STATUS, STEPS } from '../constants';
import { refreshRequestSchema } from '../request/schema';

const isoTime = z.iso.datetime({ offset: true });

/** What each step learned, kept so a later step (or a resumed operation) never has to guess. */
export const factsSchema = z.strictObject({
  // snapshot-check
  sourceSnapshotId: z.string().optional(),
  sourceSnapshotArn: z.string().optional(),
  snapshotCreateTime: isoTime.optional(),
  snapshotType: z.string().optional(),
  sizeGb: z.number().nonnegative().optional(),
  encrypted: z.boolean().optional(),
  sourceKmsKeyId: z.string().optional(),
  engineVersion: z.string().optional(),
  /**
   * The source cluster's identity, `account:region:cluster` in lower case: while the operation
   * runs, no other operation may delete that cluster.
   */
  sourceClusterKey: z.string().max(200).optional(),
  /** The existing target's settings, recorded at preflight: the restore uses them wherever the request is silent. */
  targetConfiguration: z
    .strictObject({
      subnetGroup: z.string().max(255).optional(),
      securityGroupIds: z.array(z.string().max(64)).max(5).optional(),
      clusterParameterGroup: z.string().max(255).optional(),
      port: z.number().int().optional(),
      iamDatabaseAuthentication: z.boolean().optional(),
      serverlessV2Scaling: z.strictObject({ minCapacity: z.number(), maxCapacity: z.number() }).optional(),
      engineVersion: z.string().max(64).optional(),
      storageType: z.string().max(32).optional(),
      cloudwatchLogsExports: z.array(z.string().max(64)).max(10).optional(),
      backupRetentionDays: z.number().int().optional(),
      preferredBackupWindow: z.string().max(32).optional(),
      preferredMaintenanceWindow: z.string().max(32).optional(),
      deletionProtection: z.boolean().optional(),
      copyTagsToSnapshot: z.boolean().optional(),
      tags: z.record(z.string().max(128), z.string().max(256)).optional(),
      /** Readers Aurora Auto Scaling made: not rebuilt (its policy makes them again). */
      autoScaledInstanceIds: z.array(z.string().max(63)).max(40).optional(),
      instances: z
        .array(
          z.strictObject({
            id: z.string().max(63),
            instanceClass: z.string().max(64),
            parameterGroup: z.string().max(255).optional(),
            promotionTier: z.number().int().optional(),
            performanceInsights: z.strictObject({ enabled: z.boolean(), kmsKeyId: z.string().max(2048).optional(), retentionDays: z.number().int().optional() }).optional(),
            caCertificate: z.string().max(64).optional(),
          }),
        )
        .max(40),
    })
    .optional(),
  /** The target did not exist: its configuration is the one this earlier operation recorded. */
  targetConfigurationFrom: z.strictObject({ operationId: z.string().max(128), recordedAt: isoTime }).optional(),
  /** The target's identity recorded at preflight (DbClusterResourceId and ARN): only that cluster may be deleted. */
  targetResourceId: z.string().max(255).optional(),
  /** Whether the target's deletion protection was on at preflight: a failure leaves it so. */
  targetDeletionProtection: z.boolean().optional(),
  targetArn: z.string().max(2048).optional(),
  /** The cluster the chosen snapshot was taken from (with the snapshot ARN's account and region, the source's identity). */
  snapshotClusterId: z.string().optional(),
  /** clone / point-in-time: the source cluster read from, and its restorable window when snapshot-check saw it. */
  sourceClusterArn: z.string().optional(),
  sourceEarliestRestorableTime: isoTime.optional(),
  sourceLatestRestorableTime: isoTime.optional(),
  /** clone / point-in-time: `copy-on-write` or `full-copy`. */
  restoreType: z.enum(['copy-on-write', 'full-copy']).optional(),
  copyNeeded: z.boolean().optional(),
  copyReason: z.string().optional(),
  // copy-snapshot / check-copy-status
  copySnapshotId: z.string().optional(),
  copySnapshotArn: z.string().optional(),
  copyAdopted: z.boolean().optional(),
  /** The snapshot the restore uses: the copy, or the source when no copy was needed. */
  restoreSnapshotId: z.string().optional(),
  // delete-rds / check-delete-status
  targetExisted: z.boolean().optional(),
  deletedInstanceIds: z.array(z.string()).optional(),
  finalSnapshotId: z.string().optional(),
  deletionProtectionDisabled: z.boolean().optional(),
  // restore-snapshot / check-restore-status
  clusterArn: z.string().optional(),
  clusterAdopted: z.boolean().optional(),
  createdInstanceIds: z.array(z.string()).optional(),
  /** Instances rebooted once to apply a parameter group left `pending-reboot` (never twice). */
  rebootedInstanceIds: z.array(z.string().max(63)).max(40).optional(),
  writerEndpoint: z.string().optional(),
  readerEndpoint: z.string().optional(),
  port: z.number().int().optional(),
  masterUsername: z.string().optional(),
  // setup-db-users
  masterPasswordSet: z.boolean().optional(),
  /** When the master password change was requested: a login refused soon after means "not applied yet". */
  masterPasswordChangedAt: isoTime.optional(),
  /** The RDS-managed master secret (its ARN, never its value) when RDS manages the password. */
  masterSecretArn: z.string().optional(),
  rolesConfigured: z.array(z.string()).optional(),
  rolesDropped: z.array(z.string()).optional(),
  /** Scripts committed so far, so a resumed step does not run a committed script again. */
  sqlScriptsRun: z.array(z.string()).optional(),
  /** What PostgreSQL skipped (e.g. a GRANT on objects the master user may not grant on), for the notification. */
  databaseWarnings: z.array(z.string()).optional(),
  // swap (preflight, verify, swap-rename, rollback, retire)
  /** `replace` or `swap`, fixed at preflight (the request's, else the deployment's default then). */
  strategy: z.enum(['replace', 'swap']).optional(),
  /** The old target's instances at preflight: a swap renames them away with it. */
  targetInstanceIds: z.array(z.string().max(63)).max(40).optional(),
  /** verify: the checks the new cluster passed. */
  verifiedChecks: z.array(z.string().max(100)).max(40).optional(),
  /** swap-rename: how many renames of the swap plan were recorded as issued (each before it is issued). */
  swapRenamesIssued: z.number().int().nonnegative().optional(),
  /** swap-rename: when the new cluster answered to the target's name, with every rename done. */
  swappedAt: isoTime.optional(),
  /**
   * swap-rename: the DbClusterResourceId of the cluster this operation swapped in. The ARN follows the
   * name, so only this tells whether the cluster under the target's name is still ours (a rollback
   * is refused once a newer swap replaced it).
   */
  swappedInResourceId: z.string().max(255).optional(),
  /** rollback: why the swap is being undone — a failure between the renames, or the rollback command. */
  swapRollback: z.strictObject({ cause: z.enum(['failure', 'command']), reason: z.string().max(2000) }).optional(),
  /** rollback: how many of the reversed renames were recorded as issued. */
  rollbackRenamesIssued: z.number().int().nonnegative().optional(),
  rolledBackAt: isoTime.optional(),
  /** retire: the retired cluster's delete was issued (a rollback is no longer possible). */
  retiredDeleteStarted: z.boolean().optional(),
  retiredDeleted: z.boolean().optional(),
  // archive-snapshot
  archiveDeletedSnapshotIds: z.array(z.string()).optional(),
  archiveKeptSnapshotIds: z.array(z.string()).optional(),
  /** Copies the archive step left in place: not provably made by this tool for this target, or older copies it could not delete. */
  archiveSkippedSnapshotIds: z.array(z.string()).optional(),
  // sns-notification
  notificationMessageId: z.string().optional(),
  /** What was undone after a failure (a useless copy deleted, deletion protection switched back on). */
  undoneAfterFailure: z.array(z.string().max(1000)).max(20).optional(),
  /** Dry run: what would have been done, in order. */
  plan: z.array(z.string()).optional(),
});

/** Per-step bookkeeping: how often it ran and checked, and when. */
export const stepRunSchema = z.strictObject({
  attempts: z.number().int().nonnegative(),
  checks: z.number().int().nonnegative(),
  startedAt: isoTime,
  endedAt: isoTime.optional(),
  durationMs: z.number().nonnegative().optional(),
  /** Times the step asked to go on (`continue`) in this attempt; part of its token. */
  continuations: z.number().int().nonnegative().optional(),
});

/** One observation of a long-running resource's progress, kept for the ETA estimate. */
export const progressSampleSchema = z.strictObject({
  at: isoTime,
  percent: z.number().min(0).max(100),
});

/** The error saved on a failed operation: class, message and the cause chain. Never a secret. */
export const savedErrorSchema = z.strictObject({
  name: z.string(),
  message: z.string(),
  step: z.enum(STEPS),
  causes: z.array(z.string()),
  at: isoTime,
});

/** A resource an operation is waiting on, so an RDS event about it can wake the operation. */
export const waitingOnSchema = z.strictObject({
  kind: z.enum(['cluster', 'instance', 'snapshot']),
  id: z.string(),
});

/**
 * An invocation's claim to run the operation's current step (token), until it expires: of two
 * deliveries of the same event at the same moment, the one whose conditional write lands runs.
 */
export const claimSchema = z.strictObject({
  token: z.string(),
  /** After this the claimant is presumed dead (past the Lambda timeout) and the step may run again. */
  until: isoTime,
});

/** A notification sent, by its deterministic id: it is not sent again on a repeated delivery. */
export const sentNotificationSchema = z.strictObject({
  id: z.string(),
  messageId: z.string().optional(),
  at: isoTime,
});

/** An operation, as the engine and the steps see it. Validated on every read and write; storage keys are the store's business. */
export const operationSchema = z.strictObject({
  operationId: z.string(),
  /** Target cluster id; partition key of the per-target index. */
  target: z.string(),
  /** Creation time; sort key of the per-target index (newest first when read backwards). */
  createdAt: isoTime,
  updatedAt: isoTime,
  status: z.enum([OPERATION_STATUS.RUNNING, OPERATION_STATUS.SUCCEEDED, OPERATION_STATUS.FAILED, OPERATION_STATUS.CANCELLED]),
  step: z.enum(STEPS),
  /** The token the next event for this operation must carry; anything else is stale. */
  token: z.string(),
  /** Incremented on every write; every write is conditional on the value read. */
  version: z.number().int().nonnegative(),
  request: refreshRequestSchema,
  idempotencyKey: z.string().optional(),
  facts: factsSchema,
  stepRuns: z.partialRecord(z.enum(STEPS), stepRunSchema),
  progress: z.array(progressSampleSchema).optional(),
  eta: isoTime.optional(),
  waitReason: z.string().optional(),
  waitingOn: z.array(waitingOnSchema).optional(),
  nextCheckAt: isoTime.optional(),
  scheduleName: z.string().optional(),
  claim: claimSchema.optional(),
  notificationsSent: z.array(sentNotificationSchema).max(50).optional(),
  totalChecks: z.number().int().nonnegative(),
  /**
   * When the operation delivered its result and let go of its target: the lock released, the
   * success announced and counted. A RUNNING operation with this set only tidies up (e.g. a swap's
   * retired cluster kept, then deleted) and stands in nobody's way: it is not a running
   * operation's source, and its lock may be taken.
   */
  targetReleasedAt: isoTime.optional(),
  error: savedErrorSchema.optional(),
  finishedAt: isoTime.optional(),
  /** DynamoDB TTL (epoch seconds), set when the operation finishes. */
  expiresAt: z.number().int().optional(),
});

export type Facts = z.output<typeof factsSchema>;
export type StepRun = z.output<typeof stepRunSchema>;
export type ProgressSample = z.output<typeof progressSampleSchema>;
export type SavedError = z.output<typeof savedErrorSchema>;
export type WaitingOn = z.output<typeof waitingOnSchema>;
export type Claim = z.output<typeof claimSchema>;
/** An operation as the dispatcher and steps see it. */
export type Operation = z.output<typeof operationSchema>;

/** The short view of an operation returned by `status` and `list`. */
export interface OperationSummary {
  operationId: string;
  target: string;
  status: Operation['status'];
  step: Operation['step'];
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  nextCheckAt?: string;
  eta?: string;
  waitReason?: string;
  progressPercent?: number;
  totalChecks: number;
  /** Set once the operation delivered its result and released the target (see Operation.targetReleasedAt). */
  targetReleasedAt?: string;
  error?: { name: string; message: string; step: string };
}

/** Reduces an operation to what a person checking on it needs. */
export function summarize(operation: Operation): OperationSummary {
  const lastProgress = operation.progress?.at(-1);
  return {
    operationId: operation.operationId,
    target: operation.target,
    status: operation.status,
    step: operation.step,
    createdAt: operation.createdAt,
    updatedAt: operation.updatedAt,
    ...(operation.finishedAt ? { finishedAt: operation.finishedAt } : {}),
    ...(operation.nextCheckAt && operation.status === 'RUNNING' ? { nextCheckAt: operation.nextCheckAt } : {}),
    ...(operation.eta && operation.status === 'RUNNING' ? { eta: operation.eta } : {}),
    ...(operation.waitReason && operation.status === 'RUNNING' ? { waitReason: operation.waitReason } : {}),
    ...(lastProgress ? { progressPercent: lastProgress.percent } : {}),
    totalChecks: operation.totalChecks,
    ...(operation.targetReleasedAt !== undefined ? { targetReleasedAt: operation.targetReleasedAt } : {}),
    ...(operation.error ? { error: { name: operation.error.name, message: operation.error.message, step: operation.error.step } } : {}),
  };
}
