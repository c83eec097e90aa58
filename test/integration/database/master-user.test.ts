import { PostgresError } from '../../../src/errors';
import type { DesiredRole } from '../../../src/ports/database';
import { connectionAs, freshDatabase, loginResult, superuserSql, testDatabasePort, withClient } from './pg-fixture';

/**
 * Aurora's master user is no superuser: it has CREATEROLE and CREATEDB and is a member of
 * rds_superuser. These tests connect as such a user, to show what works and what is reported.
 */
describe('as a non-superuser master user (as on Aurora)', () => {
  let database: string;
  let suffix: string;
  let cleanup: () => Promise<void>;
  let master: ReturnType<typeof connectionAs>;
  const port = testDatabasePort();

  beforeAll(async () => {
    ({ database, suffix, cleanup } = await freshDatabase('master'));
    const masterName = `master_${suffix}`;
    await superuserSql(`CREATE ROLE "${masterName}" LOGIN CREATEROLE CREATEDB PASSWORD 'master-pw-${suffix}'; ALTER DATABASE "${database}" OWNER TO "${masterName}"`);
    await superuserSql(
      `CREATE ROLE "prod_owner_${suffix}"; CREATE SCHEMA legacy AUTHORIZATION "prod_owner_${suffix}"; CREATE SCHEMA locked AUTHORIZATION "prod_owner_${suffix}"`,
      database,
    );
    await superuserSql(`SET ROLE "prod_owner_${suffix}"; CREATE TABLE legacy.old_orders (id int)`, database);
    // What the master may use in production's schema, but not grant on.
    await superuserSql(`GRANT USAGE ON SCHEMA legacy TO "${masterName}"; GRANT SELECT ON legacy.old_orders TO "${masterName}"`, database);
    master = connectionAs(masterName, `master-pw-${suffix}`, database);
    await withClient(master, (client) => client.query('CREATE SCHEMA app; CREATE TABLE app.orders (id int); INSERT INTO app.orders VALUES (1)'));
  });
  afterAll(() => cleanup());

  const reader = (): DesiredRole => ({
    name: `reader_${suffix}`,
    password: `reader-pw-${suffix}`,
    grants: [{ preset: 'readonly', database, schemas: ['app', 'legacy'] }],
    memberOf: [],
    defaultPrivileges: true,
  });

  it('creates roles and grants on what it owns, and reports what PostgreSQL silently skipped', async () => {
    // Act
    const changes = await port.applyRoles(master, [reader()]);

    // Assess
    expect(changes.created).toEqual([reader().name]);
    await expect(loginResult(reader().name, reader().password, database)).resolves.toBe('ok');
    await expect(withClient(connectionAs(reader().name, reader().password, database), async (c) => (await c.query('SELECT count(*)::int AS n FROM app.orders')).rows[0].n)).resolves.toBe(1);
    expect(changes.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('no privileges were granted for "legacy"'),
        expect.stringContaining('no privileges were granted for "old_orders"'),
        expect.stringContaining(`may not act as "prod_owner_${suffix}"`),
      ]),
    );
  });

  it('changes nothing on a second run', async () => {
    // Act
    const second = await port.applyRoles(master, [reader()]);

    // Assess
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.unchanged).toEqual([reader().name]);
  });

  it('fails naming the statement when it has no privilege at all on a schema to grant on', async () => {
    // Prepare
    const locked = { ...reader(), name: `locked_${suffix}`, grants: [{ preset: 'readonly' as const, database, schemas: ['locked'] }] };

    // Act
    const result = port.applyRoles(master, [locked]);

    // Assess
    await expect(result).rejects.toThrow(PostgresError);
    await expect(result).rejects.toThrow(/GRANT USAGE ON SCHEMA "locked" TO .*permission denied for schema locked \[SQLSTATE 42501\]/);
  });

  it('drops a role it created, taking over its objects first', async () => {
    // Prepare
    const temp = `temp_owner_${suffix}`;
    await withClient(master, (client) => client.query(`CREATE ROLE "${temp}" LOGIN PASSWORD 'x'; GRANT CREATE ON SCHEMA app TO "${temp}"`));
    await superuserSql(`SET ROLE "${temp}"; CREATE TABLE app.temp_table (id int)`, database);

    // Act
    const dropped = await port.dropRoles(master, [temp]);

    // Assess
    expect(dropped).toEqual([temp]);
    await expect(superuserSql("SELECT tableowner FROM pg_tables WHERE tablename = 'temp_table'", database)).resolves.toEqual([{ tableowner: master.user }]);
  });

  it('fails clearly when it may not take over a role to drop it', async () => {
    // Act
    const result = port.dropRoles(master, [`prod_owner_${suffix}`]);

    // Assess
    await expect(result).rejects.toThrow(PostgresError);
    await expect(result).rejects.toThrow(new RegExp(`Taking over role "prod_owner_${suffix}".*permission denied`));
  });
});
