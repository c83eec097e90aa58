import { startLocalDynamoDb, type LocalDynamoDb } from '../../../src/local/local-dynamodb';
import { DynamoDbOperationStore } from '../../../src/store/dynamodb/dynamodb-operation-store';
import type { Operation } from '../../../src/store/operation';
import { localAwsEnvironment, runAuroraRestore } from './support/cli-process';
import { OPERATIONS } from './support/stored-operations';

let db: LocalDynamoDb;
let store: DynamoDbOperationStore;
let env: Record<string, string>;
let sequence = 0;

/** A fresh copy of an operation under a new id, so each test moves its own. */
async function stored(template: Operation): Promise<Operation> {
  sequence += 1;
  const operationId = `20261126-0300${String(sequence).padStart(2, '0')}-cafe${String(sequence).padStart(2, '0')}`;
  const operation = { ...template, operationId, version: 0 };
  await store.create(operation);
  return operation;
}

/** Moves the stored operation on as the dispatcher would, once the watcher has shown it: one conditional save after another. */
async function moveOn(shown: Promise<void>, operation: Operation, ...changes: Partial<Operation>[]): Promise<void> {
  await shown;
  let current = operation;
  for (const change of changes) {
    await new Promise((resolve) => setTimeout(resolve, 700));
    current = await store.save({ ...current, ...change }, current.version);
  }
}

beforeAll(async () => {
  db = await startLocalDynamoDb(`cli-watch-${Date.now()}`);
  store = new DynamoDbOperationStore({ tableName: db.tableName, client: db.documentClient });
  env = localAwsEnvironment({ dynamodb: db.endpoint });
});
afterAll(async () => db.stop());

/** Runs watch; `shown` resolves once it has printed something (it has read the operation once). */
function watching(operationId: string, ...args: string[]) {
  let shownNow: () => void = () => undefined;
  const shown = new Promise<void>((resolve) => (shownNow = resolve));
  const run = runAuroraRestore(['watch', operationId, '--table', db.tableName, '--interval', '0.2', ...args], { env, onStdout: () => shownNow() });
  return { run, shown };
}

const watch = (operationId: string, ...args: string[]) => watching(operationId, ...args).run;

describe('aurora-restore watch', () => {
  it.each([
    ['SUCCEEDED', 0],
    ['FAILED', 1],
    ['CANCELLED', 2],
  ] as const)('ends at once on a %s operation, exiting %d', async (status, expected) => {
    const operation = await stored(OPERATIONS[status]);
    const { code, stdout } = await watch(operation.operationId);
    expect(code).toBe(expected);
    expect(stdout).toContain(`Operation ${operation.operationId}  ${status}`);
  }, 30_000);

  it('prints each change while another process moves the operation, and exits with its end', async () => {
    // Prepare
    const operation = await stored(OPERATIONS.RUNNING);

    // Act: the watcher runs while the stored operation advances, then fails.
    const watcher = watching(operation.operationId);
    const [result] = await Promise.all([
      watcher.run,
      moveOn(
        watcher.shown,
        operation,
        { progress: [{ at: '2026-11-25T06:00:00.000Z', percent: 77 }], waitReason: 'snapshot copy at 77 %', totalChecks: 5 },
        { step: 'delete-rds', progress: undefined, eta: undefined, waitReason: undefined },
        { status: 'FAILED', finishedAt: '2026-11-25T07:00:00.000Z', error: { name: 'StepFailedError', message: 'InvalidDBClusterStateFault', step: 'delete-rds', causes: [], at: '2026-11-25T07:00:00.000Z' } },
      ),
    ]);

    // Assess
    expect(result.code).toBe(1);
    const changes = result.stdout.split('\n').filter((line) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}/.test(line));
    expect(changes).toEqual([
      expect.stringMatching(/RUNNING {2}check-copy-status {2}\[█{8}░{12}\] +42 % {2}ETA .* {2}snapshot copy at 42 %$/),
      expect.stringMatching(/RUNNING {2}check-copy-status {2}\[█{15}░{5}\] +77 % {2}ETA .* {2}snapshot copy at 77 %$/),
      expect.stringMatching(/RUNNING {2}delete-rds$/),
      expect.stringMatching(/FAILED {2}delete-rds$/),
    ]);
    expect(result.stdout).toMatch(/error +StepFailedError at delete-rds: InvalidDBClusterStateFault/);
    expect(result.stdout).toContain(`aurora-restore resume ${operation.operationId}`);
  }, 30_000);

  it('prints only JSON Lines with --json, one summary per change', async () => {
    // Prepare
    const operation = await stored(OPERATIONS.RUNNING);

    // Act
    const watcher = watching(operation.operationId, '--json');
    const [result] = await Promise.all([watcher.run, moveOn(watcher.shown, operation, { status: 'CANCELLED', finishedAt: '2026-11-25T07:00:00.000Z' })]);

    // Assess
    expect(result.code).toBe(2);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { operationId: string; status: string; progressPercent?: number });
    expect(lines.map((line) => [line.operationId, line.status])).toEqual([
      [operation.operationId, 'RUNNING'],
      [operation.operationId, 'CANCELLED'],
    ]);
    expect(lines[0]?.progressPercent).toBe(42);
  }, 30_000);

  it('exits 4 for an unknown operation', async () => {
    const { code, stderr } = await watch('20990101-000000-ffffff');
    expect(code).toBe(4);
    expect(stderr).toContain('error: No operation 20990101-000000-ffffff');
  }, 30_000);
});
