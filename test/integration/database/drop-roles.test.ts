import { PostgresError } from '../../../src/errors';
import { freshDatabase, superuserConnection, superuserSql, testDatabasePort } from './pg-fixture';

describe('dropRoles on a real PostgreSQL', () => {
  let database: string;
  let suffix: string;
  let cleanup: () => Promise<void>;
  const port = testDatabasePort();

  beforeAll(async () => {
    ({ database, suffix, cleanup } = await freshDatabase('drops'));
  });
  afterAll(() => cleanup());

  it('drops a production role, keeping the data it owned (reassigned to the master user) and revoking its grants', async () => {
    // Prepare
    const prod = `prod_app_${suffix}`;
    const other = `prod_reader_${suffix}`;
    await superuserSql(`CREATE ROLE "${prod}" LOGIN PASSWORD 'prod-secret'; CREATE ROLE "${other}" LOGIN`);
    await superuserSql(
      `CREATE SCHEMA prod AUTHORIZATION "${prod}";
       SET ROLE "${prod}";
       CREATE TABLE prod.customers (id int, name text);
       INSERT INTO prod.customers VALUES (1, 'Ada');
       GRANT SELECT ON prod.customers TO "${other}";
       ALTER DEFAULT PRIVILEGES IN SCHEMA prod GRANT SELECT ON TABLES TO "${other}";
       RESET ROLE;`,
      database,
    );
    await superuserSql(`GRANT CONNECT ON DATABASE postgres TO "${prod}"`);

    // Act
    const dropped = await port.dropRoles(superuserConnection(database), [prod, other, `never_existed_${suffix}`]);

    // Assess
    expect(dropped.sort()).toEqual([prod, other].sort());
    await expect(superuserSql('SELECT rolname FROM pg_roles WHERE rolname = ANY($1::text[])', 'postgres', [[prod, other]])).resolves.toEqual([]);
    await expect(superuserSql('SELECT tableowner, (SELECT count(*)::int FROM prod.customers) AS n FROM pg_tables WHERE schemaname = $1', database, ['prod'])).resolves.toEqual([
      { tableowner: superuserConnection().user, n: 1 },
    ]);
  });

  it('does nothing on a second run', async () => {
    // Prepare
    const gone = `gone_${suffix}`;
    await superuserSql(`CREATE ROLE "${gone}"`);
    await port.dropRoles(superuserConnection(database), [gone]);

    // Act
    const second = await port.dropRoles(superuserConnection(database), [gone]);

    // Assess
    expect(second).toEqual([]);
  });

  it('refuses to drop the user it is connected as', async () => {
    // Act
    const result = port.dropRoles(superuserConnection(database), [superuserConnection().user]);

    // Assess
    await expect(result).rejects.toThrow(PostgresError);
    await expect(result).rejects.toThrow(/it is the user this tool is connected as/);
  });
});
