import { Client, type ClientConfig } from 'pg';
import { PostgresError, TransientError } from '../errors';
import type { Logger } from '../observability/logger';
import type { DatabaseConnection } from '../ports/database';
import { describeServerError, sqlStateOf, toPostgresError } from './postgres-errors';

/** How long to keep trying while the endpoint does not accept connections yet. */
export interface ConnectRetry {
  /** Connection attempts in one call, the first included. */
  attempts: number;
  /** Pause before the second attempt; doubles after each failure, capped at `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Aurora reports a cluster `available` a little before its endpoint's DNS name resolves and the
 * writer answers; a few seconds of retries absorb that. Anything longer becomes a TransientError,
 * and the dispatcher checks again after a scheduled wait instead of holding the Lambda.
 */
export const DEFAULT_CONNECT_RETRY: ConnectRetry = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 };

/** What opening a connection needs besides the connection itself. */
export interface ConnectDependencies {
  /** CA certificates for `verify-full`, loaded on first use. */
  certificateAuthorities: () => string[];
  retry: ConnectRetry;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
}

// Network-level refusals and server states that pass once the endpoint is up.
const NOT_READY_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// cannot_connect_now (starting up), too_many_connections, admin_shutdown, crash_shutdown.
const NOT_READY_SQLSTATES = new Set(['57P03', '53300', '57P01', '57P02']);
const NOT_READY_MESSAGES = [/timeout expired/i, /Connection terminated/i, /connection timeout/i];

/** True when the endpoint simply is not accepting connections yet; false for TLS, auth or a missing database. */
export function isEndpointNotReady(error: unknown): boolean {
  // Duck-typed: socket errors may come from another realm (a test sandbox), where instanceof Error fails.
  if (typeof error !== 'object' || error === null) return false;
  const state = sqlStateOf(error);
  if (state !== undefined) return NOT_READY_SQLSTATES.has(state);
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && NOT_READY_CODES.has(code)) return true;
  return typeof message === 'string' && NOT_READY_MESSAGES.some((pattern) => pattern.test(message));
}

/** The `pg` client configuration: TLS, timeouts, and nothing taken from PG* environment variables by accident. */
export function clientConfig(connection: DatabaseConnection, database: string, certificateAuthorities: () => string[]): ClientConfig {
  const statementMs = connection.statementTimeoutSeconds * 1000;
  return {
    host: connection.host,
    port: connection.port,
    database,
    user: connection.user,
    password: connection.password,
    ssl: connection.tls === 'disable' ? false : { ca: certificateAuthorities(), rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    connectionTimeoutMillis: connection.connectTimeoutSeconds * 1000,
    statement_timeout: statementMs,
    // A transaction left open by a lost client must not hold locks until the server notices.
    idle_in_transaction_session_timeout: statementMs + 60_000,
    // The client gives up only if the server never answers (a dead network), after the server's own timeout.
    query_timeout: statementMs + 15_000,
    application_name: 'aurora-restore',
    keepAlive: true,
  };
}

function where(connection: DatabaseConnection, database: string): string {
  return `PostgreSQL ${connection.user}@${connection.host}:${connection.port}/${database}`;
}

/**
 * Opens a connection, retrying a bounded number of times while the endpoint does not accept
 * connections. Exhausted retries raise TransientError (the step is retried after a wait); a TLS
 * verification failure, a refused login or a missing database raise PostgresError at once.
 */
export async function connect(connection: DatabaseConnection, database: string, dependencies: ConnectDependencies): Promise<Client> {
  const { retry, logger, sleep } = dependencies;
  const started = Date.now();
  let delay = retry.baseDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    const client = new Client(clientConfig(connection, database, dependencies.certificateAuthorities));
    // Without a listener, an error on an idle connection would crash the process.
    client.on('error', (error) => logger.warn('database connection error', { host: connection.host, database, error: describeServerError(error, [connection.password]) }));
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      const reason = describeServerError(error, [connection.password]);
      if (!isEndpointNotReady(error)) {
        throw toPostgresError(error, `Cannot connect to ${where(connection, database)}${connection.tls === 'verify-full' ? ' (TLS verify-full)' : ''}`, [connection.password]);
      }
      if (attempt >= retry.attempts) {
        const seconds = Math.round((Date.now() - started) / 1000);
        throw new TransientError(`${where(connection, database)} does not accept connections yet (${attempt} attempts over ${seconds} s; last: ${reason})`);
      }
      logger.info('database endpoint not accepting connections yet; retrying', { host: connection.host, port: connection.port, database, attempt, reason });
      await sleep(delay);
      delay = Math.min(retry.maxDelayMs, delay * 2);
    }
  }
}

/** Runs `work` on a fresh connection and always closes it. */
export async function withConnection<T>(
  connection: DatabaseConnection,
  database: string,
  dependencies: ConnectDependencies,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = await connect(connection, database, dependencies);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether `user` can log in with `password` right now. Used to leave a correct password alone, so a
 * second run changes nothing; any failure (wrong password, no CONNECT right, no LOGIN) means no.
 */
export async function canLogIn(connection: DatabaseConnection, user: string, password: string, dependencies: ConnectDependencies): Promise<boolean> {
  try {
    const client = await connect({ ...connection, user, password }, connection.database, { ...dependencies, retry: { ...dependencies.retry, attempts: 1 } });
    await client.end().catch(() => undefined);
    return true;
  } catch (error) {
    if (error instanceof PostgresError || error instanceof TransientError) return false;
    throw error;
  }
}
