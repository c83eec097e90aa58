import { AuroraRestoreError } from '../errors';
import { RdsError } from '../ports/rds';

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServerError',
  'InternalServerException',
  'RequestTimeout',
  'TimeoutError',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EAI_AGAIN',
]);

/**
 * True when the same call may succeed later: throttling, 5xx, quotas, network. Such errors turn
 * into a wait (bounded by the step's deadline) instead of failing an operation that has run for a day.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof AuroraRestoreError) return !error.permanent;
  if (error instanceof RdsError) return error.retryable;
  // Duck-typed: errors from another realm (Node's socket errors under a test VM) fail `instanceof Error`.
  if (typeof error !== 'object' || error === null || typeof (error as { name?: unknown }).name !== 'string') return false;
  const named = error as Error;
  const meta = (error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; code?: string }).$metadata;
  if (meta?.httpStatusCode !== undefined && meta.httpStatusCode >= 500) return true;
  if ((error as { $retryable?: unknown }).$retryable !== undefined) return true;
  const code = (error as { code?: string }).code;
  return TRANSIENT_NAMES.has(named.name) || (code !== undefined && TRANSIENT_NAMES.has(code));
}
