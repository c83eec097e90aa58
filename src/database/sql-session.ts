import type { Client, QueryResultRow } from 'pg';
import { PostgresError } from '../errors';
import { toPostgresError } from './postgres-errors';

/**
 * Runs one statement; a failure becomes a PostgresError that says what we were doing. `doing` for
 * a statement carrying a password names the action in words, never the statement, and `sensitive`
 * lists what must not survive into the message.
 */
export async function execute<Row extends QueryResultRow = QueryResultRow>(
  client: Client,
  sql: string,
  options: { doing?: string; values?: unknown[]; sensitive?: readonly string[] } = {},
): Promise<Row[]> {
  try {
    const result = await client.query<Row>(sql, options.values);
    return result.rows;
  } catch (error) {
    throw toPostgresError(error, options.doing ?? sql, options.sensitive ?? []);
  }
}

/** Runs `work` in a transaction: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(client: Client, work: () => Promise<T>): Promise<T> {
  await execute(client, 'BEGIN');
  try {
    const result = await work();
    await execute(client, 'COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Who the connection is, which decides what it may do to other roles. */
export interface SessionInfo {
  currentUser: string;
  isSuperuser: boolean;
}

/** Reads who we are connected as. */
export async function sessionInfo(client: Client): Promise<SessionInfo> {
  const [row] = await execute<{ current_user: string; rolsuper: boolean }>(
    client,
    'SELECT current_user AS current_user, r.rolsuper FROM pg_roles r WHERE r.rolname = current_user',
  );
  if (row === undefined) throw new PostgresError('The connected user has no pg_roles row.', undefined);
  return { currentUser: row.current_user, isSuperuser: row.rolsuper };
}

/**
 * Which of `roles` the connected user holds the privileges of (itself, any role for a superuser,
 * otherwise an inherited membership): what ALTER DEFAULT PRIVILEGES FOR ROLE, REASSIGN OWNED and
 * DROP OWNED require. Membership through ADMIN OPTION alone, which PostgreSQL 16+ gives the creator
 * of a role, is not enough.
 */
export async function rolesActableBy(client: Client, info: SessionInfo, roles: readonly string[]): Promise<Set<string>> {
  if (roles.length === 0) return new Set();
  if (info.isSuperuser) return new Set(roles);
  const rows = await execute<{ rolname: string }>(
    client,
    `SELECT r.rolname FROM pg_roles r
      WHERE r.rolname = ANY($1::text[]) AND (r.rolname = current_user OR pg_has_role(current_user, r.oid, 'USAGE'))`,
    { values: [roles] },
  );
  return new Set(rows.map((row) => row.rolname));
}
