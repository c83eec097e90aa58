import { plannedStatements } from '../../../src/database/run-script';
import { SqlScriptError } from '../../../src/errors';

describe('what a script may contain', () => {
  it.each([
    ['BEGIN', 'BEGIN;'],
    ['START TRANSACTION', 'START TRANSACTION ISOLATION LEVEL SERIALIZABLE;'],
    ['COMMIT', 'commit;'],
    ['END', 'END;'],
    ['ROLLBACK', 'ROLLBACK;'],
    ['ABORT', 'ABORT;'],
    ['SAVEPOINT', 'SAVEPOINT a;'],
    ['ROLLBACK TO SAVEPOINT', 'ROLLBACK TO SAVEPOINT a;'],
    ['RELEASE SAVEPOINT', 'RELEASE SAVEPOINT a;'],
    ['PREPARE TRANSACTION', "PREPARE TRANSACTION 'x';"],
    ['COMMIT PREPARED', "COMMIT PREPARED 'x';"],
  ])('refuses %s, naming the script, statement and line', async (_case, statement) => {
    // Act
    const plan = plannedStatements({ name: 'mask.sql', sql: `SELECT 1;\n${statement}` });

    // Assess
    await expect(plan).rejects.toThrow(SqlScriptError);
    await expect(plan).rejects.toThrow(/^SQL script mask\.sql, statement 2 \(line 2, column 1\): transaction control is not allowed: .*Nothing was run\.$/);
  });

  it.each([
    ['\\connect', '\\connect other'],
    ['\\set', '\\set ON_ERROR_STOP on'],
    ['\\i', '\\i masking/other.sql'],
  ])('refuses the psql meta-command %s, naming the script, statement and line', async (_case, statement) => {
    // Act
    const plan = plannedStatements({ name: 'mask.sql', sql: `SELECT 1;\n${statement}\nSELECT 2;` });

    // Assess
    await expect(plan).rejects.toThrow(/^SQL script mask\.sql, statement 2 \(line 2, column 1\): psql meta-commands \(\\…\) are not SQL and are not supported\. Nothing was run\.$/);
  });

  it.each([
    ['a DO block with BEGIN and END', 'DO $$ BEGIN RAISE NOTICE $n$hi$n$; END $$;', 1],
    ['a column named "begin"', 'SELECT begin_at FROM t;', 1],
    ['an alias named begin', 'SELECT 1 AS begin; SELECT 2;', 2],
    ['a table with a begin column', 'CREATE TABLE t (begin int); UPDATE t SET begin = 2;', 2],
  ])('accepts %s', async (_case, sql, count) => {
    expect(await plannedStatements({ name: 'ok.sql', sql })).toHaveLength(count);
  });

  it('refuses what does not parse before running anything, with its line and column', async () => {
    await expect(plannedStatements({ name: 'open.sql', sql: "UPDATE t SET a = 'x;" })).rejects.toThrow(
      /^SQL script open\.sql cannot be parsed: unterminated quoted string at or near "'x;" at line 1, column 18\. Nothing was run\.$/,
    );
  });
});
