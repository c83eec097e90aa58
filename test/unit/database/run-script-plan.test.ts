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
    ['PREPARE TRANSACTION', "PREPARE TRANSACTION 'x';"],
    ['a psql meta-command', '\\connect other'],
  ])('refuses %s, naming the script, statement and line', (_case, statement) => {
    // Act
    const plan = () => plannedStatements({ name: 'mask.sql', sql: `SELECT 1;\n${statement}` });

    // Assess
    expect(plan).toThrow(SqlScriptError);
    expect(plan).toThrow(/^SQL script mask\.sql, statement 2 \(line 2, column 1\): .*Nothing was run\.$/);
  });

  it.each([
    ['savepoints', 'SAVEPOINT a; ROLLBACK TO SAVEPOINT a; RELEASE SAVEPOINT a;', 3],
    ['a DO block with BEGIN and END', 'DO $$ BEGIN RAISE NOTICE $n$hi$n$; END $$;', 1],
    ['a column named "begin"', 'SELECT begin_at FROM t;', 1],
  ])('accepts %s', (_case, sql, count) => {
    expect(plannedStatements({ name: 'ok.sql', sql })).toHaveLength(count);
  });

  it('refuses an unterminated string before running anything', () => {
    expect(() => plannedStatements({ name: 'open.sql', sql: "UPDATE t SET a = 'x;" })).toThrow(/^SQL script open\.sql cannot be read: unterminated string starting at line 1, column 18\. Nothing was run\.$/);
  });
});
