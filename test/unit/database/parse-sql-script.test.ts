import { parseSqlScript, positionInScript, SqlScriptSyntaxError } from '../../../src/database/parse-sql-script';

const texts = async (sql: string) => (await parseSqlScript(sql)).map((s) => s.text);

describe("splitting a script with PostgreSQL's parser", () => {
  it.each([
    ['plain statements', 'SELECT 1; SELECT 2;', ['SELECT 1', 'SELECT 2']],
    ['a last statement without semicolon', 'SELECT 1;\nSELECT 2', ['SELECT 1', 'SELECT 2']],
    ['a column alias named begin', 'SELECT 1 AS begin; SELECT 2;', ['SELECT 1 AS begin', 'SELECT 2']],
    ['a table with a begin column', 'CREATE TABLE t (begin int, "end" int); INSERT INTO t (begin) VALUES (1); SELECT 2', ['CREATE TABLE t (begin int, "end" int)', 'INSERT INTO t (begin) VALUES (1)', 'SELECT 2']],
    ['CASE … END in a query', 'SELECT CASE WHEN true THEN 1 END; SELECT 2', ['SELECT CASE WHEN true THEN 1 END', 'SELECT 2']],
    ['a semicolon in a string', "SELECT 'a;b'; SELECT 2", ["SELECT 'a;b'", 'SELECT 2']],
    ['a doubled quote in a string', "SELECT 'it''s; fine'; SELECT 2", ["SELECT 'it''s; fine'", 'SELECT 2']],
    ['a backslash-escaped quote in an E-string', "SELECT E'it\\'s; fine'; SELECT 2", ["SELECT E'it\\'s; fine'", 'SELECT 2']],
    ['a backslash in a standard string', "SELECT 'C:\\'; SELECT 2", ["SELECT 'C:\\'", 'SELECT 2']],
    ['a semicolon in a quoted identifier', 'SELECT 1 AS "a;""b"; SELECT 2', ['SELECT 1 AS "a;""b"', 'SELECT 2']],
    ['a dollar-quoted body', 'DO $$ BEGIN PERFORM 1; END $$; SELECT 2', ['DO $$ BEGIN PERFORM 1; END $$', 'SELECT 2']],
    ['a tagged dollar quote holding $$', 'SELECT $fn$ a $$; b $fn$; SELECT 2', ['SELECT $fn$ a $$; b $fn$', 'SELECT 2']],
    ['a positional parameter, not a dollar quote', 'PREPARE p AS SELECT $1; SELECT 2', ['PREPARE p AS SELECT $1', 'SELECT 2']],
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
    ['multibyte text before and inside statements', "SELECT 'é😀'; SELECT 'ß' AS \"名前\"; SELECT 3", ["SELECT 'é😀'", 'SELECT \'ß\' AS "名前"', 'SELECT 3']],
    ['nothing but comments', '-- only a comment\n/* and another */', []],
    ['an empty script', '', []],
  ])('handles %s', async (_case, sql, expected) => {
    expect(await texts(sql)).toEqual(expected);
  });

  it('numbers statements, names their kind, and gives the line and column of their first token, counting characters', async () => {
    // Act
    const statements = await parseSqlScript("-- header\nSELECT 1;\n\n  UPDATE t\n  SET a = 1; SELECT '😀é'; BEGIN;");

    // Assess
    expect(statements.map(({ index, line, column, kind }) => ({ index, line, column, kind }))).toEqual([
      { index: 1, line: 2, column: 1, kind: 'SelectStmt' },
      { index: 2, line: 4, column: 3, kind: 'UpdateStmt' },
      { index: 3, line: 5, column: 14, kind: 'SelectStmt' },
      { index: 4, line: 5, column: 27, kind: 'TransactionStmt' },
    ]);
  });

  it("places a server error position (characters of the statement) in the script, past multibyte text", async () => {
    // Prepare: the server would report "nosuch" at character 15 of the second statement.
    const sql = "SELECT '😀';\nSELECT 'é', nosuch FROM t;";
    const [, second] = await parseSqlScript(sql);

    // Act
    const at = positionInScript(sql, second!, 13);

    // Assess
    expect(at).toEqual({ line: 2, column: 13 });
    expect(sql.split('\n')[1]?.slice(at.column - 1).startsWith('nosuch')).toBe(true);
  });

  it.each([
    ['a syntax error', 'SELECT 1;\nSELECT FROM WHERE;', /^syntax error at or near "WHERE" at line 2, column 13$/, 2, 13, 2, false],
    ['a syntax error after multibyte text', "SELECT '😀é' FROM WHERE", /^syntax error at or near "WHERE" at line 1, column 18$/, 1, 18, 1, false],
    ['an unterminated string', "SELECT 1;\nUPDATE t SET a = 'x;", /^unterminated quoted string at or near "'x;" at line 2, column 18$/, 2, 18, 2, false],
    ['an unterminated comment', 'SELECT 1; /* open /* nested */', /^unterminated \/\* comment .* at line 1, column 11$/, 1, 11, 2, false],
    ['a psql meta-command', 'SELECT 1;\n\\set x 1\nSELECT 2;', /at line 2, column 1$/, 2, 1, 2, true],
    ['a psql include at the start', '\\i other.sql', /at line 1, column 1$/, 1, 1, 1, true],
  ])('refuses %s, saying where', async (_case, sql, message, line, column, statement, metaCommand) => {
    // Act
    const error = await parseSqlScript(sql).catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toBeInstanceOf(SqlScriptSyntaxError);
    expect(error).toMatchObject({ line, column, statement, metaCommand });
    expect((error as Error).message).toMatch(message);
  });
});
