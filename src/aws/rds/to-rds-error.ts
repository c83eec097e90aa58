import { isTransientError } from '../../errors';
import { RdsError } from '../../ports/rds';

/**
 * Wraps an SDK error as the port's RdsError: AWS's error name as the code (SDK v3 names, e.g.
 * `DBInstanceNotFoundFault`), the resource the call was about, and whether the same call may succeed
 * later. The SDK has already retried throttling and 5xx (standard mode) by the time this runs.
 */
export function toRdsError(error: unknown, resourceId?: string): RdsError {
  if (error instanceof RdsError) return error;
  const name = error instanceof Error ? error.name : 'UnknownError';
  const message = error instanceof Error ? error.message : String(error);
  return new RdsError(name, message, resourceId, { cause: error, ...(isTransientError(error) ? { retryable: true } : {}) });
}
