import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createPgDatabase } from '../../../src/database/create-pg-database';
import { createLogger } from '../../../src/observability/logger';
import type { DatabaseConnection, DatabasePort } from '../../../src/ports/database';

/** The server the integration suite started (or DATABASE_URL), as a superuser. */
export function serverUrl(): URL {
  const raw = process.env.TEST_DATABASE_URL;
  if (raw === undefined) throw new Error('TEST_DATABASE_URL is not set: run with the integration project (its global setup starts PostgreSQL).');
  return new URL(raw);
}

/** The operation scripts run for in these tests (the marker table keys on it). */
export const TEST_OPERATION_ID = '20261125-030000-a1b2c3';

/** A short random suffix so parallel test files never share a role or database name. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** A connection as `user` to `database` on the test server, without TLS. */
export function connectionAs(user: string, password: string, database: string, overrides: Partial<DatabaseConnection> = {}): DatabaseConnection {
  const url = serverUrl();
  return {
    host: url.hostname,
    port: Number(url.port),
    database,
    user,
    password,
    tls: 'disable',
    connectTimeoutSeconds: 5,
    statementTimeoutSeconds: 30,
    ...overrides,
  };
}

/** The superuser's connection to `database`. */
export function superuserConnection(database = 'postgres'): DatabaseConnection {
  const url = serverUrl();
  return connectionAs(decodeURIComponent(url.username), decodeURIComponent(url.password), database);
}

/** Runs `work` with a raw client (as the superuser, or as another user). */
export async function withClient<T>(connection: DatabaseConnection, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ host: connection.host, port: connection.port, database: connection.database, user: connection.user, password: connection.password, ssl: false });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs SQL as the superuser in `database`. */
export async function superuserSql(sql: string, database = 'postgres', values?: unknown[]): Promise<Record<string, unknown>[]> {
  return withClient(superuserConnection(database), async (client) => (await client.query(sql, values)).rows);
}

/** Tries to log in; resolves to the SQLSTATE of the refusal, or 'ok'. */
export async function loginResult(user: string, password: string, database: string): Promise<string> {
  try {
    await withClient(connectionAs(user, password, database), async (client) => client.query('SELECT 1'));
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  }
}

/** The database port as the function builds it, with quick retries and a collected log. */
export function testDatabasePort(lines: string[] = []): DatabasePort {
  return createPgDatabase({
    logger: createLogger({ sink: (line) => lines.push(line), level: 'debug' }),
    connectRetry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
  });
}

/**
 * A fresh database and a cleanup that drops it and every role whose name contains the suffix,
 * so each test file leaves the shared server as it found it.
 */
export async function freshDatabase(prefix: string): Promise<{ database: string; suffix: string; cleanup: () => Promise<void> }> {
  const suffix = uniqueSuffix();
  const database = `${prefix}_${suffix}`;
  await superuserSql(`CREATE DATABASE "${database}"`);
  const cleanup = async () => {
    await superuserSql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    const roles = await superuserSql('SELECT rolname FROM pg_roles WHERE strpos(rolname, $1) > 0', 'postgres', [suffix]);
    for (const { rolname } of roles) {
      const quoted = `"${String(rolname).replace(/"/g, '""')}"`;
      for (const { datname } of await superuserSql('SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate')) {
        await superuserSql(`DROP OWNED BY ${quoted}`, String(datname)).catch(() => undefined);
      }
      await superuserSql(`DROP ROLE IF EXISTS ${quoted}`);
    }
  };
  return { database, suffix, cleanup };
}
