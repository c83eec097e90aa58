import { SqlScriptError } from '../../../src/errors';
import { freshDatabase, superuserConnection, superuserSql, testDatabasePort, TEST_OPERATION_ID } from './pg-fixture';

describe('runScript on a real PostgreSQL', () => {
  let database: string;
  let cleanup: () => Promise<void>;
  const port = testDatabasePort();

  beforeEach(async () => {
    ({ database, cleanup } = await freshDatabase('scripts'));
    await superuserSql(`CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL); INSERT INTO customers VALUES (1, 'ada@example.com'), (2, 'bob@example.com')`, database);
  });
  afterEach(() => cleanup());

  const emails = async () => (await superuserSql('SELECT email FROM customers ORDER BY id', database)).map((row) => row.email);

  it('commits a script of several statements, including a function body full of semicolons', async () => {
    // Prepare
    const sql = `-- masking
      CREATE FUNCTION mask(e text) RETURNS text LANGUAGE plpgsql AS $fn$
      BEGIN
        RETURN 'user' || md5(e) || '@example.invalid'; -- a ; inside
      END;
      $fn$;
      UPDATE customers SET email = mask(email);
      /* a block ; comment /* nested ; */ */
      DROP FUNCTION mask(text);`;

    // Act
    const run = await port.runScript(superuserConnection(database), { name: 'masking.sql', sql }, TEST_OPERATION_ID);

    // Assess
    expect(run).toMatchObject({ name: 'masking.sql', statements: 3 });
    expect(await emails()).toEqual([expect.stringMatching(/^user[0-9a-f]{32}@example\.invalid$/), expect.stringMatching(/^user[0-9a-f]{32}@example\.invalid$/)]);
  });

  it('rolls the whole script back when a statement fails, naming the file, the statement and its line', async () => {
    // Prepare
    const sql = "UPDATE customers SET email = 'masked';\n\nUPDATE customers SET email = NULL WHERE id = 2;\n";

    // Act
    const result = port.runScript(superuserConnection(database), { name: 'sql/mask-customers.sql', sql }, TEST_OPERATION_ID);

    // Assess
    await expect(result).rejects.toThrow(SqlScriptError);
    await expect(result).rejects.toMatchObject({
      location: { script: 'sql/mask-customers.sql', statement: 2, line: 3, column: 1 },
      sqlState: '23502',
      message: expect.stringMatching(/^SQL script sql\/mask-customers\.sql failed at statement 2 \(line 3, column 1\); the script was rolled back: .*null value/),
    });
    expect(await emails()).toEqual(['ada@example.com', 'bob@example.com']);
  });

  it('reports a syntax error at its own line and column in the file', async () => {
    // Prepare
    const sql = "SELECT 1;\nSELECT\n  email FROMM customers;\n";

    // Act
    const result = port.runScript(superuserConnection(database), { name: 'typo.sql', sql }, TEST_OPERATION_ID);

    // Assess
    await expect(result).rejects.toMatchObject({ location: { script: 'typo.sql', statement: 2, line: 3, column: 15 }, sqlState: '42601' });
  });

  it.each([
    ['BEGIN', 'BEGIN;\nUPDATE customers SET email = NULL;\nCOMMIT;', 1],
    ['COMMIT in the middle', "UPDATE customers SET email = 'x';\ncommit;", 2],
    ['a psql meta-command', "\\set ON_ERROR_STOP on\nUPDATE customers SET email = 'x';", 1],
  ])('refuses %s before running anything', async (_case, sql, statement) => {
    // Act
    const result = port.runScript(superuserConnection(database), { name: 'bad.sql', sql }, TEST_OPERATION_ID);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'SqlScriptError', location: { script: 'bad.sql', statement } });
    expect(await emails()).toEqual(['ada@example.com', 'bob@example.com']);
  });

  it('applies the statement timeout to each statement', async () => {
    // Act
    const result = port.runScript({ ...superuserConnection(database), statementTimeoutSeconds: 1 }, { name: 'slow.sql', sql: "UPDATE customers SET email = 'x'; SELECT pg_sleep(5);" }, TEST_OPERATION_ID);

    // Assess
    await expect(result).rejects.toMatchObject({ sqlState: '57014', location: { statement: 2 } });
    expect(await emails()).toEqual(['ada@example.com', 'bob@example.com']);
  });
});

describe('runScript errors that would quote row data', () => {
  let database: string;
  let cleanup: () => Promise<void>;
  const port = testDatabasePort();

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase('rowdata'));
    await superuserSql(
      `CREATE TABLE people (email text UNIQUE, manager text);
       INSERT INTO people VALUES ('ada.lovelace@example.com', NULL), ('alan.turing@example.com', NULL);
       CREATE TABLE managed (email text REFERENCES people (email) DEFERRABLE INITIALLY DEFERRED);`,
      database,
    );
  });
  afterAll(() => cleanup());

  it('leaves out the DETAIL, which names the row', async () => {
    // Act
    const result = port.runScript(superuserConnection(database), { name: 'dup.sql', sql: "UPDATE people SET email = 'alan.turing@example.com';" }, TEST_OPERATION_ID);

    // Assess
    await expect(result).rejects.toMatchObject({ sqlState: '23505', location: { statement: 1 } });
    await expect(result).rejects.not.toThrow(/example\.com/);
  });

  it.each([
    ['a text value cast to integer (22P02)', "UPDATE people SET manager = email::int::text;", '22P02', /^.*: invalid input syntax for type integer: "…" \[SQLSTATE 22P02\]$/],
    ['a value with a double quote in it (22P02)', "UPDATE people SET manager = (email || '\"x')::uuid::text;", '22P02', /^.*: invalid input syntax for type uuid: "…" \[SQLSTATE 22P02\]$/],
    ['an out-of-range value (22003)', "UPDATE people SET manager = (length(email) || '99999')::smallint::text;", '22003', /^.*: value "…" is out of range for type smallint \[SQLSTATE 22003\]$/],
    ['a malformed date (22007)', "UPDATE people SET manager = email::date::text;", '22007', /^.*: invalid input syntax for type date: "…" \[SQLSTATE 22007\]$/],
    ['a malformed array (22P02)', "UPDATE people SET manager = ('{' || email)::int[]::text;", '22P02', /^.*: malformed array literal: "…" \[SQLSTATE 22P02\]$/],
    ['invalid bytes (22021)', "UPDATE people SET manager = convert_from(convert_to(email, 'UTF8') || '\\xe9'::bytea, 'UTF8');", '22021', /^.*: invalid byte sequence for encoding "…": 0x… \[SQLSTATE 22021\]$/],
    ['a unique violation (23505)', "UPDATE people SET email = 'alan.turing@example.com';", '23505', /: duplicate key value violates unique constraint "people_email_key" \[SQLSTATE 23505\]$/],
    ['a check violation (23514)', "ALTER TABLE people ADD CONSTRAINT short CHECK (length(email) < 5);", '23514', /: check constraint "short" of relation "people" is violated by some row \[SQLSTATE 23514\]$/],
    ['a not-null violation (23502)', 'CREATE TEMP TABLE copied (email text, manager text NOT NULL); INSERT INTO copied SELECT * FROM people;', '23502', /: null value in column "manager" .*violates not-null constraint \[SQLSTATE 23502\]$/],
  ])('keeps the row values of %s out of the error, with its SQLSTATE and position', async (_case, sql, sqlState, message) => {
    // Act
    const result = port.runScript(superuserConnection(database), { name: 'data.sql', sql }, TEST_OPERATION_ID);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'SqlScriptError', sqlState, location: { script: 'data.sql', line: 1 }, message: expect.stringMatching(message) });
    await expect(result).rejects.not.toThrow(/example\.com|lovelace|turing/);
  });

  it('leaves the identifiers of a class 42 error alone', async () => {
    // Act
    const result = port.runScript(superuserConnection(database), { name: 'typo.sql', sql: 'UPDATE people SET "e-mail" = NULL;' }, TEST_OPERATION_ID);

    // Assess
    await expect(result).rejects.toMatchObject({ sqlState: '42703', message: expect.stringContaining('column "e-mail" of relation "people" does not exist') });
  });

  it('reports a deferred constraint that fails at commit, and rolls back', async () => {
    // Act
    const result = port.runScript(superuserConnection(database), { name: 'deferred.sql', sql: "INSERT INTO managed VALUES ('nobody@example.com');\nUPDATE people SET manager = 'x';\n" }, TEST_OPERATION_ID);

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'SqlScriptError',
      sqlState: '23503',
      message: expect.stringMatching(/^SQL script deferred\.sql failed at commit \(a deferred constraint or trigger\); the script was rolled back: /),
    });
    await expect(result).rejects.not.toThrow(/nobody@example\.com/);
    await expect(superuserSql('SELECT count(*)::int AS n FROM people WHERE manager IS NOT NULL', database)).resolves.toEqual([{ n: 0 }]);
  });
});
