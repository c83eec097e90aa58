import { PostgresError, SafetyViolationError, SqlScriptError, StepFailedError, TransientError } from '../../../src/errors';
import type { DatabasePort, ScriptSourcePort } from '../../../src/ports/database';
import { RdsError } from '../../../src/ports/rds';
import type { RefreshRequestInput } from '../../../src/request/schema';
import { InMemorySecrets } from '../../../src/simulation/in-memory-secrets';
import { setupDbUsersStep } from '../../../src/steps/setup-db-users';
import { OPERATION_TAG_KEY } from '../../../src/constants';
import type { Outcome } from '../../../src/engine/outcome';
import type { Cluster } from '../../../src/ports/rds';
import type { Facts } from '../../../src/store/operation';
import { fakeCluster, FakeRds } from '../../support/fake-rds';
import { OPERATION_ID, stepContext } from '../../support/step-context';
import { runAsEngine } from '../../support/run-as-engine';

const MASTER_PASSWORD = 'master-Pa55-from-secret';
const READER_PASSWORD = 'reader-Pa55-from-secret';
const MANAGED_PASSWORD = 'managed-Pa55-by-rds';
const ENDPOINT = 'staging-orders.cluster-abc.eu-west-1.rds.amazonaws.com';
const RESTORED = { writerEndpoint: ENDPOINT, port: 5432, masterUsername: 'postgres' };

/** The target as this operation's restore left it: tagged with the operation's id. */
const restoredCluster = (overrides: Partial<Cluster> = {}): Cluster => fakeCluster({ tags: { [OPERATION_TAG_KEY]: OPERATION_ID }, ...overrides });

const users = (overrides: Partial<NonNullable<RefreshRequestInput['users']>> = {}): RefreshRequestInput['users'] => ({
  masterPassword: { secret: 'staging/master' },
  roles: [{ name: 'app_reader', passwordSecret: 'staging/app-reader', grants: [{ preset: 'readonly', schemas: ['app'] }], memberOf: ['analysts'] }],
  dropRoles: ['prod_app'],
  postRestoreSql: [{ file: 'sql/mask.sql' }, { s3Uri: 's3://org-sql/refresh/extra.sql' }],
  ...overrides,
});

/** A database port that records the order of calls. */
function recordingDatabase(overrides: Partial<DatabasePort> = {}) {
  const calls: string[] = [];
  const port = {
    dropRoles: jest.fn(async (_c, names: string[]) => (calls.push('dropRoles'), names)),
    runScript: jest.fn(async (_c, script: { name: string }) => (calls.push(`runScript ${script.name}`), { name: script.name, statements: 2, durationMs: 5, status: 'ran' as const })),
    applyRoles: jest.fn(async (_c, roles: { name: string }[]) => (calls.push('applyRoles'), { created: roles.map((r) => r.name), updated: [], unchanged: [], warnings: [] })),
    checkScript: jest.fn(async () => Promise.reject(new Error('checkScript is not used by setup-db-users'))),
    runCheck: jest.fn(async () => Promise.reject(new Error('runCheck is not used by setup-db-users'))),
    checkQuery: jest.fn(async () => Promise.reject(new Error('checkQuery is not used by setup-db-users'))),
    ...overrides,
  } satisfies DatabasePort;
  return { calls, port };
}

const scripts: ScriptSourcePort = { read: async (reference) => ({ name: 'file' in reference ? reference.file : reference.s3Uri, sql: 'SELECT 1;' }) };

function secrets(): InMemorySecrets {
  return new InMemorySecrets({
    'staging/master': JSON.stringify({ password: MASTER_PASSWORD }),
    'staging/app-reader': READER_PASSWORD,
    'rds!cluster-123': JSON.stringify({ username: 'postgres', password: MANAGED_PASSWORD }),
  });
}

function context(options: { users?: RefreshRequestInput['users']; facts?: object; rds?: FakeRds; database?: DatabasePort; now?: Date; dryRun?: boolean } = {}) {
  const rds = options.rds ?? new FakeRds({ clusters: [restoredCluster()] });
  return stepContext({
    step: 'setup-db-users',
    request: { users: options.users ?? users(), ...(options.dryRun ? { dryRun: true } : {}) },
    facts: { ...RESTORED, ...options.facts },
    ports: { rds, secrets: secrets(), database: options.database ?? recordingDatabase().port, scripts },
    ...(options.now ? { now: options.now } : {}),
  });
}

/**
 * Invokes the step as the dispatcher would: a wait's facts are merged into the stored facts and the
 * step runs again, until it advances or fails (at most `limit` invocations).
 */
async function invokeUntilSettled(options: Parameters<typeof context>[0] & { facts?: Partial<Facts> }, limit = 10): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let facts: Partial<Facts> = options.facts ?? {};
  for (let invocation = 0; invocation < limit; invocation += 1) {
    const outcome = await runAsEngine(setupDbUsersStep, context({ ...options, facts }));
    outcomes.push(outcome);
    if (outcome.type !== 'wait' && outcome.type !== 'continue') return outcomes;
    facts = { ...facts, ...outcome.facts };
  }
  throw new Error(`setup-db-users did not settle in ${limit} invocations: ${JSON.stringify(outcomes.map((outcome) => outcome.type))}`);
}

describe('setup-db-users: the master password', () => {
  it('sets it from the secret with ModifyDBCluster, applied immediately, then waits', async () => {
    // Prepare
    const rds = new FakeRds({ clusters: [restoredCluster()] });
    const db = recordingDatabase();
    const ctx = context({ rds, database: db.port });

    // Act
    const outcome = await runAsEngine(setupDbUsersStep, ctx);

    // Assess
    expect(rds.modifyCluster).toHaveBeenCalledTimes(1);
    expect(rds.modifyCluster).toHaveBeenCalledWith({ clusterId: 'staging-orders', masterUserPassword: MASTER_PASSWORD, applyImmediately: true });
    expect(outcome).toEqual({
      type: 'wait',
      reason: 'master password change requested; waiting for staging-orders to apply it',
      facts: { masterPasswordSet: true, masterPasswordChangedAt: ctx.now.toISOString() },
      delaySeconds: 60,
    });
    expect(db.calls).toEqual([]);
  });

  it('waits without asking again while the cluster is resetting-master-credentials', async () => {
    // Prepare
    const rds = new FakeRds({ clusters: [restoredCluster({ status: 'resetting-master-credentials' })] });

    // Act
    const outcome = await runAsEngine(setupDbUsersStep, context({ rds, facts: { masterPasswordSet: true } }));

    // Assess
    expect(outcome).toEqual({ type: 'wait', reason: 'cluster staging-orders is resetting-master-credentials (applying the new master password)', delaySeconds: 60 });
    expect(rds.modifyCluster).not.toHaveBeenCalled();
  });

  it('waits when the cluster cannot take the change yet (InvalidDBClusterStateFault)', async () => {
    // Prepare
    const rds = new FakeRds({ clusters: [restoredCluster()] });
    rds.modifyCluster.mockRejectedValueOnce(new RdsError('InvalidDBClusterStateFault', 'DbCluster staging-orders is not in available state.', 'staging-orders'));

    // Act
    const outcome = await runAsEngine(setupDbUsersStep, context({ rds }));

    // Assess
    expect(outcome).toMatchObject({ type: 'wait', reason: expect.stringContaining('cannot change its master password yet') });
    expect(outcome.facts).toBeUndefined();
  });

  it('asks RDS to manage the password, then reads it from the managed secret once it is active', async () => {
    // Prepare
    const rds = new FakeRds({ clusters: [restoredCluster()] });
    const db = recordingDatabase();
    const managed = users({ masterPassword: { manage: true, kmsKeyId: 'alias/staging-secrets' }, postRestoreSql: [] });
    const first = await runAsEngine(setupDbUsersStep, context({ rds, users: managed, database: db.port }));
    rds.settle('staging-orders');
    rds.managedSecrets.set('staging-orders', { secretArn: 'rds!cluster-123', status: 'active' });

    // Act
    const second = await runAsEngine(setupDbUsersStep, context({ rds, users: managed, database: db.port, facts: first.facts ?? {} }));

    // Assess
    expect(rds.modifyCluster).toHaveBeenCalledWith({ clusterId: 'staging-orders', manageMasterUserPassword: true, masterUserSecretKmsKeyId: 'alias/staging-secrets', applyImmediately: true });
    expect(first.type).toBe('wait');
    expect(db.port.dropRoles).toHaveBeenCalledWith(expect.objectContaining({ user: 'postgres', password: MANAGED_PASSWORD }), ['prod_app']);
    expect(second).toMatchObject({ type: 'advance', next: 'archive-snapshot', facts: { masterPasswordSet: true, masterSecretArn: 'rds!cluster-123' } });
  });

  it('does not ask again when RDS already manages the password', async () => {
    // Prepare
    const rds = new FakeRds({ clusters: [restoredCluster()] });
    rds.managedSecrets.set('staging-orders', { secretArn: 'rds!cluster-123', status: 'active' });

    // Act
    const outcome = await runAsEngine(setupDbUsersStep, context({ rds, users: users({ masterPassword: { manage: true }, postRestoreSql: [] }) }));

    // Assess
    expect(rds.modifyCluster).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({ type: 'advance', next: 'archive-snapshot' });
  });

  it('moves on without touching anything when nothing is configured (the snapshot password stays)', async () => {
    // Prepare
    const rds = new FakeRds({ clusters: [restoredCluster()] });
    const ctx = context({ rds, users: {} });

    // Act
    const outcome = await runAsEngine(setupDbUsersStep, ctx);

    // Assess
    expect(outcome).toEqual({ type: 'advance', next: 'archive-snapshot' });
    expect(rds.describeCluster).not.toHaveBeenCalled();
    expect(ctx.logLines.join('\n')).toContain("keeps the snapshot's master password");
  });
});

describe('setup-db-users: the database', () => {
  it('connects as the master user over TLS, drops, runs one script per step run, then configures roles — in that order', async () => {
    // Prepare
    const db = recordingDatabase();

    // Act
    const outcomes = await invokeUntilSettled({ facts: { masterPasswordSet: true }, database: db.port });

    // Assess
    const connection = {
      host: ENDPOINT,
      port: 5432,
      database: 'postgres',
      user: 'postgres',
      password: MASTER_PASSWORD,
      tls: 'verify-full',
      connectTimeoutSeconds: 10,
      statementTimeoutSeconds: 300,
    };
    expect(db.calls).toEqual(['dropRoles', 'runScript sql/mask.sql', 'dropRoles', 'runScript s3://org-sql/refresh/extra.sql', 'dropRoles', 'applyRoles']);
    expect(db.port.dropRoles).toHaveBeenCalledWith(connection, ['prod_app']);
    expect(db.port.applyRoles).toHaveBeenCalledWith(connection, [
      { name: 'app_reader', password: READER_PASSWORD, grants: [{ preset: 'readonly', database: 'postgres', schemas: ['app'] }], memberOf: ['analysts'], defaultPrivileges: true },
    ]);
    expect(outcomes.map((outcome) => outcome.type)).toEqual(['continue', 'continue', 'advance']);
    expect(outcomes.at(-1)).toEqual({
      type: 'advance',
      next: 'archive-snapshot',
      facts: { masterPasswordSet: true, rolesConfigured: ['app_reader'], rolesDropped: ['prod_app'], sqlScriptsRun: ['sql/mask.sql', 's3://org-sql/refresh/extra.sql'] },
    });
  });

  it('runs one script, records it and asks to go on, so its commit is saved before the next script starts', async () => {
    // Prepare
    const db = recordingDatabase();

    // Act
    const outcome = await runAsEngine(setupDbUsersStep, context({ facts: { masterPasswordSet: true }, database: db.port }));

    // Assess
    expect(db.calls).toEqual(['dropRoles', 'runScript sql/mask.sql']);
    expect(outcome).toEqual({
      type: 'continue',
      reason: 'ran SQL script sql/mask.sql; continuing with the next',
      facts: { masterPasswordSet: true, rolesDropped: ['prod_app'], sqlScriptsRun: ['sql/mask.sql'] },
    });
  });

  it('asks to go on after the last script too, before configuring roles', async () => {
    // Prepare
    const db = recordingDatabase({ dropRoles: jest.fn(async () => []) });

    // Act
    const outcome = await runAsEngine(setupDbUsersStep, context({ facts: { masterPasswordSet: true, sqlScriptsRun: ['sql/mask.sql'], rolesDropped: ['prod_app'] }, database: db.port }));

    // Assess
    expect(db.port.applyRoles).not.toHaveBeenCalled();
    expect(outcome).toEqual({
      type: 'continue',
      reason: 'ran SQL script s3://org-sql/refresh/extra.sql; continuing with the rest of the database setup',
      facts: { masterPasswordSet: true, rolesDropped: ['prod_app'], sqlScriptsRun: ['sql/mask.sql', 's3://org-sql/refresh/extra.sql'] },
    });
  });

  it('fails naming the script when one fails, keeping the scripts already committed and configuring no role', async () => {
    // Prepare
    const failure = new SqlScriptError('SQL script s3://org-sql/refresh/extra.sql failed at statement 3 (line 9, column 1); the script was rolled back: boom', { script: 's3://org-sql/refresh/extra.sql', statement: 3, line: 9, column: 1 }, '42P01');
    const db = recordingDatabase({ runScript: jest.fn(async (_c, script) => (script.name.startsWith('s3://') ? Promise.reject(failure) : { name: script.name, statements: 1, durationMs: 1, status: 'ran' as const })) });

    // Act
    const outcomes = await invokeUntilSettled({ facts: { masterPasswordSet: true }, database: db.port });

    // Assess
    expect(outcomes.at(-1)).toEqual({ type: 'fail', error: failure, facts: { masterPasswordSet: true, rolesDropped: ['prod_app'], sqlScriptsRun: ['sql/mask.sql'] } });
    expect(failure).toMatchObject({ operationId: '20261125-030000-a1b2c3', step: 'setup-db-users' });
    expect(db.port.applyRoles).not.toHaveBeenCalled();
  });

  it('on a resume, does not run again a script an earlier attempt committed, and keeps the record of dropped roles', async () => {
    // Prepare
    const db = recordingDatabase({ dropRoles: jest.fn(async () => []) });

    // Act
    const outcomes = await invokeUntilSettled({ facts: { masterPasswordSet: true, sqlScriptsRun: ['sql/mask.sql'], rolesDropped: ['prod_app'] }, database: db.port });

    // Assess
    expect(db.port.runScript).toHaveBeenCalledTimes(1);
    expect(db.port.runScript).toHaveBeenCalledWith(expect.anything(), { name: 's3://org-sql/refresh/extra.sql', sql: 'SELECT 1;' }, '20261125-030000-a1b2c3');
    expect(outcomes.at(-1)).toMatchObject({ type: 'advance', facts: { rolesDropped: ['prod_app'], sqlScriptsRun: ['sql/mask.sql', 's3://org-sql/refresh/extra.sql'] } });
  });

  it('waits when the new master password is refused shortly after the change', async () => {
    // Prepare
    const refused = new PostgresError('Cannot connect: password authentication failed for user "postgres" [SQLSTATE 28P01]', '28P01');
    const db = recordingDatabase({ dropRoles: jest.fn(async () => Promise.reject(refused)) });
    const now = new Date('2026-11-26T05:00:00Z');

    // Act
    const outcome = await runAsEngine(setupDbUsersStep, context({ facts: { masterPasswordSet: true, masterPasswordChangedAt: '2026-11-26T04:58:00Z' }, database: db.port, now }));

    // Assess
    expect(outcome).toEqual({ type: 'wait', reason: 'the new master password is not accepted yet; RDS may still be applying it', delaySeconds: 60 });
  });

  it('fails with a hint when the master password is still refused long after the change', async () => {
    // Prepare
    const refused = new PostgresError('Cannot connect: password authentication failed for user "postgres" [SQLSTATE 28P01]', '28P01');
    const db = recordingDatabase({ dropRoles: jest.fn(async () => Promise.reject(refused)) });

    // Act
    const outcome = await runAsEngine(setupDbUsersStep, context({ facts: { masterPasswordSet: true, masterPasswordChangedAt: '2026-11-26T03:00:00Z' }, database: db.port }));

    // Assess
    expect(outcome.type).toBe('fail');
    expect((outcome as { error: Error }).error.message).toContain('check that users.masterPassword names the secret');
  });

  it('forgets the password change when it finally fails, so a resume applies the secret again with a fresh grace period', async () => {
    // Prepare
    const refused = new PostgresError('Cannot connect: password authentication failed for user "postgres" [SQLSTATE 28P01]', '28P01');
    const rds = new FakeRds({ clusters: [restoredCluster()] });
    const db = recordingDatabase({ dropRoles: jest.fn(async () => Promise.reject(refused)) });
    const stored = { masterPasswordSet: true, masterPasswordChangedAt: '2026-11-26T03:00:00Z' };
    const failed = await runAsEngine(setupDbUsersStep, context({ rds, facts: stored, database: db.port }));
    const resumedAt = new Date('2026-11-26T09:00:00Z');

    // Act
    const resumed = await runAsEngine(setupDbUsersStep, context({ rds, facts: { ...stored, ...failed.facts }, database: db.port, now: resumedAt }));

    // Assess
    expect(failed).toMatchObject({ type: 'fail', facts: { masterPasswordSet: false, masterPasswordChangedAt: undefined } });
    expect(rds.modifyCluster).toHaveBeenCalledWith({ clusterId: 'staging-orders', masterUserPassword: MASTER_PASSWORD, applyImmediately: true });
    expect(resumed).toEqual({
      type: 'wait',
      reason: 'master password change requested; waiting for staging-orders to apply it',
      facts: { masterPasswordSet: true, masterPasswordChangedAt: resumedAt.toISOString() },
      delaySeconds: 60,
    });
  });

  it('lets an endpoint that does not accept connections yet through as a TransientError (the dispatcher waits)', async () => {
    // Prepare
    const notYet = new TransientError('PostgreSQL postgres@host:5432/postgres does not accept connections yet');
    const db = recordingDatabase({ dropRoles: jest.fn(async () => Promise.reject(notYet)) });

    // Act
    const run = setupDbUsersStep(context({ facts: { masterPasswordSet: true }, database: db.port }));

    // Assess
    await expect(run).rejects.toBe(notYet);
  });

  it('fails naming the role and its secret when the secret cannot be read', async () => {
    // Prepare
    const db = recordingDatabase();
    const withMissing = context({ facts: { masterPasswordSet: true }, database: db.port, users: users({ roles: [{ name: 'ghost', passwordSecret: 'staging/missing' }], postRestoreSql: [] }) });

    // Act
    const run = setupDbUsersStep(withMissing);

    // Assess
    await expect(run).rejects.toThrow(StepFailedError);
    await expect(run).rejects.toThrow('Cannot read the password of role "ghost" from secret staging/missing (key password)');
  });

  it('never puts a password in its outcome or its log lines', async () => {
    // Prepare
    const ctx = context({ facts: { masterPasswordSet: true }, users: users({ masterPassword: { secret: 'staging/master' } }) });
    const first = context({ users: users() });

    // Act
    const outcomes = [await runAsEngine(setupDbUsersStep, first), await runAsEngine(setupDbUsersStep, ctx)];

    // Assess
    const everything = JSON.stringify(outcomes) + [...ctx.logLines, ...first.logLines].join('\n');
    for (const secret of [MASTER_PASSWORD, READER_PASSWORD]) expect(everything).not.toContain(secret);
  });
});

describe('setup-db-users: checks and dry run', () => {
  it.each([
    // Roles without a master password, and a role both wanted and dropped, are refused by the request
    // schema already (test/unit/events/parse-event.test.ts).
    ['the master user among the roles', users({ dropRoles: ['postgres'] }), 'role "postgres" is the master user'],
    ['an Aurora role', users({ dropRoles: ['rdsadmin'] }), 'role "rdsadmin" is reserved'],
  ])('fails before changing anything on %s', async (_case, configured, message) => {
    // Prepare
    const rds = new FakeRds({ clusters: [restoredCluster()] });
    const db = recordingDatabase();

    // Act
    const outcome = await runAsEngine(setupDbUsersStep, context({ rds, users: configured, database: db.port }));

    // Assess
    expect(outcome.type).toBe('fail');
    expect((outcome as { error: Error }).error.message).toContain(message);
    expect(rds.modifyCluster).not.toHaveBeenCalled();
    expect(db.calls).toEqual([]);
  });

  it('in a dry run, appends what it would do to the plan and touches nothing', async () => {
    // Prepare
    const rds = new FakeRds({ clusters: [restoredCluster()] });
    const db = recordingDatabase();
    const ctx = context({ rds, database: db.port, dryRun: true, facts: { plan: ['restore-snapshot: restore …'] } });

    // Act
    const outcome = await runAsEngine(setupDbUsersStep, ctx);

    // Assess
    expect(outcome).toEqual({
      type: 'advance',
      next: 'archive-snapshot',
      facts: {
        plan: [
          'restore-snapshot: restore …',
          'setup-db-users: set the master password of staging-orders from secret staging/master (ModifyDBCluster, applied immediately)',
          'setup-db-users: drop roles "prod_app" where they exist (their objects reassigned to the master user)',
          'setup-db-users: run SQL script sql/mask.sql in its own transaction on database postgres',
          'setup-db-users: run SQL script s3://org-sql/refresh/extra.sql in its own transaction on database postgres',
          'setup-db-users: create or alter role "app_reader" (password from secret staging/app-reader; readonly on postgres.{app}; member of "analysts"; default privileges for future objects)',
        ],
      },
    });
    expect(rds.describeCluster).not.toHaveBeenCalled();
    expect(db.calls).toEqual([]);
  });
});

describe('setup-db-users: only on the cluster this operation restored', () => {
  it.each([
    ['no operation tag', {}, 'Cluster staging-orders carries no aurora-restore:operation-id tag, so operation 20261125-030000-a1b2c3 did not restore it'],
    [
      "another operation's tag",
      { [OPERATION_TAG_KEY]: '20261126-030000-ffffff' },
      'Cluster staging-orders carries aurora-restore:operation-id=20261126-030000-ffffff, so operation 20261125-030000-a1b2c3 did not restore it',
    ],
  ])('fails before changing anything on a cluster with %s', async (_case, tags, message) => {
    // Prepare
    const rds = new FakeRds({ clusters: [restoredCluster({ tags })] });
    const db = recordingDatabase();

    // Act
    const outcomes = [await runAsEngine(setupDbUsersStep, context({ rds, database: db.port })), await runAsEngine(setupDbUsersStep, context({ rds, database: db.port, facts: { masterPasswordSet: true } }))];

    // Assess
    for (const outcome of outcomes) {
      expect(outcome.type).toBe('fail');
      expect((outcome as { error: Error }).error).toBeInstanceOf(SafetyViolationError);
      expect((outcome as { error: Error }).error.message).toContain(message);
    }
    expect(rds.describeCluster).toHaveBeenCalledWith('staging-orders');
    expect(rds.modifyCluster).not.toHaveBeenCalled();
    expect(db.calls).toEqual([]);
  });
});

describe('setup-db-users: the master user learnt from the cluster', () => {
  it('refuses to alter the master user as a configured role even when only the cluster names it', async () => {
    // Prepare
    const rds = new FakeRds({ clusters: [restoredCluster({ masterUsername: 'app_reader' })] });
    const db = recordingDatabase();
    const ctx = stepContext({
      step: 'setup-db-users',
      request: { users: users() },
      facts: { writerEndpoint: ENDPOINT, masterPasswordSet: true },
      ports: { rds, secrets: secrets(), database: db.port, scripts },
    });

    // Act
    const outcome = await runAsEngine(setupDbUsersStep, ctx);

    // Assess
    expect(outcome.type).toBe('fail');
    expect((outcome as { error: Error }).error.message).toContain('role "app_reader" is the master user');
    expect(db.calls).toEqual([]);
  });
});
