import { SqlScriptError } from '../errors';
import type { DatabaseConnection, ScriptRun, SqlScript } from '../ports/database';
import { withConnection, type ConnectDependencies } from './connect';
import { execute } from './sql-session';
import { describeServerError, sqlStateOf } from './postgres-errors';
import { quotesRowValues } from './quoted-values';
import { lineAndColumn, splitSqlStatements, SqlSplitError, type SqlStatement } from './split-sql';

// Each script already runs in one transaction; its own BEGIN or COMMIT would end that early.
const TRANSACTION_CONTROL = /^(begin|start\s+transaction|commit|end|abort|rollback(?!\s+to\b)|prepare\s+transaction)\b/i;

/** The statements of a script, refusing what cannot run inside our transaction. */
export function plannedStatements(script: SqlScript): SqlStatement[] {
  let statements: SqlStatement[];
  try {
    statements = splitSqlStatements(script.sql);
  } catch (error) {
    if (!(error instanceof SqlSplitError)) throw error;
    throw new SqlScriptError(`SQL script ${script.name} cannot be read: ${error.message}. Nothing was run.`, { script: script.name, statement: 0, line: error.line, column: error.column }, undefined);
  }
  for (const statement of statements) {
    const refuse = (why: string): never => {
      throw new SqlScriptError(
        `SQL script ${script.name}, statement ${statement.index} (line ${statement.line}, column ${statement.column}): ${why}. Nothing was run.`,
        { script: script.name, statement: statement.index, line: statement.line, column: statement.column },
        undefined,
      );
    };
    if (statement.text.startsWith('\\')) refuse('psql meta-commands (\\…) are not SQL and are not supported');
    if (TRANSACTION_CONTROL.test(statement.text)) refuse('transaction control is not allowed: each script runs in exactly one transaction, committed when every statement succeeded');
  }
  return statements;
}

/**
 * Runs a script statement by statement inside one transaction; the first error rolls back the
 * whole script and is reported with the script's name, the statement's number and its line and
 * column in the file (the server's error position, when it gives one).
 */
export async function runScript(connection: DatabaseConnection, script: SqlScript, dependencies: ConnectDependencies): Promise<ScriptRun> {
  const statements = plannedStatements(script);
  const started = Date.now();
  await withConnection(connection, connection.database, dependencies, async (client) => {
    await execute(client, 'BEGIN');
    for (const statement of statements) {
      try {
        await client.query(statement.text);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw scriptError(script, statement, error, connection.password);
      }
    }
    try {
      await client.query('COMMIT');
    } catch (error) {
      // Deferred constraints and triggers fire at commit, after the last statement succeeded.
      throw commitError(script, statements.length, error, connection.password);
    }
  });
  return { name: script.name, statements: statements.length, durationMs: Date.now() - started };
}

/**
 * The server's words without their DETAIL, and without the values a data error (SQLSTATE class 22)
 * quotes in its message: a failing masking script must not carry the row it failed on into state,
 * logs and e-mail. The SQLSTATE and the position (reported by the caller) are kept.
 */
function serverWords(error: unknown, password: string): string {
  const state = sqlStateOf(error);
  return `${describeServerError(error, [password], { withDetail: false, withoutValues: quotesRowValues(state) })}${state ? ` [SQLSTATE ${state}]` : ''}`;
}

function scriptError(script: SqlScript, statement: SqlStatement, error: unknown, password: string): SqlScriptError {
  const position = Number((error as { position?: unknown }).position);
  const at = Number.isInteger(position) && position > 0 ? lineAndColumn(script.sql, statement.offset + position - 1) : { line: statement.line, column: statement.column };
  return new SqlScriptError(
    `SQL script ${script.name} failed at statement ${statement.index} (line ${at.line}, column ${at.column}); the script was rolled back: ${serverWords(error, password)}`,
    { script: script.name, statement: statement.index, line: at.line, column: at.column },
    sqlStateOf(error),
  );
}

function commitError(script: SqlScript, statements: number, error: unknown, password: string): SqlScriptError {
  const end = lineAndColumn(script.sql, script.sql.length);
  return new SqlScriptError(
    `SQL script ${script.name} failed at commit (a deferred constraint or trigger); the script was rolled back: ${serverWords(error, password)}`,
    { script: script.name, statement: statements, line: end.line, column: end.column },
    sqlStateOf(error),
  );
}
