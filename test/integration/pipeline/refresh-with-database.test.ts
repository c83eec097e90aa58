import type { Operation } from '../../../src/store/operation';
import { loginResult, superuserSql } from '../database/pg-fixture';
import { MASK_CUSTOMERS_SQL, PRODUCTION_CUSTOMERS, queryAs, queryOutcome, startRefreshWorld, WORLD, type RefreshWorld } from './support/refresh-world';

type LogLine = Record<string, unknown> & { message: string; operationId?: string };

function logLinesOf(world: RefreshWorld, operationId: string, message: string): LogLine[] {
  return world.runtime.logLines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.operationId === operationId && line.message === message);
}

/** What "nothing changed" means for the configured roles: verifiers, attributes, memberships, privileges, data. */
async function databaseState(world: RefreshWorld): Promise<Record<string, unknown>> {
  const configured = [world.roles.analyst, world.roles.app];
  const [roles, memberships, acls, customers] = await Promise.all([
    superuserSql(
      `SELECT a.rolname, a.rolpassword, a.rolcanlogin, a.rolconnlimit, a.rolvaliduntil, a.rolsuper, a.rolcreaterole, a.rolinherit
         FROM pg_authid a WHERE a.rolname = ANY($1::text[]) ORDER BY a.rolname`,
      'postgres',
      [configured],
    ),
    superuserSql(
      `SELECT m.rolname AS member, g.rolname AS grp, a.admin_option FROM pg_auth_members a
         JOIN pg_roles m ON m.oid = a.member JOIN pg_roles g ON g.oid = a.roleid
        WHERE m.rolname = ANY($1::text[]) OR g.rolname = ANY($1::text[]) ORDER BY 1, 2`,
      'postgres',
      [configured],
    ),
    superuserSql(
      `SELECT (SELECT datacl::text FROM pg_database WHERE datname = current_database()) AS database_acl,
              (SELECT nspacl::text FROM pg_namespace WHERE nspname = 'shop') AS schema_acl,
              (SELECT json_agg(relname || ' ' || coalesce(relacl::text, '') ORDER BY relname) FROM pg_class WHERE relnamespace = 'shop'::regnamespace) AS relation_acls,
              (SELECT json_agg(defaclobjtype::text || ' ' || defaclacl::text ORDER BY defaclobjtype, defaclacl::text) FROM pg_default_acl) AS default_acls`,
      world.database,
    ),
    superuserSql('SELECT id, email, phone FROM shop.customers ORDER BY id', world.database),
  ]);
  return { roles, memberships, acls, customers };
}

async function maskingRuns(world: RefreshWorld): Promise<number> {
  const [row] = await superuserSql('SELECT count(*)::int AS runs FROM shop.masking_runs', world.database);
  return Number(row?.runs);
}

describe('a whole refresh, seen from the restored database', () => {
  let world: RefreshWorld;
  let first: Operation | undefined;
  // Quotes, a space and a semicolon: created exactly as named, injecting nothing.
  const analystName = (suffix: string) => `analyst "ro"; DROP ROLE x ${suffix}`;

  beforeAll(async () => {
    world = await startRefreshWorld({ analystName });
    ({ operation: first } = await world.refresh());
  });
  afterAll(() => world.stop());

  const password = (role: 'analyst' | 'app'): string => world.secrets[role];
  const name = (role: 'analyst' | 'app'): string => world.roles[role];

  it('succeeds, with the users configured and the masking script committed', () => {
    // Assess
    expect(first?.status).toBe('SUCCEEDED');
    expect(first?.facts).toMatchObject({ rolesConfigured: [world.roles.analyst, world.roles.app], sqlScriptsRun: [WORLD.maskScript] });
    const [configured] = logLinesOf(world, first?.operationId as string, 'database roles configured');
    expect(configured).toMatchObject({ created: [world.roles.analyst, world.roles.app], updated: [], unchanged: [] });
  });

  it('creates the oddly named role exactly as named, and no other', async () => {
    // Act
    const rows = await superuserSql('SELECT rolname FROM pg_roles WHERE strpos(rolname, $1) > 0 ORDER BY rolname', 'postgres', [world.suffix]);

    // Assess
    expect(rows.map((row) => row.rolname).sort()).toEqual([world.roles.analyst, world.roles.app, world.roles.master].sort());
    expect(world.roles.analyst).toBe(`analyst "ro"; DROP ROLE x ${world.suffix}`);
  });

  it.each([
    ['analyst', 'SELECT count(*) FROM shop.customers', 'ok'],
    ['analyst', "INSERT INTO shop.customers (email) VALUES ('ro@example.invalid')", '42501'],
    ['analyst', 'UPDATE shop.customers SET phone = phone WHERE id < 0', '42501'],
    ['analyst', 'DELETE FROM shop.customers WHERE id < 0', '42501'],
    ['app', 'SELECT count(*) FROM shop.customers', 'ok'],
    ['app', "INSERT INTO shop.customers (email) VALUES ('app-1@example.invalid')", 'ok'],
    ['app', 'UPDATE shop.customers SET phone = phone WHERE id < 0', 'ok'],
    ['app', 'DELETE FROM shop.customers WHERE id < 0', 'ok'],
    ['app', 'CREATE TABLE shop.not_allowed (id int)', '42501'],
  ] as const)('%s, logging in with its secret\'s password: %s → %s', async (role, sql, expected) => {
    // Act
    const outcome = await queryOutcome(world, name(role), password(role), sql);

    // Assess
    expect(outcome).toBe(expected);
  });

  it.each([
    ['analyst', 'a wrong password', (p: string) => `${p}x`],
    ['analyst', 'a one-letter password', () => 'x'],
    ['app', 'the other role\'s password', () => world.secrets.analyst],
    ['app', 'the JSON secret itself instead of its key', (p: string) => JSON.stringify({ engine: 'postgres', pw: p })],
  ] as const)('%s cannot log in with %s', async (role, _what, wrong) => {
    // Act
    const outcome = await loginResult(name(role), wrong(password(role)), world.database);

    // Assess
    expect(outcome).toBe('28P01');
  });

  it('replaced production\'s master password with the secret\'s', async () => {
    // Act
    const [withSecret, withProduction] = await Promise.all([
      loginResult(world.roles.master, world.secrets.master, world.database),
      loginResult(world.roles.master, world.secrets.productionMaster, world.database),
    ]);

    // Assess
    expect([withSecret, withProduction]).toEqual(['ok', '28P01']);
  });

  it('shows the readonly user masked data only', async () => {
    // Act
    const rows = await queryAs(world, name('analyst'), password('analyst'), 'SELECT id, email, phone FROM shop.customers WHERE id <= $1 ORDER BY id', [PRODUCTION_CUSTOMERS.length]);

    // Assess
    expect(rows).toEqual(PRODUCTION_CUSTOMERS.map((_customer, index) => ({ id: index + 1, email: `customer-${index + 1}@example.invalid`, phone: null })));
    await expect(maskingRuns(world)).resolves.toBe(1);
  });

  it('gives both users their presets on tables the master user creates later (default privileges)', async () => {
    // Prepare
    await queryAs(world, world.roles.master, world.secrets.master, 'CREATE TABLE shop.later (id serial PRIMARY KEY, note text)');

    // Act
    const outcomes = await Promise.all([
      queryOutcome(world, name('analyst'), password('analyst'), 'SELECT * FROM shop.later'),
      queryOutcome(world, name('analyst'), password('analyst'), "INSERT INTO shop.later (note) VALUES ('no')"),
      queryOutcome(world, name('app'), password('app'), "INSERT INTO shop.later (note) VALUES ('yes')"),
    ]);

    // Assess
    expect(outcomes).toEqual(['ok', '42501', 'ok']);
  });

  it('refreshes the same target again with the same users: nothing fails, nothing that matters changes', async () => {
    // Prepare
    const before = await databaseState(world);
    expect(before).toMatchObject({ roles: [expect.anything(), expect.anything()], customers: expect.arrayContaining([expect.anything()]) });

    // Act
    const { operation: second } = await world.refresh();

    // Assess
    expect(second?.status).toBe('SUCCEEDED');
    expect(second?.operationId).not.toBe(first?.operationId);
    const [configured] = logLinesOf(world, second?.operationId as string, 'database roles configured');
    expect(configured).toMatchObject({ created: [], updated: [], unchanged: [world.roles.analyst, world.roles.app] });
    expect(logLinesOf(world, second?.operationId as string, 'database setup warning')).toEqual([]);
    await expect(databaseState(world)).resolves.toEqual(before);
    // The masking script runs once per operation; it is written to be harmless when repeated.
    await expect(maskingRuns(world)).resolves.toBe(2);
    await expect(queryOutcome(world, name('analyst'), password('analyst'), 'SELECT count(*) FROM shop.customers')).resolves.toBe('ok');
    await expect(queryOutcome(world, name('analyst'), password('analyst'), "INSERT INTO shop.customers (email) VALUES ('ro@example.invalid')")).resolves.toBe('42501');
    await expect(loginResult(world.roles.master, world.secrets.master, world.database)).resolves.toBe('ok');
  });

  it('refreshes again after the readonly secret was rotated: that role alone is updated', async () => {
    // Prepare
    const rotated = `${world.secrets.analyst.slice(0, 20)}-rotated`;
    world.runtime.secrets.set(WORLD.analystSecret, rotated);

    // Act
    const { operation: third } = await world.refresh();

    // Assess
    expect(third?.status).toBe('SUCCEEDED');
    const [configured] = logLinesOf(world, third?.operationId as string, 'database roles configured');
    expect(configured).toMatchObject({ created: [], updated: [world.roles.analyst], unchanged: [world.roles.app] });
    await expect(loginResult(world.roles.analyst, rotated, world.database)).resolves.toBe('ok');
    await expect(loginResult(world.roles.analyst, world.secrets.analyst, world.database)).resolves.toBe('28P01');
  });
});

describe('a refresh that failed in setup-db-users, resumed once the cause is fixed', () => {
  let world: RefreshWorld;
  afterAll(() => world.stop());

  it('fails on a broken script after the masking script committed, then resumes without running the masking again', async () => {
    // Prepare
    world = await startRefreshWorld();
    world.writeScript('drop-phones.sql', 'UPDATE shop.customer SET phone = NULL;\n');
    const request = world.request({ postRestoreSql: [{ file: WORLD.maskScript }, { file: 'drop-phones.sql' }] });
    const { operation: failed } = await world.refresh(request);
    expect(failed).toMatchObject({ status: 'FAILED', error: { step: 'setup-db-users', name: 'SqlScriptError' }, facts: { sqlScriptsRun: [WORLD.maskScript] } });
    expect(failed?.error?.message).toMatch(/^SQL script drop-phones\.sql failed at statement 1 .*relation "shop\.customer" does not exist \[SQLSTATE 42P01\]$/);
    await expect(loginResult(world.roles.analyst, world.secrets.analyst, world.database)).resolves.toBe('28P01');
    world.writeScript('drop-phones.sql', 'UPDATE shop.customers SET phone = NULL;\n');

    // Act
    const { operation: resumed } = await world.runtime.drive({ command: 'resume', operationId: failed?.operationId });

    // Assess
    expect(resumed?.operationId).toBe(failed?.operationId);
    expect(resumed).toMatchObject({ status: 'SUCCEEDED', facts: { sqlScriptsRun: [WORLD.maskScript, 'drop-phones.sql'], rolesConfigured: [world.roles.analyst, world.roles.app] } });
    // Each script ran in an invocation of its own: the masking in the first attempt, the fixed script in the resume.
    expect(logLinesOf(world, resumed?.operationId as string, 'SQL script committed').map((line) => line.script)).toEqual([WORLD.maskScript, 'drop-phones.sql']);
    // The failed attempt's second invocation and the resume each skipped the committed masking script.
    expect(logLinesOf(world, resumed?.operationId as string, 'SQL scripts committed by an earlier invocation are not run again')).toEqual([
      expect.objectContaining({ scripts: [WORLD.maskScript] }),
      expect.objectContaining({ scripts: [WORLD.maskScript] }),
    ]);
    await expect(maskingRuns(world)).resolves.toBe(1);
    expect(MASK_CUSTOMERS_SQL).toContain('masking_runs');
    // The master password was requested once: the resume found it set.
    expect(world.runtime.simulation.writeCalls().filter((call) => call.operation === 'modifyCluster')).toHaveLength(1);
    await expect(loginResult(world.roles.analyst, world.secrets.analyst, world.database)).resolves.toBe('ok');
    await expect(loginResult(world.roles.app, world.secrets.app, world.database)).resolves.toBe('ok');
    expect(world.runtime.notifier.published.map((message) => message.attributes.status)).toEqual(['FAILED', 'SUCCEEDED']);
  });
});
