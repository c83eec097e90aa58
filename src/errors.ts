import type { StepName } from './constants';

/** Context every error of this tool carries, so a log line or a saved error says where it happened. */
export interface ErrorContext {
  operationId?: string;
  step?: StepName;
  cause?: unknown;
}

/**
 * Base class of every error this tool raises on purpose. It carries the operation and step, and the
 * original error as `cause`, so the chain survives into logs and into the saved state.
 */
export class AuroraRestoreError extends Error {
  public operationId?: string;
  public step?: StepName;
  /** False when retrying the same step later may succeed (throttling, a 5xx, a quota). */
  public readonly permanent: boolean = true;

  public constructor(message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = 'AuroraRestoreError';
    this.operationId = context.operationId;
    this.step = context.step;
  }
}

/** An event or request that does not match its schema. Nothing was written. */
export class InvalidInputError extends AuroraRestoreError {
  public constructor(
    message: string,
    public readonly issues: readonly string[],
    context: ErrorContext = {},
  ) {
    super(message, context);
    this.name = 'InvalidInputError';
  }
}

/** The environment is missing or mis-sets a variable; raised once per cold start. */
export class ConfigurationError extends AuroraRestoreError {
  public constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
    this.name = 'ConfigurationError';
  }
}

/** A DynamoDB item failed its schema: the table holds something this version cannot read. */
export class CorruptStateError extends AuroraRestoreError {
  public constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
    this.name = 'CorruptStateError';
  }
}

/** No operation with this id exists. */
export class OperationNotFoundError extends AuroraRestoreError {
  public constructor(operationId: string) {
    super(`Operation ${operationId} does not exist.`, { operationId });
    this.name = 'OperationNotFoundError';
  }
}

/**
 * A write conditional on `version` lost to another writer. It carries what was expected and what the
 * table holds, so the caller can tell a duplicate delivery from a real conflict.
 */
export class VersionConflictError extends AuroraRestoreError {
  public constructor(
    public readonly expectedVersion: number,
    public readonly foundVersion: number | undefined,
    context: ErrorContext = {},
  ) {
    super(
      foundVersion === undefined
        ? `Expected operation ${context.operationId} at version ${expectedVersion}, but it does not exist.`
        : `Expected operation ${context.operationId} at version ${expectedVersion}, found version ${foundVersion}: another invocation changed it first.`,
      context,
    );
    this.name = 'VersionConflictError';
  }
}

/** An operation with this id already exists (a start delivered twice). */
export class OperationExistsError extends AuroraRestoreError {
  public constructor(operationId: string) {
    super(`Operation ${operationId} already exists.`, { operationId });
    this.name = 'OperationExistsError';
  }
}

/** Another operation holds the target's lock: only one operation may touch a target at a time. */
export class LockHeldError extends AuroraRestoreError {
  public constructor(
    public readonly target: string,
    public readonly holderOperationId: string,
    context: ErrorContext = {},
  ) {
    super(
      `Target cluster ${target} is locked by operation ${holderOperationId}. Wait for it to finish, ` +
        `or cancel it with {"command":"cancel","operationId":"${holderOperationId}"}.`,
      context,
    );
    this.name = 'LockHeldError';
  }
}

/** A wait exceeded its deadline or its maximum number of checks. */
export class WaitLimitExceededError extends AuroraRestoreError {
  public constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
    this.name = 'WaitLimitExceededError';
  }
}

/** A safety rule refused a destructive action; the resource was left untouched. */
export class SafetyViolationError extends AuroraRestoreError {
  public constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
    this.name = 'SafetyViolationError';
  }
}

/**
 * The checks before a refresh found what would make it fail after the copy or the delete: nothing
 * was copied or deleted. Each problem names the request field (or resource) and the fix.
 */
export class PreflightFailedError extends AuroraRestoreError {
  public constructor(
    public readonly problems: readonly string[],
    context: ErrorContext = {},
  ) {
    super(`The refresh cannot go ahead; nothing was copied or deleted. Fix, then start again (or resume): ${problems.map((problem, index) => `(${index + 1}) ${problem}`).join(' ')}`, context);
    this.name = 'PreflightFailedError';
  }
}

/**
 * The cluster under the target's name is not the one preflight checked (renamed, recreated, or new):
 * nothing was deleted; the refresh must start again to check what is there now.
 */
export class TargetChangedError extends SafetyViolationError {
  public constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
    this.name = 'TargetChangedError';
  }
}

/** A step failed for a reason that retrying will not fix (RDS refused, a resource is missing…). */
export class StepFailedError extends AuroraRestoreError {
  public constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
    this.name = 'StepFailedError';
  }
}

/**
 * A swap failed between its renames and undoing it failed too: the names are half swapped. Carries
 * the exact AWS CLI commands that finish the rollback by hand, in order, in its message (and so in
 * the saved error and the failure notification).
 */
export class SwapRollbackFailedError extends AuroraRestoreError {
  public constructor(
    target: string,
    swapFailure: string,
    rollbackFailure: string,
    public readonly commands: readonly string[],
    context: ErrorContext = {},
  ) {
    super(
      `The swap of ${target} failed between its renames (${swapFailure}) and rolling it back failed too (${rollbackFailure}). ` +
        `Finish the rollback by hand, in this order, waiting after each until the resource is available: ${commands.map((command, index) => `(${index + 1}) ${command}`).join(' ')}. ` +
        'Then resume the operation to record it.',
      context,
    );
    this.name = 'SwapRollbackFailedError';
  }
}

/** A failure that may pass on its own (throttling, 5xx, quota): the step is retried after a wait. */
export class TransientError extends AuroraRestoreError {
  public override readonly permanent = false;
  public constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
    this.name = 'TransientError';
  }
}

/** The messages of an error and of each of its causes, outermost first. */
export function causeChain(error: unknown, limit = 8): string[] {
  const chain: string[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < limit) {
    if (current instanceof Error) {
      chain.push(`${current.name}: ${current.message}`);
      current = (current as { cause?: unknown }).cause;
    } else {
      chain.push(String(current));
      break;
    }
  }
  return chain;
}

/**
 * PostgreSQL refused a statement or a login. It carries the SQLSTATE so callers can tell an
 * authentication failure (28P01, 28000) from anything else; its text has been redacted of every
 * password and verifier, and it never keeps the driver's error as cause, which could echo one.
 */
export class PostgresError extends AuroraRestoreError {
  public constructor(
    message: string,
    /** SQLSTATE reported by the server, e.g. 42501; undefined for client-side failures. */
    public readonly sqlState: string | undefined,
    context: ErrorContext = {},
  ) {
    super(message, context);
    this.name = 'PostgresError';
  }

  /** True when the server refused the credentials (invalid_password, invalid_authorization_specification). */
  public get isAuthenticationFailure(): boolean {
    return this.sqlState === '28P01' || this.sqlState === '28000';
  }
}

/** A post-restore SQL script failed; its transaction was rolled back. Names the script and where in it. */
export class SqlScriptError extends PostgresError {
  public constructor(
    message: string,
    public readonly location: { script: string; statement: number; line: number; column: number },
    sqlState: string | undefined,
    context: ErrorContext = {},
  ) {
    super(message, sqlState, context);
    this.name = 'SqlScriptError';
  }
}

/**
 * Error names meaning "the same call may succeed later": throttling, service-side failures, timeouts
 * and network errors, as AWS SDK v3 and the services' wire protocols spell them. The one list.
 */
export const TRANSIENT_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'InternalServerException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * True when the same call may succeed later: an AuroraRestoreError that is not permanent, an error
 * that says it is retryable (`retryable`, the SDK's `$retryable`), a 5xx, or a name in the list above.
 * Duck-typed: errors from another realm (Node's socket errors under a test VM) fail `instanceof Error`.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof AuroraRestoreError) return !error.permanent;
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { name?: unknown; code?: unknown; retryable?: unknown; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (typeof candidate.retryable === 'boolean') return candidate.retryable;
  if (candidate.$retryable !== undefined) return true;
  const status = candidate.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return (typeof candidate.name === 'string' && TRANSIENT_ERROR_NAMES.has(candidate.name)) || (typeof candidate.code === 'string' && TRANSIENT_ERROR_NAMES.has(candidate.code));
}
