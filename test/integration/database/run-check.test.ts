import { PostgresError } from '../../../src/errors';
import { freshDatabase, superuserConnection, superuserSql, testDatabasePort } from './pg-fixture';

describe('runCheck on a real PostgreSQL', () => {
  let database: string;
  let cleanup: () => Promise<void>;
  const port = testDatabasePort();

  beforeEach(async () => {
    ({ database, cleanup } = await freshDatabase('checks'));
    await superuserSql(`CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL); INSERT INTO customers VALUES (1, 'ada@masked.invalid'), (2, 'bob@example.com')`, database);
  });
  afterEach(() => cleanup());

  it.each<[string, string, { rowCount: number; firstValue?: unknown }]>([
    ['a count (bigint, sent as text)', 'SELECT count(*) FROM customers', { rowCount: 1, firstValue: '2' }],
    ['rows matching an unmasked e-mail', "SELECT email FROM customers WHERE email NOT LIKE '%@masked.invalid'", { rowCount: 1, firstValue: 'bob@example.com' }],
    ['no row', 'SELECT id FROM customers WHERE id > 10', { rowCount: 0 }],
    ['a boolean, through WITH', 'WITH c AS (SELECT count(*) AS n FROM customers) SELECT n = 2 FROM c', { rowCount: 1, firstValue: true }],
  ])('returns the row count and first value of %s', async (_case, sql, expected) => {
    // Act
    const result = await port.runCheck(superuserConnection(database), sql);

    // Assess
    expect(result).toEqual(expected);
  });

  it.each<[string, string, RegExp]>([
    ['a write', "UPDATE customers SET email = 'x'", /must be a query \(SELECT, WITH … SELECT, VALUES or TABLE\); found UpdateStmt/],
    ['a query followed by a write', "SELECT 1; DELETE FROM customers", /must be exactly one query; found 2 statements/],
    ['invalid SQL', 'SELEC 1', /is not valid SQL/],
  ])('refuses %s before connecting, and changes nothing', async (_case, sql, message) => {
    // Act
    const result = port.runCheck(superuserConnection(database), sql);

    // Assess
    await expect(result).rejects.toThrow(PostgresError);
    await expect(result).rejects.toThrow(message);
    expect(await superuserSql('SELECT count(*)::int AS n FROM customers', database)).toEqual([{ n: 2 }]);
  });

  it('reads a check without connecting, as preflight does', async () => {
    await expect(port.checkQuery('SELECT count(*) FROM customers')).resolves.toBeUndefined();
    await expect(port.checkQuery('SELECT 1; SELECT 2')).rejects.toThrow(/The check's SQL must be exactly one query; found 2 statements/);
  });

  it('runs read-only: a function that writes, called from a SELECT, is refused and changes nothing', async () => {
    // Prepare
    await superuserSql("CREATE FUNCTION wipe() RETURNS int LANGUAGE sql AS $$ DELETE FROM customers RETURNING 1 $$", database);

    // Act
    const result = port.runCheck(superuserConnection(database), 'SELECT wipe()');

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'PostgresError', sqlState: '25006' });
    expect(await superuserSql('SELECT count(*)::int AS n FROM customers', database)).toEqual([{ n: 2 }]);
  });
});
