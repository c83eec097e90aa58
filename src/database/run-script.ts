import { SqlScriptError } from '../errors';
import type { DatabaseConnection, ScriptRun, SqlScript } from '../ports/database';
import { withConnection, type ConnectDependencies } from './connect';
import { endOfScript, parseSqlScript, positionInScript, SqlScriptSyntaxError, type SqlStatement } from './parse-sql-script';
import { describeServerError, sqlStateOf } from './postgres-errors';
import { quotesRowValues } from './quoted-values';
import { DEFAULT_MARKER_TABLE, ensureMarkerTable, recordScript, scriptIdentity, type MarkerTable } from './script-marker';
import { execute } from './sql-session';

const NOTHING_RUN = 'Nothing was run.';
const SYNTAX_ERROR = '42601';

/**
 * The statements of a script, refusing before anything runs what cannot work: what PostgreSQL's
 * parser rejects, psql meta-commands (`\set`, `\i`: not SQL), and transaction control of any kind
 * (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, PREPARE TRANSACTION…, the parse tree's TransactionStmt):
 * each script runs in exactly one transaction, with its marker row, and commits as a whole.
 */
export async function plannedStatements(script: SqlScript): Promise<SqlStatement[]> {
  let statements: SqlStatement[];
  try {
    statements = await parseSqlScript(script.sql);
  } catch (error) {
    if (!(error instanceof SqlScriptSyntaxError)) throw error;
    const location = { script: script.name, statement: error.statement, line: error.line, column: error.column };
    if (error.metaCommand) {
      throw new SqlScriptError(
        `SQL script ${script.name}, statement ${error.statement} (line ${error.line}, column ${error.column}): psql meta-commands (\\…) are not SQL and are not supported. ${NOTHING_RUN}`,
        location,
        undefined,
      );
    }
    // PostgreSQL's own parser said it, so the server's SQLSTATE for it: syntax_error.
    throw new SqlScriptError(`SQL script ${script.name} cannot be parsed: ${error.message}. ${NOTHING_RUN}`, location, SYNTAX_ERROR);
  }
  const control = statements.find((statement) => statement.kind === 'TransactionStmt');
  if (control !== undefined) {
    throw new SqlScriptError(
      `SQL script ${script.name}, statement ${control.index} (line ${control.line}, column ${control.column}): transaction control is not allowed: each script runs in exactly one transaction, committed when every statement succeeded. ${NOTHING_RUN}`,
      { script: script.name, statement: control.index, line: control.line, column: control.column },
      undefined,
    );
  }
  return statements;
}

/**
 * Runs a script statement by statement inside one transaction that also records it in the marker
 * table, so a committed script is never run twice for an operation, whatever happened to the
 * invocation after its COMMIT. The first error rolls back the whole script and is reported with the
 * script's name, the statement's number and its line and column in the file (the server's error
 * position, when it gives one).
 */
export async function runScript(
  connection: DatabaseConnection,
  script: SqlScript,
  operationId: string,
  dependencies: ConnectDependencies & { markerTable?: MarkerTable },
): Promise<ScriptRun> {
  const statements = await plannedStatements(script);
  const marker = dependencies.markerTable ?? DEFAULT_MARKER_TABLE;
  const identity = scriptIdentity(operationId, script);
  const started = Date.now();
  const status = await withConnection(connection, connection.database, dependencies, async (client) => {
    await ensureMarkerTable(client, marker);
    await execute(client, 'BEGIN');
    let recorded: boolean;
    try {
      recorded = await recordScript(client, marker, identity, statements.length);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    if (!recorded) {
      // Committed before, by an invocation that did not live to save it: nothing to do again.
      await client.query('ROLLBACK').catch(() => undefined);
      return 'already-run' as const;
    }
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
    return 'ran' as const;
  });
  return { name: script.name, statements: statements.length, durationMs: Date.now() - started, status };
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
  // The server's position counts characters of the statement it was sent, from 1.
  const position = Number((error as { position?: unknown }).position);
  const at = Number.isInteger(position) && position > 0 ? positionInScript(script.sql, statement, position) : { line: statement.line, column: statement.column };
  return new SqlScriptError(
    `SQL script ${script.name} failed at statement ${statement.index} (line ${at.line}, column ${at.column}); the script was rolled back: ${serverWords(error, password)}`,
    { script: script.name, statement: statement.index, line: at.line, column: at.column },
    sqlStateOf(error),
  );
}

function commitError(script: SqlScript, statements: number, error: unknown, password: string): SqlScriptError {
  const end = endOfScript(script.sql);
  return new SqlScriptError(
    `SQL script ${script.name} failed at commit (a deferred constraint or trigger); the script was rolled back: ${serverWords(error, password)}`,
    { script: script.name, statement: statements, line: end.line, column: end.column },
    sqlStateOf(error),
  );
}
