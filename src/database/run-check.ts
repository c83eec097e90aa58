import { PostgresError } from '../errors';
import type { CheckResult, DatabaseConnection } from '../ports/database';
import type { ConnectDependencies } from './connect';
import { withConnection } from './connect';
import { parseSqlScript, SqlScriptSyntaxError } from './parse-sql-script';
import { toPostgresError } from './postgres-errors';
import { execute } from './sql-session';

/** Reads a check's SQL with PostgreSQL's parser: one SELECT (WITH, VALUES and TABLE are SELECTs too), nothing else. */
export async function checkQueryProblem(sql: string): Promise<string | undefined> {
  try {
    const statements = await parseSqlScript(sql);
    if (statements.length !== 1) return `must be exactly one query; found ${statements.length} statements`;
    const [statement] = statements;
    if (statement?.kind !== 'SelectStmt') return `must be a query (SELECT, WITH … SELECT, VALUES or TABLE); found ${statement?.kind ?? 'nothing'}`;
    return undefined;
  } catch (error) {
    if (error instanceof SqlScriptSyntaxError) return `is not valid SQL: ${error.message}`;
    throw error;
  }
}

/** Raises PostgresError unless `sql` is one query, as runCheck would, without connecting. */
export async function checkQuery(sql: string): Promise<void> {
  const problem = await checkQueryProblem(sql);
  if (problem !== undefined) throw new PostgresError(`The check's SQL ${problem}.`, undefined);
}

/**
 * Runs one verification query on `connection.database`. The parser admits a single SELECT only,
 * and it runs in a READ ONLY transaction that is rolled back: even a function with side effects
 * called from the query cannot write (PostgreSQL refuses writes in a read-only transaction).
 */
export async function runCheck(connection: DatabaseConnection, sql: string, dependencies: ConnectDependencies): Promise<CheckResult> {
  await checkQuery(sql);
  return withConnection(connection, connection.database, dependencies, async (client) => {
    await execute(client, 'BEGIN TRANSACTION READ ONLY');
    try {
      const result = await client.query({ text: sql, rowMode: 'array' }).catch((error: unknown) => {
        throw toPostgresError(error, sql, []);
      });
      const first = (result.rows[0] as unknown[] | undefined)?.[0];
      return { rowCount: result.rows.length, ...(result.rows.length > 0 ? { firstValue: scalar(first) } : {}) };
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  });
}

/** A column value as a JSON scalar: numbers and booleans stay, everything else is its text. */
function scalar(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
