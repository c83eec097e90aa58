import { splitSqlStatements, SqlSplitError } from '../../../src/database/split-sql';

const texts = (sql: string) => splitSqlStatements(sql).map((s) => s.text);

describe('splitting a script into statements', () => {
  it.each([
    ['plain statements', 'SELECT 1; SELECT 2;', ['SELECT 1', 'SELECT 2']],
    ['a last statement without semicolon', 'SELECT 1;\nSELECT 2', ['SELECT 1', 'SELECT 2']],
    ['a semicolon in a string', "SELECT 'a;b'; SELECT 2", ["SELECT 'a;b'", 'SELECT 2']],
    ['a doubled quote in a string', "SELECT 'it''s; fine'; SELECT 2", ["SELECT 'it''s; fine'", 'SELECT 2']],
    ['a backslash-escaped quote in an E-string', "SELECT E'it\\'s; fine'; SELECT 2", ["SELECT E'it\\'s; fine'", 'SELECT 2']],
    ['a backslash in a standard string', "SELECT 'C:\\'; SELECT 2", ["SELECT 'C:\\'", 'SELECT 2']],
    ['a semicolon in a quoted identifier', 'SELECT 1 AS "a;""b"; SELECT 2', ['SELECT 1 AS "a;""b"', 'SELECT 2']],
    ['a dollar-quoted body', 'DO $$ BEGIN PERFORM 1; END $$; SELECT 2', ['DO $$ BEGIN PERFORM 1; END $$', 'SELECT 2']],
    ['a tagged dollar quote holding $$', 'SELECT $fn$ a $$; b $fn$; SELECT 2', ['SELECT $fn$ a $$; b $fn$', 'SELECT 2']],
    ['a positional parameter, not a dollar quote', 'PREPARE p AS SELECT $1; SELECT 2', ['PREPARE p AS SELECT $1', 'SELECT 2']],
    ['an identifier with a dollar sign', 'SELECT a$b$ FROM t; SELECT 2', ['SELECT a$b$ FROM t', 'SELECT 2']],
    ['line comments', '-- first; not a statement\nSELECT 1; -- trailing;\nSELECT 2', ['SELECT 1', 'SELECT 2']],
    ['nested block comments', '/* a; /* b; */ c; */ SELECT 1; SELECT 2', ['SELECT 1', 'SELECT 2']],
    ['parentheses', 'CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b); SELECT 2', ['CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b)', 'SELECT 2']],
    [
      'a BEGIN ATOMIC body',
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END; SELECT 3',
      ['CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END', 'SELECT 3'],
    ],
    ['a transaction BEGIN, which opens no block', 'BEGIN; SELECT 1; COMMIT;', ['BEGIN', 'SELECT 1', 'COMMIT']],
    ['empty statements and comment-only chunks', ';; -- nothing\n ; SELECT 1;;', ['SELECT 1']],
  ])('handles %s', (_case, sql, expected) => {
    expect(texts(sql)).toEqual(expected);
  });

  it('numbers statements and gives the line and column where each starts', () => {
    // Act
    const statements = splitSqlStatements('-- header\nSELECT 1;\n\n  UPDATE t\n  SET a = 1;');

    // Assess
    expect(statements.map(({ index, line, column }) => ({ index, line, column }))).toEqual([
      { index: 1, line: 2, column: 1 },
      { index: 2, line: 4, column: 3 },
    ]);
  });

  it.each([
    ['string', "SELECT 'open", 'unterminated string starting at line 1, column 8'],
    ['quoted identifier', 'SELECT "open', 'unterminated quoted identifier starting at line 1, column 8'],
    ['dollar quote', 'SELECT 1;\nDO $x$ BEGIN', 'unterminated dollar-quoted string starting at line 2, column 4'],
    ['comment', 'SELECT 1; /* open /* nested */', 'unterminated comment starting at line 1, column 11'],
  ])('refuses an unterminated %s, saying where it starts', (_case, sql, message) => {
    expect(() => splitSqlStatements(sql)).toThrow(new SqlSplitError(message, 0, 0));
  });
});
