import { isTransient } from '../engine/classify-error';
import { fail, type Outcome } from '../engine/outcome';
import type { StepContext } from '../engine/step';
import { StepFailedError } from '../errors';
import { RdsError } from '../ports/rds';

/**
 * RDS error names as SDK v3 raises them, with the query protocol's wire codes beside them where they
 * differ, so a step classifies an error the same way whichever spelling an implementation reports.
 */
export const RDS_ERROR = {
  clusterNotFound: ['DBClusterNotFoundFault'],
  instanceNotFound: ['DBInstanceNotFoundFault', 'DBInstanceNotFound'],
  snapshotNotFound: ['DBClusterSnapshotNotFoundFault'],
  clusterExists: ['DBClusterAlreadyExistsFault'],
  instanceExists: ['DBInstanceAlreadyExistsFault', 'DBInstanceAlreadyExists'],
  snapshotExists: ['DBClusterSnapshotAlreadyExistsFault'],
  invalidClusterState: ['InvalidDBClusterStateFault'],
  invalidInstanceState: ['InvalidDBInstanceStateFault', 'InvalidDBInstanceState'],
  invalidSnapshotState: ['InvalidDBClusterSnapshotStateFault'],
  snapshotQuota: ['SnapshotQuotaExceededFault', 'SnapshotQuotaExceeded'],
} as const satisfies Record<string, readonly string[]>;

/** True when `error` is an RdsError with one of the codes. */
export function hasRdsCode(error: unknown, codes: readonly string[]): error is RdsError {
  return error instanceof RdsError && codes.includes(error.code);
}

/** `CODE: message (resource id)`: what RDS said, for a person reading the failure. */
export function describeRdsError(error: unknown): string {
  if (error instanceof RdsError) {
    const resource = error.resourceId !== undefined && !error.message.includes(error.resourceId) ? ` (resource ${error.resourceId})` : '';
    return `${error.code}: ${error.message}${resource}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A StepFailedError carrying the operation, the step and the cause. */
export function stepFailed(context: Pick<StepContext, 'operation'>, message: string, cause?: unknown): StepFailedError {
  return new StepFailedError(message, {
    operationId: context.operation.operationId,
    step: context.operation.step,
    ...(cause !== undefined ? { cause } : {}),
  });
}

/**
 * Turns an error from an RDS call into the step's outcome. Transient errors (throttling, 5xx) are
 * thrown again, so the dispatcher turns them into a wait bounded by the deadline; anything else
 * (not found, invalid state, KMS, invalid parameters) fails the step with RDS's message and the
 * resource, since retrying the same call would fail the same way.
 */
export function rdsFailure(context: Pick<StepContext, 'operation'>, action: string, error: unknown): Outcome {
  if (isTransient(error)) throw error;
  const hint = error instanceof RdsError && /kms/i.test(error.code) ? ' Check that the key exists in this region and that its key policy lets this account use it.' : '';
  return fail(stepFailed(context, `${action} failed: ${describeRdsError(error)}.${hint}`, error));
}
