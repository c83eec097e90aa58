import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError, StepFailedError, TransientError } from '../../../src/errors';
import { advance, succeed, wait } from '../../../src/engine/outcome';
import type { DispatchResult } from '../../../src/engine/dispatcher';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../../src/local/local-dynamodb';
import { engineHarness, registryOf, TEST_ENGINE_CONFIG } from '../../support/engine-harness';
import { lambdaContext, requestInput } from '../../support/factories';

let db: LocalDynamoDb;
let targetNumber = 0;

beforeAll(async () => {
  db = await startLocalDynamoDb(`dispatch-${Date.now()}`);
});
afterAll(async () => db.stop());

/** A fresh target per test, so locks and listings never cross tests. */
function startEvent(overrides: Record<string, unknown> = {}) {
  targetNumber += 1;
  return {
    step: 'start',
    request: requestInput({ target: { clusterId: `target-${targetNumber}`, instances: [{ id: `target-${targetNumber}-1`, instanceClass: 'db.r6g.large' }] } }),
    ...overrides,
  };
}

function operationIdOf(result: DispatchResult): string {
  if (result.result !== 'ran') throw new Error(`expected a run, got ${JSON.stringify(result)}`);
  return result.operation.operationId;
}

/** Two steps: snapshot-check advances (or waits), copy-snapshot succeeds. */
const twoStepPipeline = registryOf({
  'snapshot-check': async () => advance('copy-snapshot', { sourceSnapshotId: 'rds:prod-2026-11-25', sizeGb: 100 }),
  'copy-snapshot': async () => succeed({ copySnapshotId: 'copy-1' }),
});

describe('dispatcher', () => {
  it('chains steps inline while the invocation has time left', async () => {
    // Prepare
    const h = engineHarness(db, twoStepPipeline);

    // Act
    const result = await h.handler(startEvent(), lambdaContext(900_000));

    // Assess
    const operation = await h.store.get(operationIdOf(result));
    expect(operation).toMatchObject({ status: 'SUCCEEDED', step: 'copy-snapshot', facts: { sourceSnapshotId: 'rds:prod-2026-11-25', sizeGb: 100, copySnapshotId: 'copy-1' } });
    expect(Object.keys(operation?.stepRuns ?? {})).toEqual(['preflight', 'snapshot-check', 'copy-snapshot']);
    expect(operation?.stepRuns['copy-snapshot']?.endedAt).toBeDefined();
    expect(operation?.expiresAt).toBe(Math.floor(h.clock.now().getTime() / 1000) + 30 * 86_400);
    expect(h.scheduler.created).toHaveLength(0);
    expect(await h.store.getLock(operation!.target)).toBeUndefined();
    expect(h.metrics.sent.map((m) => m.name)).toEqual(expect.arrayContaining(['StepDuration', 'OperationSucceeded', 'OperationDuration']));
  });

  it('schedules the next step instead when the time budget is spent, then runs it from the schedule', async () => {
    // Prepare: 100 s left (below the 120 s margin) once the first step ran.
    const h = engineHarness(db, twoStepPipeline);
    const remaining = [100_000];
    const context = lambdaContext(() => remaining.shift() ?? 100_000);

    // Act
    const result = await h.handler(startEvent(), context);

    // Assess: one step ran, the next is scheduled one minute ahead with the stored token.
    const id = operationIdOf(result);
    const operation = await h.store.get(id);
    expect(operation).toMatchObject({ status: 'RUNNING', step: 'snapshot-check', waitReason: 'continuing in a new invocation (time budget)' });
    expect(h.scheduler.created).toHaveLength(1);
    const entry = h.scheduler.created[0]!;
    expect(entry.payload).toEqual({ operationId: id, step: 'snapshot-check', token: operation?.token });
    expect(entry.at.getTime() - h.clock.now().getTime()).toBe(60_000);

    // Act: the schedule fires.
    h.clock.advanceTo(entry.at);
    await h.handler(h.scheduler.takeNext()!.payload, lambdaContext(900_000));

    // Assess
    expect((await h.store.get(id))?.status).toBe('SUCCEEDED');
  });

  it('stops chaining once its own time budget is spent, even with Lambda time left', async () => {
    // Prepare: a first step that takes longer than a 5 ms budget.
    const slowStart = registryOf({
      preflight: async () => (await new Promise((resolve) => setTimeout(resolve, 20)), advance('snapshot-check')),
      'snapshot-check': async () => succeed(),
    });
    const h = engineHarness(db, slowStart, { invocationBudgetMs: 5 });

    // Act
    const id = operationIdOf(await h.handler(startEvent(), lambdaContext(900_000)));

    // Assess
    expect(await h.store.get(id)).toMatchObject({ status: 'RUNNING', step: 'snapshot-check' });
    expect(h.scheduler.created).toHaveLength(1);
  });

  it('checks something just started after the first delay, not at once', async () => {
    // Prepare: copy-snapshot starts a copy and asks for its check later.
    let copyChecks = 0;
    const h = engineHarness(
      db,
      registryOf({
        'snapshot-check': async () => advance('copy-snapshot'),
        'copy-snapshot': async () => advance('check-copy-status', { copySnapshotId: 'copy-1' }, { checkLater: true }),
        'check-copy-status': async () => ((copyChecks += 1), succeed()),
      }),
    );

    // Act
    const id = operationIdOf(await h.handler(startEvent(), lambdaContext()));

    // Assess: no check yet; one schedule at the policy's first delay, carrying the stored token.
    const operation = await h.store.get(id);
    expect(copyChecks).toBe(0);
    expect(operation).toMatchObject({ status: 'RUNNING', step: 'check-copy-status', waitReason: 'check-copy-status: first check after the operation started' });
    const entry = h.scheduler.takeNext()!;
    expect((entry.at.getTime() - h.clock.now().getTime()) / 1000).toBe(900);
    expect(entry.payload.token).toBe(operation?.token);
    h.clock.advanceTo(entry.at);
    await h.handler(entry.payload, lambdaContext());
    expect(copyChecks).toBe(1);
    expect((await h.store.get(id))?.status).toBe('SUCCEEDED');
  });

  it('waits with the backoff schedule, counts checks, and ignores stale and duplicate deliveries', async () => {
    // Prepare: the copy reports "copying" twice, then done.
    let copyChecks = 0;
    const h = engineHarness(
      db,
      registryOf({
        'snapshot-check': async () => advance('check-copy-status'),
        'check-copy-status': async () => ((copyChecks += 1) <= 2 ? wait('copy is copying', { waitingOn: [{ kind: 'snapshot', id: 'copy-1' }] }) : succeed()),
      }),
    );

    // Act
    const id = operationIdOf(await h.handler(startEvent(), lambdaContext()));
    const first = h.scheduler.takeNext()!;
    h.clock.advanceTo(first.at);
    await h.handler(first.payload, lambdaContext());
    const afterSecondCheck = await h.store.get(id);
    const replayOfFirst = await h.handler(first.payload, lambdaContext());
    const second = h.scheduler.takeNext()!;
    h.clock.advanceTo(second.at);
    await h.handler(second.payload, lambdaContext());
    const duplicateOfSecond = await h.handler(second.payload, lambdaContext());

    // Assess
    expect([first, second].map((e) => (e.at.getTime() - e.createdAt.getTime()) / 1000)).toEqual([900, 1800]);
    expect(afterSecondCheck).toMatchObject({ status: 'RUNNING', totalChecks: 2, waitReason: 'copy is copying', waitingOn: [{ kind: 'snapshot', id: 'copy-1' }] });
    expect(afterSecondCheck?.stepRuns['check-copy-status']?.checks).toBe(2);
    expect(replayOfFirst).toMatchObject({ result: 'ignored', reason: expect.stringContaining('token does not match') });
    expect(duplicateOfSecond).toMatchObject({ result: 'ignored', reason: 'operation is SUCCEEDED' });
    expect(copyChecks).toBe(3);
    expect(h.logLines.some((line) => line.includes('stale or duplicate event ignored') && line.includes(id))).toBe(true);
  });

  it('fails the operation on a permanent error: saved error, notification with the resume command, metrics, lock released', async () => {
    // Prepare
    const h = engineHarness(
      db,
      registryOf({
        'snapshot-check': async () => {
          throw new StepFailedError('no snapshot of prod-orders', { cause: new Error('DBClusterSnapshotNotFoundFault: none') });
        },
      }),
    );

    // Act
    const id = operationIdOf(await h.handler(startEvent(), lambdaContext()));

    // Assess
    const operation = await h.store.get(id);
    expect(operation).toMatchObject({
      status: 'FAILED',
      step: 'snapshot-check',
      error: { name: 'StepFailedError', message: 'no snapshot of prod-orders', step: 'snapshot-check', causes: ['Error: DBClusterSnapshotNotFoundFault: none'] },
    });
    expect(await h.store.getLock(operation!.target)).toBeUndefined();
    expect(h.notifications).toHaveLength(1);
    expect(h.notifications[0]).toMatchObject({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:aurora-restore', attributes: { status: 'FAILED', target: operation!.target } });
    expect(h.notifications[0]?.subject).toContain('FAILED');
    expect(h.notifications[0]?.body).toContain(`"command":"resume","operationId":"${id}"`);
    expect(h.metrics.sent).toContainEqual({ name: 'OperationFailed', value: 1, unit: 'Count', dimensions: { Step: 'snapshot-check', Target: operation!.target } });
    expect(h.metrics.sent.every((m) => !JSON.stringify(m.dimensions).includes(id))).toBe(true);
  });

  it('turns a transient error into a wait instead of a failure', async () => {
    let calls = 0;
    const h = engineHarness(
      db,
      registryOf({
        'snapshot-check': async () => {
          calls += 1;
          if (calls === 1) throw new TransientError('Rate exceeded');
          return succeed();
        },
      }),
    );
    const id = operationIdOf(await h.handler(startEvent(), lambdaContext()));
    expect(await h.store.get(id)).toMatchObject({ status: 'RUNNING', waitReason: 'retrying after a transient error: TransientError: Rate exceeded' });
    const entry = h.scheduler.takeNext()!;
    expect((entry.at.getTime() - entry.createdAt.getTime()) / 1000).toBe(120);
    h.clock.advanceTo(entry.at);
    await h.handler(entry.payload, lambdaContext());
    expect((await h.store.get(id))?.status).toBe('SUCCEEDED');
  });

  it('refuses a second start on a locked target, naming the holder, creating nothing, counting StartRefused', async () => {
    // Prepare: the first operation waits on the target.
    const h = engineHarness(
      db,
      registryOf({
        'snapshot-check': async () => advance('check-copy-status'),
        'check-copy-status': async () => wait('copying'),
      }),
    );
    const event = startEvent();
    const holder = operationIdOf(await h.handler(event, lambdaContext()));
    const itemsBefore = await h.countItems();
    const other = { ...event, request: { ...event.request, requestedBy: 'someone else' } };

    // Act
    const second = h.handler(other, lambdaContext());

    // Assess
    await expect(second).resolves.toMatchObject({ result: 'refused', holderOperationId: holder, error: { name: 'LockHeldError', message: expect.stringContaining(`locked by operation ${holder}`) } });
    expect(await h.countItems()).toBe(itemsBefore);
    expect((await h.store.getLock(event.request.target.clusterId))?.holderOperationId).toBe(holder);
    expect((await h.store.get(holder))?.status).toBe('RUNNING');
    expect(h.metrics.sent).toContainEqual({ name: 'StartRefused', value: 1, unit: 'Count', dimensions: { Target: event.request.target.clusterId } });
    expect(h.metrics.sent.some((m) => m.name === 'OperationFailed')).toBe(false);
    expect(h.notifications).toHaveLength(0);
  });

  it('answers a duplicate start of the very same request (no idempotency key) with the running operation', async () => {
    // Prepare
    const h = engineHarness(db, registryOf({ 'snapshot-check': async () => wait('copying') }));
    const event = startEvent();
    const holder = operationIdOf(await h.handler(event, lambdaContext()));
    const itemsBefore = await h.countItems();

    // Act
    const again = await h.handler(JSON.parse(JSON.stringify(event)), lambdaContext());

    // Assess
    expect(again).toMatchObject({ result: 'ignored', operationId: holder, operation: { operationId: holder, status: 'RUNNING' } });
    expect(await h.countItems()).toBe(itemsBefore);
  });

  it('saves the ETA from progress and shows it in the status', async () => {
    // Prepare: a copy at 25 % one hour after it started.
    const h = engineHarness(
      db,
      registryOf({ 'snapshot-check': async () => advance('check-copy-status'), 'check-copy-status': async () => wait('copying', { percentProgress: 25 }) }),
      { waitDefaults: { ...TEST_ENGINE_CONFIG.waitDefaults, strategy: 'progress' } },
    );
    const id = operationIdOf(await h.handler(startEvent(), lambdaContext()));
    const first = h.scheduler.takeNext()!;
    h.clock.advanceBy(60 * 60_000);
    await h.handler(first.payload, lambdaContext());

    // Act
    const status = await h.handler({ command: 'status', operationId: id }, lambdaContext());

    // Assess: 25 % in one hour, so completion about three hours later; the summary carries it.
    const operation = await h.store.get(id);
    expect(operation?.eta).toBeDefined();
    const hoursLeft = (Date.parse(operation!.eta!) - h.clock.now().getTime()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(2.5);
    expect(hoursLeft).toBeLessThan(3.5);
    expect(status).toMatchObject({ result: 'status', operation: { eta: operation!.eta, progressPercent: 25 } });
  });

  it('fails a wait that exceeds the maximum number of checks, saying how to raise it', async () => {
    const h = engineHarness(
      db,
      registryOf({ 'snapshot-check': async () => advance('check-copy-status'), 'check-copy-status': async () => wait('copying', { percentProgress: 10 }) }),
      { waitDefaults: { strategy: 'backoff', initialDelaySeconds: 60, multiplier: 1, maxDelaySeconds: 60, minDelaySeconds: 60, maxChecks: 3, deadlineBaseHours: 6, deadlineHoursPerTb: 4 } },
    );
    const id = operationIdOf(await h.handler(startEvent(), lambdaContext()));
    for (let entry = h.scheduler.takeNext(); entry; entry = h.scheduler.takeNext()) {
      h.clock.advanceTo(entry.at);
      await h.handler(entry.payload, lambdaContext());
    }
    expect(await h.store.get(id)).toMatchObject({ status: 'FAILED', totalChecks: 2, error: { name: 'WaitLimitExceededError', message: expect.stringContaining('waiting.maxChecks = 3') } });
  });

  it('cancels a running operation (schedule deleted, lock freed) and resumes it from its step', async () => {
    // Prepare
    let done = false;
    const h = engineHarness(
      db,
      registryOf({
        'snapshot-check': async () => advance('check-copy-status'),
        'check-copy-status': async () => (done ? succeed() : wait('copying')),
      }),
    );
    const event = startEvent();
    const id = operationIdOf(await h.handler(event, lambdaContext()));
    const pending = h.scheduler.peek()!;

    // Act: cancel
    await h.handler({ command: 'cancel', operationId: id }, lambdaContext());

    // Assess
    expect(await h.store.get(id)).toMatchObject({ status: 'CANCELLED', step: 'check-copy-status' });
    expect(h.scheduler.cancelled).toEqual([pending.name]);
    expect(await h.store.getLock(event.request.target.clusterId)).toBeUndefined();
    expect(await h.handler(pending.payload, lambdaContext())).toMatchObject({ result: 'ignored', reason: 'operation is CANCELLED' });

    // Act: resume after the cause is fixed
    done = true;
    const resumed = await h.handler({ command: 'resume', operationId: id }, lambdaContext());

    // Assess
    expect(resumed).toMatchObject({ result: 'ran', operation: { status: 'SUCCEEDED' } });
    const operation = await h.store.get(id);
    expect(operation?.stepRuns['check-copy-status']?.attempts).toBe(2);
    expect(operation?.error).toBeUndefined();
    await expect(h.handler({ command: 'resume', operationId: id }, lambdaContext())).rejects.toThrow('only a FAILED or CANCELLED operation can be resumed');
  });

  it('starts once for a start delivered twice with the same idempotency key', async () => {
    const h = engineHarness(db, twoStepPipeline);
    const event = startEvent({ idempotencyKey: '2026-11-25T02:00:00Z' });
    const first = await h.handler(event, lambdaContext());
    const second = await h.handler(event, lambdaContext());
    expect(first.result).toBe('ran');
    expect(second).toMatchObject({ result: 'ignored', operationId: operationIdOf(first) });
  });

  it('writes nothing for an invalid event and logs the reason', async () => {
    const h = engineHarness(db, twoStepPipeline);
    const before = await h.countItems();
    await expect(h.handler({ step: 'start', request: { target: {} } }, lambdaContext())).rejects.toBeInstanceOf(InvalidInputError);
    expect(await h.countItems()).toBe(before);
    expect(h.logLines.some((line) => JSON.parse(line).level === 'ERROR' && line.includes('request.source'))).toBe(true);
  });

  it('reports status and lists a target through commands', async () => {
    const h = engineHarness(db, twoStepPipeline);
    const event = startEvent();
    const id = operationIdOf(await h.handler(event, lambdaContext()));
    expect(await h.handler({ command: 'status', operationId: id }, lambdaContext())).toMatchObject({ result: 'status', operation: { operationId: id, status: 'SUCCEEDED' }, facts: { copySnapshotId: 'copy-1' } });
    expect(await h.handler({ command: 'list', target: event.request.target.clusterId }, lambdaContext())).toMatchObject({ result: 'list', operations: [{ operationId: id }] });
    const all = await db.documentClient.send(new ScanCommand({ TableName: db.tableName }));
    expect(all.Items?.some((item) => item.pk === id)).toBe(true);
  });
});
