import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../../src/local/local-dynamodb';
import { DynamoDbOperationStore } from '../../../src/store/dynamodb/dynamodb-operation-store';
import { emptyDirectory, localAwsEnvironment, runAuroraRestore } from './support/cli-process';
import { OPERATIONS } from './support/stored-operations';

let db: LocalDynamoDb;
let env: Record<string, string>;

beforeAll(async () => {
  db = await startLocalDynamoDb(`cli-read-${Date.now()}`);
  const store = new DynamoDbOperationStore({ tableName: db.tableName, client: db.documentClient });
  for (const operation of Object.values(OPERATIONS)) await store.create(operation);
  await store.acquireLock('staging-orders', OPERATIONS.RUNNING.operationId, new Date());
  env = localAwsEnvironment({ dynamodb: db.endpoint });
});
afterAll(async () => db.stop());

const cli = (...args: string[]) => runAuroraRestore(args, { env });

describe('aurora-restore status', () => {
  it('shows a running wait: status, step, a progress bar with percent and ETA, each step, the next commands', async () => {
    // Act
    const { code, stdout, stderr } = await cli('status', OPERATIONS.RUNNING.operationId, '--table', db.tableName);

    // Assess
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Operation 20261125-030000-a1b2c3  RUNNING  at check-copy-status');
    expect(stdout).toMatch(/target +staging-orders {2}from prod-orders/);
    expect(stdout).toMatch(/created +2026-11-25 03:00:00Z by nightly:staging/);
    expect(stdout).toMatch(/progress +\[█{13}░{17}\] +42 % {2}ETA 2026-11-25 09:30:00Z \(.* ago\)/);
    expect(stdout).toMatch(/waiting +snapshot copy at 42 %/);
    expect(stdout).toMatch(/next check 2026-11-25 06:00:00Z/);
    expect(stdout).toMatch(/snapshot-check +2026-11-25 03:00:01Z +2026-11-25 03:00:03Z +2 s +1 +0/);
    expect(stdout).toMatch(/check-copy-status +2026-11-25 03:00:05Z +running +[\d.]+ [hd] +1 +4/);
    expect(stdout).toMatch(/sourceSnapshotId +rds:prod-orders-2026-11-25-02-00/);
    expect(stdout).toContain(`aurora-restore watch ${OPERATIONS.RUNNING.operationId} --table ${db.tableName}`);
    expect(stdout).toContain(`aurora-restore cancel ${OPERATIONS.RUNNING.operationId} --table ${db.tableName}`);
    expect(stdout).not.toMatch(/\u001b\[/);
  }, 30_000);

  it.each([
    ['FAILED', [/FAILED {2}at delete-rds/, /error +SafetyViolationError at delete-rds: staging-orders lacks the managed tag/, /fix the cause above, then resume it from delete-rds: {2}aurora-restore resume 20261124-030000-d4e5f6 --table /]],
    ['CANCELLED', [/CANCELLED {2}at check-copy-status/, /resume it from check-copy-status: {2}aurora-restore resume 20261123-030000-0a0b0c --table /]],
    ['SUCCEEDED', [/SUCCEEDED {2}at sns-notification {2}\(dry run: changes nothing\)/, /finished +2026-11-22 03:02:01Z after 2 min/, /Plan\n {2}- delete-rds: would delete cluster staging-orders\n {2}- restore-snapshot/]],
  ] as const)('shows a %s operation with what to do next', async (status, patterns) => {
    // Act
    const { code, stdout } = await cli('status', OPERATIONS[status].operationId, '--table', db.tableName);

    // Assess
    expect(code).toBe(0);
    for (const pattern of patterns) expect(stdout).toMatch(pattern);
    expect(stdout).not.toContain('progress ');
  }, 30_000);

  it.each(Object.keys(OPERATIONS) as (keyof typeof OPERATIONS)[])('prints only the stored %s operation with --json', async (status) => {
    const { code, stdout } = await cli('status', OPERATIONS[status].operationId, '--table', db.tableName, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(OPERATIONS[status]);
  }, 30_000);

  it.each([
    [['status', '20990101-000000-ffffff'], 4, /error: No operation 20990101-000000-ffffff in table .* \(us-east-1\)\.\nfix: Check the id \(`aurora-restore list --table .*`/],
    [['status', 'NOT AN ID'], 3, /error: "NOT AN ID" is not an operation id\.\nfix: Operation ids look like/],
    [['status'], 3, /error: missing required argument 'operationId'/],
    [['status', '20261125-030000-a1b2c3', '--colour'], 3, /error: unknown option '--colour'/],
  ])('%j exits %d with the error and its fix on stderr, nothing on stdout', async (args, expected, message) => {
    const { code, stdout, stderr } = await cli(...args, '--table', db.tableName);
    expect(code).toBe(expected);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  }, 30_000);

  it('names the table, the stage and the fix when the stage is not deployed (ResourceNotFoundException)', async () => {
    const { code, stdout, stderr } = await cli('status', OPERATIONS.RUNNING.operationId, '--stage', 'nosuch');
    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(stderr).toContain('error: Table aurora-restore-nosuch-operations not found in us-east-1: stage nosuch is not deployed there.');
    expect(stderr).toContain('fix: Check the stage and region (`npx sls info --stage nosuch --region us-east-1`), pass --stage/--region, or name it with --table.');
  }, 30_000);

  it('says how to provide credentials when there are none', async () => {
    // Prepare: no keys, no profile, no config files, no instance metadata.
    const { AWS_ACCESS_KEY_ID: _key, AWS_SECRET_ACCESS_KEY: _secret, ...withoutCredentials } = env;

    // Act
    const { code, stderr } = await runAuroraRestore(['status', OPERATIONS.RUNNING.operationId, '--table', db.tableName], { env: withoutCredentials });

    // Assess
    expect(code).toBe(5);
    expect(stderr).toMatch(/error: No valid AWS credentials \(the default credentials\)/);
    expect(stderr).toMatch(/fix: Pass --profile <name> .*AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  }, 30_000);

  it('reads .env.<stage> for --stage, else .env, as sls does; the shell wins over both', async () => {
    // Prepare: .env points at a table that does not exist, .env.qa at the real one.
    const cwd = emptyDirectory();
    writeFileSync(join(cwd, '.env'), 'TABLE_NAME=not-this-table\n');
    writeFileSync(join(cwd, '.env.qa'), `TABLE_NAME=${db.tableName}\nAWS_REGION=eu-west-3\n`);
    const id = OPERATIONS.FAILED.operationId;

    // Act
    const withStage = await runAuroraRestore(['status', id, '--stage', 'qa'], { env, cwd });
    const withoutStage = await runAuroraRestore(['status', id], { env, cwd });
    const { AWS_REGION: _region, ...noShellRegion } = env;
    const regionFromFile = await runAuroraRestore(['status', '20990101-000000-ffffff', '--stage', 'qa'], { env: noShellRegion, cwd });

    // Assess
    expect(withStage.code).toBe(0);
    expect(withStage.stdout).toContain(`Operation ${id}`);
    expect(withoutStage.code).toBe(4);
    expect(withoutStage.stderr).toContain('Table not-this-table not found');
    expect(regionFromFile.stderr).toContain('(eu-west-3)');
  }, 60_000);
});

describe('aurora-restore list', () => {
  const ids = (stdout: string) => stdout.split('\n').slice(1).filter(Boolean).map((line) => line.split(/\s+/)[0]);

  it('lists every operation, newest first, with status, step, target and state', async () => {
    // Act
    const { code, stdout } = await cli('list', '--table', db.tableName);

    // Assess
    expect(code).toBe(0);
    expect(ids(stdout)).toEqual([OPERATIONS.RUNNING, OPERATIONS.FAILED, OPERATIONS.CANCELLED, OPERATIONS.SUCCEEDED].map((op) => op.operationId));
    expect(stdout).toMatch(/20261125-030000-a1b2c3 +RUNNING +check-copy-status +staging-orders +2026-11-25 03:00:00Z +42 %, next check 2026-11-25 06:00:00Z/);
    expect(stdout).toMatch(/20261124-030000-d4e5f6 +FAILED +delete-rds +staging-orders +2026-11-24 03:00:00Z +SafetyViolationError: staging-orders lacks/);
  }, 30_000);

  it.each([
    [['--status', 'FAILED'], [OPERATIONS.FAILED]],
    [['--target', 'Staging-Orders'], [OPERATIONS.RUNNING, OPERATIONS.FAILED, OPERATIONS.SUCCEEDED]],
    [['--target', 'staging-orders', '--status', 'SUCCEEDED'], [OPERATIONS.SUCCEEDED]],
    [['--target', 'staging-orders', '--limit', '2'], [OPERATIONS.RUNNING, OPERATIONS.FAILED]],
    [['--limit', '3'], [OPERATIONS.RUNNING, OPERATIONS.FAILED, OPERATIONS.CANCELLED]],
    [['--target', 'qa-orders', '--status', 'RUNNING'], []],
  ])('list %j selects exactly those, newest first (--json)', async (args, expected) => {
    // Act
    const { code, stdout } = await cli('list', ...args, '--table', db.tableName, '--json');

    // Assess
    expect(code).toBe(0);
    const listed = JSON.parse(stdout) as { operationId: string; status: string }[];
    expect(listed.map((op) => [op.operationId, op.status])).toEqual(expected.map((op) => [op.operationId, op.status]));
  }, 30_000);

  it.each([
    [['--status', 'DONE'], /error: option '--status <status>' argument 'DONE' is invalid\. Allowed choices are RUNNING, SUCCEEDED, FAILED, CANCELLED\./],
    [['--limit', '0'], /--limit must be a whole number from 1 to 1000/],
  ])('refuses %j (exit 3)', async (args, message) => {
    const { code, stderr } = await cli('list', ...args, '--table', db.tableName);
    expect(code).toBe(3);
    expect(stderr).toMatch(message);
  }, 30_000);
});
