import type { RefreshRequestInput } from '../../../src/request/schema';
import type { Operation } from '../../../src/store/operation';
import { loginResult, superuserSql } from '../database/pg-fixture';
import { capturedOutputs, findLeaks, findVerifiers, scanTableRaw, type CapturedSource } from './support/captured-output';
import { PRODUCTION_CUSTOMERS, startRefreshWorld, WORLD, type RefreshWorld, type RefreshWorldOptions } from './support/refresh-world';
import { stopAfterEach } from '../../support/stop-after-each';

type LogLine = Record<string, unknown> & { level: string; message: string };

function parsedLines(world: RefreshWorld): LogLine[] {
  return [...world.runtime.logLines, ...world.databaseLogLines].map((line) => JSON.parse(line) as LogLine);
}

function secretsOf(world: RefreshWorld): Record<string, string> {
  return { ...world.secrets };
}

describe('the leak check', () => {
  const secret = 'master-Q2hlY2sgdGhlIGNoZWNrZXIgaXRzZWxm';

  it.each([
    ['as is', (s: string) => `{"note":"${s}"}`],
    ['base64 at offset 0', (s: string) => Buffer.from(`${s}!`).toString('base64')],
    ['base64 at offset 1', (s: string) => Buffer.from(`x${s}!`).toString('base64')],
    ['base64 at offset 2', (s: string) => Buffer.from(`xy${s}!`).toString('base64')],
    ['base64url inside a longer text', (s: string) => Buffer.from(`{"password":"${s}"}`).toString('base64url')],
    ['hex', (s: string) => Buffer.from(s).toString('hex')],
    ['a truncated piece', (s: string) => `subject: …${s.slice(5, 25)}…`],
  ])('finds a secret written %s', (_form, write) => {
    // Prepare
    const sources: CapturedSource[] = [{ name: 'clean', text: 'nothing here' }, { name: 'leaky', text: write(secret) }];

    // Act
    const leaks = findLeaks(sources, { master: secret });

    // Assess
    expect(leaks).toEqual([expect.stringMatching(/^secret "master" \(.+\) in leaky$/)]);
  });

  it('finds a SCRAM verifier', () => {
    // Act
    const found = findVerifiers([{ name: 'logs', text: 'ALTER ROLE x PASSWORD SCRAM-SHA-256$4096:c2FsdA==$a:b' }]);

    // Assess
    expect(found).toEqual(['a password verifier in logs']);
  });
});

describe('a whole refresh on a real PostgreSQL writes no secret anywhere', () => {
  let world: RefreshWorld | undefined;
  stopAfterEach(() => world);

  it('succeeds through copy, delete, restore, users, masking, archive and notification, leaving no trace of any secret', async () => {
    // Prepare
    world = await startRefreshWorld();

    // Act
    const { records, operation } = await world.refresh();

    // Assess: the run really went through every step and really used every secret…
    expect(operation?.status).toBe('SUCCEEDED');
    const saved = operation as Operation;
    expect(Object.keys(saved.stepRuns)).toEqual(
      expect.arrayContaining(['copy-snapshot', 'check-copy-status', 'delete-rds', 'check-delete-status', 'restore-snapshot', 'check-restore-status', 'setup-db-users', 'archive-snapshot', 'sns-notification']),
    );
    expect(saved.facts).toMatchObject({
      copyNeeded: true,
      masterPasswordSet: true,
      rolesConfigured: [world.roles.analyst, world.roles.app],
      sqlScriptsRun: [WORLD.maskScript],
      archiveDeletedSnapshotIds: [saved.facts.copySnapshotId],
    });
    expect(world.runtime.simulation.writeCalls().map((call) => call.operation)).toContain('modifyCluster');
    await expect(loginResult(world.roles.master, world.secrets.master, world.database)).resolves.toBe('ok');
    await expect(loginResult(world.roles.analyst, world.secrets.analyst, world.database)).resolves.toBe('ok');
    await expect(loginResult(world.roles.app, world.secrets.app, world.database)).resolves.toBe('ok');
    expect(world.runtime.notifier.published).toEqual([
      expect.objectContaining({ topicArn: WORLD.topicArn, attributes: expect.objectContaining({ status: 'SUCCEEDED', target: WORLD.target }) }),
    ]);
    expect(world.runtime.metrics.sent.map((datum) => datum.name)).toContain('OperationSucceeded');
    const messages = parsedLines(world).map((line) => line.message);
    expect(messages).toEqual(expect.arrayContaining(['master password change requested', 'SQL script committed', 'database roles configured', 'operation succeeded']));
    const scanned = await scanTableRaw(world.runtime);
    expect(scanned.map((item) => item.pk?.S)).toContain(saved.operationId);

    // …and no trace of one is left anywhere.
    const sources = await capturedOutputs(world.runtime, world.databaseLogLines, records);
    expect(findLeaks(sources, secretsOf(world))).toEqual([]);
    expect(findVerifiers(sources)).toEqual([]);
  });

  type FailureCase = {
    name: string;
    options: RefreshWorldOptions;
    prepare: (world: RefreshWorld) => RefreshRequestInput;
    error: { name: string; message: RegExp };
    /** What the database shows afterwards: proof the failure happened where the case says. */
    afterwards: (world: RefreshWorld) => Promise<void>;
  };

  const failures: FailureCase[] = [
    {
      name: 'a post-restore script fails and is rolled back',
      options: {},
      prepare: (w) => {
        w.writeScript('broken-mask.sql', "UPDATE shop.customers SET phone = NULL;\nUPDATE shop.customers SET email_address = 'x@example.invalid';\n");
        return w.request({ postRestoreSql: [{ file: 'broken-mask.sql' }] });
      },
      error: { name: 'SqlScriptError', message: /^SQL script broken-mask\.sql failed at statement 2 \(line 2, column \d+\); the script was rolled back: .*email_address.* \[SQLSTATE 42703\]$/ },
      afterwards: async (w) => {
        const phones = await superuserSql('SELECT phone FROM shop.customers ORDER BY id', w.database);
        expect(phones.map((row) => row.phone)).toEqual(PRODUCTION_CUSTOMERS.map((customer) => customer.phone));
      },
    },
    {
      name: 'a grant names a schema that does not exist, after the roles got their passwords',
      options: {},
      prepare: (w) =>
        w.request({
          roles: [
            { name: w.roles.analyst, passwordSecret: WORLD.analystSecret, grants: [{ preset: 'readonly', schemas: ['shop', 'no_such_schema'] }] },
            { name: w.roles.app, passwordSecret: WORLD.appSecret, passwordSecretKey: 'pw', grants: [{ preset: 'readwrite', schemas: ['shop'] }] },
          ],
        }),
      error: { name: 'PostgresError', message: /Schema\(s\) "no_such_schema" do not exist/ },
      afterwards: async (w) => {
        await expect(loginResult(w.roles.analyst, w.secrets.analyst, w.database)).resolves.toBe('ok');
      },
    },
    {
      name: 'the master password from the secret never reaches the database',
      options: { applyMasterPassword: false },
      prepare: (w) => w.request(),
      error: { name: 'PostgresError', message: /password authentication failed .*check that users\.masterPassword names the secret/ },
      afterwards: async (w) => {
        await expect(loginResult(w.roles.master, w.secrets.productionMaster, w.database)).resolves.toBe('ok');
        await expect(loginResult(w.roles.master, w.secrets.master, w.database)).resolves.toBe('28P01');
      },
    },
  ];

  it.each(failures)('fails in setup-db-users when $name, and the failure carries no secret', async ({ options, prepare, error, afterwards }) => {
    // Prepare
    world = await startRefreshWorld(options);
    const request = prepare(world);

    // Act
    const { records, operation } = await world.refresh(request);

    // Assess: a real failure, saved, notified and logged…
    expect(operation?.status).toBe('FAILED');
    expect(operation?.error).toMatchObject({ step: 'setup-db-users', name: error.name });
    expect(operation?.error?.message).toMatch(error.message);
    expect(world.runtime.notifier.published).toEqual([
      expect.objectContaining({ attributes: expect.objectContaining({ status: 'FAILED', target: WORLD.target, step: 'setup-db-users' }) }),
    ]);
    expect(JSON.parse(world.runtime.notifier.published[0]?.body ?? '{}')).toMatchObject({ failedStep: 'setup-db-users', error: { name: error.name } });
    expect(parsedLines(world).some((line) => line.level === 'ERROR' && line.message === 'operation failed')).toBe(true);
    expect(world.runtime.metrics.sent).toContainEqual(expect.objectContaining({ name: 'OperationFailed', dimensions: { Step: 'setup-db-users', Target: WORLD.target } }));
    await afterwards(world);

    // …with no trace of any secret.
    const sources = await capturedOutputs(world.runtime, world.databaseLogLines, records);
    expect(findLeaks(sources, secretsOf(world))).toEqual([]);
    expect(findVerifiers(sources)).toEqual([]);
  });
});
