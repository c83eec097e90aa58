import { SqlScriptError } from '../../../src/errors';
import { freshDatabase, superuserConnection, superuserSql, testDatabasePort } from './pg-fixture';

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
    const run = await port.runScript(superuserConnection(database), { name: 'masking.sql', sql });

    // Assess
    expect(run).toMatchObject({ name: 'masking.sql', statements: 3 });
    expect(await emails()).toEqual([expect.stringMatching(/^user[0-9a-f]{32}@example\.invalid$/), expect.stringMatching(/^user[0-9a-f]{32}@example\.invalid$/)]);
  });

  it('rolls the whole script back when a statement fails, naming the file, the statement and its line', async () => {
    // Prepare
    const sql = "UPDATE customers SET email = 'masked';\n\nUPDATE customers SET email = NULL WHERE id = 2;\n";

    // Act
    const result = port.runScript(superuserConnection(database), { name: 'sql/mask-customers.sql', sql });

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
    const result = port.runScript(superuserConnection(database), { name: 'typo.sql', sql });

    // Assess
    await expect(result).rejects.toMatchObject({ location: { script: 'typo.sql', statement: 2, line: 3, column: 15 }, sqlState: '42601' });
  });

  it.each([
    ['BEGIN', 'BEGIN;\nUPDATE customers SET email = NULL;\nCOMMIT;', 1],
    ['COMMIT in the middle', "UPDATE customers SET email = 'x';\ncommit;", 2],
    ['a psql meta-command', "\\set ON_ERROR_STOP on\nUPDATE customers SET email = 'x';", 1],
  ])('refuses %s before running anything', async (_case, sql, statement) => {
    // Act
    const result = port.runScript(superuserConnection(database), { name: 'bad.sql', sql });

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'SqlScriptError', location: { script: 'bad.sql', statement } });
    expect(await emails()).toEqual(['ada@example.com', 'bob@example.com']);
  });

  it('applies the statement timeout to each statement', async () => {
    // Act
    const result = port.runScript({ ...superuserConnection(database), statementTimeoutSeconds: 1 }, { name: 'slow.sql', sql: "UPDATE customers SET email = 'x'; SELECT pg_sleep(5);" });

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
    const result = port.runScript(superuserConnection(database), { name: 'dup.sql', sql: "UPDATE people SET email = 'alan.turing@example.com';" });

    // Assess
    await expect(result).rejects.toMatchObject({ sqlState: '23505', location: { statement: 1 } });
    await expect(result).rejects.not.toThrow(/example\.com/);
  });

  it('reports a deferred constraint that fails at commit, and rolls back', async () => {
    // Act
    const result = port.runScript(superuserConnection(database), { name: 'deferred.sql', sql: "INSERT INTO managed VALUES ('nobody@example.com');\nUPDATE people SET manager = 'x';\n" });

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
