import { isTransientError, StepFailedError } from '../errors';
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

/** A resource in a state that refuses the call for now: the step waits and tries again. */
export const RDS_BUSY_CODES: readonly string[] = [...RDS_ERROR.invalidClusterState, ...RDS_ERROR.invalidInstanceState, ...RDS_ERROR.invalidSnapshotState];

/** True when `error` is an RdsError with one of the codes. */
export function hasRdsCode(error: unknown, codes: readonly string[]): error is RdsError {
  return error instanceof RdsError && codes.includes(error.code);
}

/** `CODE: message (resource id)`: what RDS said, for a person reading the failure, with a hint for KMS errors. */
export function describeRdsError(error: unknown): string {
  if (error instanceof RdsError) {
    const resource = error.resourceId !== undefined && !error.message.includes(error.resourceId) ? ` (resource ${error.resourceId})` : '';
    const hint = /kms/i.test(error.code) ? '. Check that the key exists in this region and that its key policy lets this account use it' : '';
    return `${error.code}: ${error.message}${resource}${hint}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A StepFailedError with the RDS error as its cause, saying what the step was doing; the engine adds operation and step. */
export function stepFailed(message: string, cause?: unknown): StepFailedError {
  return new StepFailedError(message, cause !== undefined ? { cause } : {});
}

/**
 * Runs one RDS call labelled with what the step was doing: an error the engine would fail on is
 * rethrown as a StepFailedError saying so (`Describing cluster x failed: CODE: …`); transient and
 * busy errors pass through unchanged, for the engine to retry or wait on.
 */
export async function rdsCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw labelError(action, error);
  }
}

/** The error to throw for a failed call: transient and busy errors as they are, anything else labelled with the action. */
export function labelError(action: string, error: unknown): unknown {
  if (isTransientError(error) || hasRdsCode(error, RDS_BUSY_CODES)) return error;
  return stepFailed(`${action} failed: ${describeRdsError(error)}.`, error);
}
