import { Client } from 'pg';
import { PostgresError } from '../../../src/errors';
import type { DesiredRole } from '../../../src/ports/database';
import { connectionAs, freshDatabase, loginResult, superuserConnection, superuserSql, testDatabasePort, withClient } from './pg-fixture';

/**
 * The database port against a real PostgreSQL with scram-sha-256 authentication, connected as a
 * superuser (as a local stand-in for the cluster) — see master-user.test.ts for Aurora's non-superuser master.
 */
describe('applyRoles on a real PostgreSQL', () => {
  let database: string;
  let suffix: string;
  let cleanup: () => Promise<void>;
  const port = testDatabasePort();
  const name = (base: string) => `${base}_${suffix}`;
  const role = (base: string, overrides: Partial<DesiredRole> = {}): DesiredRole => ({
    name: name(base),
    password: `pw-${base}-Ünïcode-${suffix}`,
    grants: [],
    memberOf: [],
    defaultPrivileges: true,
    ...overrides,
  });

  beforeAll(async () => {
    ({ database, suffix, cleanup } = await freshDatabase('roles'));
    await superuserSql(
      `CREATE SCHEMA app;
       CREATE TABLE app.orders (id serial PRIMARY KEY, email text NOT NULL);
       INSERT INTO app.orders (email) VALUES ('a@example.com'), ('b@example.com');
       CREATE VIEW app.order_emails AS SELECT email FROM app.orders;`,
      database,
    );
  });
  afterAll(() => cleanup());

  const asUser = <T>(desired: DesiredRole, work: (client: Client) => Promise<T>) => withClient(connectionAs(desired.name, desired.password, database), work);
  const sqlStateOf = async (work: Promise<unknown>) => work.then(() => 'ok', (error: { code?: string }) => error.code ?? 'no code');

  it('creates a role that logs in with its password and refuses a wrong one', async () => {
    // Prepare
    const reader = role('login', { grants: [{ preset: 'readonly', database, schemas: ['app'] }] });

    // Act
    const changes = await port.applyRoles(superuserConnection(database), [reader]);

    // Assess
    expect(changes).toEqual({ created: [reader.name], updated: [], unchanged: [], warnings: [] });
    await expect(loginResult(reader.name, reader.password, database)).resolves.toBe('ok');
    await expect(loginResult(reader.name, `${reader.password}x`, database)).resolves.toBe('28P01');
  });

  it('stores a SCRAM verifier: the password itself never reaches the server', async () => {
    // Prepare
    const sent: string[] = [];
    const original = Client.prototype.query;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const first = args[0];
      sent.push(typeof first === 'string' ? first : JSON.stringify(first));
      return (original as (...a: unknown[]) => never).apply(this, args);
    });
    const desired = role('verifier');

    // Act
    try {
      await port.applyRoles(superuserConnection(database), [desired]);
    } finally {
      spy.mockRestore();
    }

    // Assess
    expect(sent.some((sql) => sql.includes('CREATE ROLE') && sql.includes('SCRAM-SHA-256$4096:'))).toBe(true);
    expect(sent.filter((sql) => sql.includes(desired.password))).toEqual([]);
    const [stored] = await superuserSql('SELECT rolpassword FROM pg_authid WHERE rolname = $1', 'postgres', [desired.name]);
    expect(String(stored?.rolpassword)).toMatch(/^SCRAM-SHA-256\$4096:/);
  });

  it('lets a readonly role SELECT (tables and views) but not INSERT', async () => {
    // Prepare
    const reader = role('reader', { grants: [{ preset: 'readonly', database, schemas: ['app'] }] });

    // Act
    await port.applyRoles(superuserConnection(database), [reader]);

    // Assess
    await expect(asUser(reader, async (c) => (await c.query('SELECT count(*)::int AS n FROM app.orders')).rows[0].n)).resolves.toBe(2);
    await expect(asUser(reader, async (c) => (await c.query('SELECT count(*)::int AS n FROM app.order_emails')).rows[0].n)).resolves.toBe(2);
    await expect(sqlStateOf(asUser(reader, (c) => c.query("INSERT INTO app.orders (email) VALUES ('x@example.com')")))).resolves.toBe('42501');
    await expect(sqlStateOf(asUser(reader, (c) => c.query('DELETE FROM app.orders')))).resolves.toBe('42501');
  });

  it('lets a readwrite role INSERT (using the sequence), UPDATE and DELETE, but not create tables', async () => {
    // Prepare
    const writer = role('writer', { grants: [{ preset: 'readwrite', database, schemas: ['app'] }] });

    // Act
    await port.applyRoles(superuserConnection(database), [writer]);

    // Assess
    await expect(
      asUser(writer, async (c) => {
        const inserted = await c.query("INSERT INTO app.orders (email) VALUES ('w@example.com') RETURNING id");
        await c.query("UPDATE app.orders SET email = 'v@example.com' WHERE id = $1", [inserted.rows[0].id]);
        await c.query('DELETE FROM app.orders WHERE id = $1', [inserted.rows[0].id]);
        return 'ok';
      }),
    ).resolves.toBe('ok');
    await expect(sqlStateOf(asUser(writer, (c) => c.query('CREATE TABLE app.nope (id int)')))).resolves.toBe('42501');
  });

  it('lets an owner role create tables in the schema', async () => {
    // Prepare
    const owner = role('owner', { grants: [{ preset: 'owner', database, schemas: ['app'] }] });

    // Act
    await port.applyRoles(superuserConnection(database), [owner]);

    // Assess
    await expect(sqlStateOf(asUser(owner, (c) => c.query('CREATE TABLE app.made_by_owner (id int); DROP TABLE app.made_by_owner')))).resolves.toBe('ok');
  });

  it('gives default privileges on tables created later by the master user and by owner roles', async () => {
    // Prepare
    const owner = role('creator', { grants: [{ preset: 'owner', database, schemas: ['app'] }] });
    const reader = role('later', { grants: [{ preset: 'readonly', database, schemas: ['app'] }] });
    await port.applyRoles(superuserConnection(database), [owner, reader]);

    // Act
    await superuserSql("CREATE TABLE app.by_master (x int); INSERT INTO app.by_master VALUES (1)", database);
    await asUser(owner, (c) => c.query('CREATE TABLE app.by_owner (x int); INSERT INTO app.by_owner VALUES (1)'));

    // Assess
    await expect(asUser(reader, async (c) => (await c.query('SELECT count(*)::int AS n FROM app.by_master')).rows[0].n)).resolves.toBe(1);
    await expect(asUser(reader, async (c) => (await c.query('SELECT count(*)::int AS n FROM app.by_owner')).rows[0].n)).resolves.toBe(1);
  });

  it('adds configured memberships, also in a role configured in the same run', async () => {
    // Prepare
    const group = role('group');
    const member = role('member', { memberOf: [name('group')] });

    // Act
    await port.applyRoles(superuserConnection(database), [member, group]);

    // Assess
    const rows = await superuserSql(
      `SELECT pg_has_role($1, $2, 'MEMBER') AS member`,
      'postgres',
      [member.name, group.name],
    );
    expect(rows[0]?.member).toBe(true);
  });

  it('brings an existing role (no login, expired, other password, other limit) to the configured state', async () => {
    // Prepare
    const desired = role('existing', { connectionLimit: 7 });
    await superuserSql(`CREATE ROLE "${desired.name}" NOLOGIN PASSWORD 'production-password' VALID UNTIL '2001-01-01' CONNECTION LIMIT 2`);

    // Act
    const changes = await port.applyRoles(superuserConnection(database), [desired]);

    // Assess
    expect(changes.updated).toEqual([desired.name]);
    await expect(loginResult(desired.name, desired.password, database)).resolves.toBe('ok');
    await expect(loginResult(desired.name, 'production-password', database)).resolves.toBe('28P01');
    const [row] = await superuserSql('SELECT rolconnlimit, rolvaliduntil FROM pg_roles WHERE rolname = $1', 'postgres', [desired.name]);
    expect(row).toEqual({ rolconnlimit: 7, rolvaliduntil: Infinity });
  });

  it('changes nothing on a second run', async () => {
    // Prepare
    const roles = [
      role('again_group'),
      role('again_reader', { grants: [{ preset: 'readonly', database, schemas: ['app', 'public'] }], memberOf: [name('again_group')], connectionLimit: 3 }),
      role('again_writer', { grants: [{ preset: 'readwrite', database, schemas: ['app'] }] }),
      role('again_owner', { grants: [{ preset: 'owner', database, schemas: ['app'] }] }),
    ];
    await port.applyRoles(superuserConnection(database), roles);
    const before = await catalogFingerprint(database, suffix);

    // Act
    const second = await port.applyRoles(superuserConnection(database), roles);

    // Assess
    expect(second).toEqual({ created: [], updated: [], unchanged: roles.map((r) => r.name), warnings: [] });
    expect(await catalogFingerprint(database, suffix)).toEqual(before);
  });

  it.each([
    ['a double quote', 'we"ird'],
    ['a semicolon and a statement', 'x; DROP TABLE app.orders; --'],
    ['spaces and a single quote', "o'brien smith"],
    ['a backslash and unicode', 'back\\slash ✓'],
  ])('creates a role whose name holds %s exactly, injecting nothing', async (_case, base) => {
    // Prepare
    const desired = role(base, { grants: [{ preset: 'readonly', database, schemas: ['app'] }] });

    // Act
    await port.applyRoles(superuserConnection(database), [desired]);

    // Assess
    const rows = await superuserSql('SELECT rolname FROM pg_roles WHERE rolname = $1', 'postgres', [desired.name]);
    expect(rows).toEqual([{ rolname: desired.name }]);
    await expect(loginResult(desired.name, desired.password, database)).resolves.toBe('ok');
    await expect(superuserSql("SELECT to_regclass('app.orders') IS NOT NULL AS present", database)).resolves.toEqual([{ present: true }]);
  });

  it('grants on a schema whose name holds quotes and a semicolon', async () => {
    // Prepare
    const schema = 'odd"schema; DROP TABLE app.orders; --';
    await superuserSql(`CREATE SCHEMA "${schema.replace(/"/g, '""')}"; CREATE TABLE "${schema.replace(/"/g, '""')}".t (x int)`, database);
    const reader = role('oddschema', { grants: [{ preset: 'readonly', database, schemas: [schema] }] });

    // Act
    await port.applyRoles(superuserConnection(database), [reader]);

    // Assess
    await expect(asUser(reader, async (c) => (await c.query(`SELECT count(*)::int AS n FROM "${schema.replace(/"/g, '""')}".t`)).rows[0].n)).resolves.toBe(0);
    await expect(superuserSql("SELECT to_regclass('app.orders') IS NOT NULL AS present", database)).resolves.toEqual([{ present: true }]);
  });

  it('fails naming the schema when a grant names one that does not exist', async () => {
    // Prepare
    const reader = role('noschema', { grants: [{ preset: 'readonly', database, schemas: ['missing'] }] });

    // Act
    const result = port.applyRoles(superuserConnection(database), [reader]);

    // Assess
    await expect(result).rejects.toThrow(PostgresError);
    await expect(result).rejects.toThrow(/Schema\(s\) "missing" do not exist in database/);
  });

  it('refuses a password that SASLprep would rewrite, before changing anything', async () => {
    // Prepare
    const desired = role('nbsp', { password: 'with\u00a0no-break space' });

    // Act
    const result = port.applyRoles(superuserConnection(database), [desired]);

    // Assess
    await expect(result).rejects.toThrow(/SASLprep/);
    await expect(result).rejects.not.toThrow(/no-break/);
    await expect(superuserSql('SELECT 1 FROM pg_roles WHERE rolname = $1', 'postgres', [desired.name])).resolves.toEqual([]);
  });
});

/** Everything a role setup can change, for the roles of this test file: attributes, password, memberships, ACLs, default ACLs. */
async function catalogFingerprint(database: string, suffix: string): Promise<unknown> {
  const roles = await superuserSql(
    `SELECT rolname, rolcanlogin, rolconnlimit, rolvaliduntil, rolpassword FROM pg_authid WHERE strpos(rolname, $1) > 0 ORDER BY rolname`,
    'postgres',
    [suffix],
  );
  const members = await superuserSql(
    `SELECT g.rolname AS grp, m.rolname AS member FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
      WHERE strpos(m.rolname, $1) > 0 ORDER BY 1, 2`,
    'postgres',
    [suffix],
  );
  const acls = await superuserSql(
    `SELECT 'db' AS kind, datname AS name, datacl::text AS acl FROM pg_database WHERE datname = current_database()
     UNION ALL SELECT 'schema', nspname, nspacl::text FROM pg_namespace
     UNION ALL SELECT 'rel', c.oid::regclass::text, c.relacl::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('app', 'public')
     UNION ALL SELECT 'default', defaclrole::regrole::text || '/' || defaclnamespace::regnamespace::text || '/' || defaclobjtype::text, defaclacl::text FROM pg_default_acl
     ORDER BY 1, 2`,
    database,
  );
  return { roles, members, acls };
}
