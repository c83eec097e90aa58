import { DatabaseError } from 'pg';
import { PostgresError, type ErrorContext } from '../errors';
import { withoutQuotedValues } from './quoted-values';
import { redact } from './redact';

/** The fields of a server error that `pg` exposes (pg's DatabaseError). */
interface ServerErrorFields {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
  where?: string;
}

/** True for an error the server sent (it carries a SQLSTATE); false for network and TLS errors. */
export function isServerError(error: unknown): error is Error & ServerErrorFields {
  return error instanceof DatabaseError && typeof error.code === 'string';
}

/** The SQLSTATE of a server error, if it is one. */
export function sqlStateOf(error: unknown): string | undefined {
  return isServerError(error) ? error.code : undefined;
}

/**
 * The server's words (message, detail, hint), redacted. Never the statement text: the caller
 * names what it was doing instead. `withDetail: false` leaves out the DETAIL, which for errors on
 * rows ("Failing row contains (…)", "Key (email)=(…) already exists") quotes the data itself;
 * `withoutValues: true` also replaces the values a data error quotes in its message (see quoted-values).
 */
export function describeServerError(error: unknown, sensitive: readonly string[], options: { withDetail?: boolean; withoutValues?: boolean } = {}): string {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as Partial<ServerErrorFields>;
  if (typeof fields.message !== 'string') return redact(String(error), sensitive);
  const parts = [options.withoutValues === true ? withoutQuotedValues(fields.message) : fields.message];
  if (fields.detail && options.withDetail !== false) parts.push(`Detail: ${fields.detail}`);
  if (fields.hint) parts.push(`Hint: ${fields.hint}`);
  return redact(parts.join(' '), sensitive);
}

/**
 * Wraps any error from `pg` as a PostgresError whose message says what we were doing and what the
 * server answered, redacted of `sensitive`. The driver's error is deliberately not kept as cause.
 */
export function toPostgresError(error: unknown, doing: string, sensitive: readonly string[], context: ErrorContext = {}): PostgresError {
  if (error instanceof PostgresError) return error;
  const state = sqlStateOf(error);
  return new PostgresError(`${doing}: ${describeServerError(error, sensitive)}${state ? ` [SQLSTATE ${state}]` : ''}`, state, {
    operationId: context.operationId,
    step: context.step,
  });
}
