import type { DispatchResult } from '../../../src/engine/dispatcher';
import { advance, fail, succeed, wait } from '../../../src/engine/outcome';
import type { Step } from '../../../src/engine/step';
import { StepFailedError } from '../../../src/errors';
import type { Ports } from '../../../src/ports';
import { engineHarness, registryOf } from '../../support/engine-harness';
import { lambdaContext, requestInput } from '../../support/factories';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:t';
const delivered = { topicArn: TOPIC, subject: 'refresh delivered', body: '{}', attributes: { status: 'SUCCEEDED' } };
const HOUR_S = 3600;

let targetNumber = 0;
function startEvent() {
  targetNumber += 1;
  const target = `released-${targetNumber}`;
  return { target, event: { step: 'start', request: requestInput({ target: { clusterId: target, instances: [{ id: `${target}-1`, instanceClass: 'db.r6g.large' }] }, notification: { topicArn: TOPIC } }) } };
}

function ranOperationId(result: DispatchResult): string {
  if (result.result !== 'ran') throw new Error(`expected a run, got ${JSON.stringify(result)}`);
  return result.operation.operationId;
}

/** An RDS port that records every call and refuses it: the compensation of a failure reads the target through it. */
function recordingRds(calls: string[]): Ports['rds'] {
  return new Proxy({} as Ports['rds'], {
    get: (_target, property) =>
      property === 'then'
        ? undefined
        : () => {
            calls.push(String(property));
            return Promise.reject(new Error(`rds.${String(property)} must not be called in this test`));
          },
  });
}

/**
 * A pipeline that waits once in snapshot-check (so its event can be delivered again), delivers its
 * result at sns-notification and then tidies up in retire: one timer wait, then `tidyUp`.
 */
function releasingHarness(tidyUp: Step, rdsCalls: string[] = []) {
  let checks = 0;
  let keeps = 0;
  return engineHarness(
    undefined,
    registryOf({
      // Deletion protection on at preflight: a compensation would read the target to switch it back on.
      'snapshot-check': async () => ((checks += 1), checks === 1 ? wait('copying') : advance('sns-notification', { targetDeletionProtection: true })),
      'sns-notification': async () => advance('retire', undefined, { releaseTarget: { notification: delivered } }),
      retire: async (context) => ((keeps += 1), keeps === 1 ? wait('keeping what was replaced', { delaySeconds: 24 * HOUR_S, timer: true }) : tidyUp(context)),
    }),
    {},
    { rds: recordingRds(rdsCalls) },
  );
}

const counted = (h: ReturnType<typeof engineHarness>, name: string): number => h.metrics.sent.filter((metric) => metric.name === name).length;

describe('an operation that releases its target before it ends', () => {
  it('announces and counts the success once when it releases, saves when, frees the lock, and a repeated delivery changes nothing', async () => {
    // Prepare
    const h = releasingHarness(async () => succeed(undefined, { ...delivered, subject: 'a second success message' }));
    const { target, event } = startEvent();
    const id = ranOperationId(await h.handler(event, lambdaContext()));
    const due = h.scheduler.takeNext()!;
    h.clock.advanceTo(due.at);

    // Act: the check that leads to the release, delivered twice.
    await h.handler(due.payload, lambdaContext());
    const repeated = await h.handler(due.payload, lambdaContext());

    // Assess: RUNNING, tidying up, the target free; announced and counted exactly once.
    const stored = await h.store.get(id);
    expect(repeated).toMatchObject({ result: 'ignored' });
    expect(stored).toMatchObject({ status: 'RUNNING', step: 'retire', targetReleasedAt: due.at.toISOString(), waitReason: 'keeping what was replaced' });
    expect(await h.store.getLock(target)).toBeUndefined();
    expect(h.notifications.map((n) => [n.subject, n.attributes.notificationId])).toEqual([['refresh delivered', `${id}.succeeded.sns-notification.a1`]]);
    expect(stored?.notificationsSent?.map((sent) => sent.id)).toEqual([`${id}.succeeded.sns-notification.a1`]);
    expect([counted(h, 'OperationSucceeded'), counted(h, 'OperationDuration')]).toEqual([1, 1]);
  });

  it('ends SUCCEEDED after its tidy-up without a second success message or a second refresh counted', async () => {
    // Prepare: released, waiting out its keep window.
    const h = releasingHarness(async () => succeed(undefined, { ...delivered, subject: 'a second success message' }));
    const { target, event } = startEvent();
    const id = ranOperationId(await h.handler(event, lambdaContext()));
    for (let n = 0; n < 2; n += 1) {
      const due = h.scheduler.takeNext()!;
      h.clock.advanceTo(due.at);
      // Act (the second time): the keep window is over.
      await h.handler(due.payload, lambdaContext());
    }

    // Assess
    expect(await h.store.get(id)).toMatchObject({ status: 'SUCCEEDED', step: 'retire' });
    expect(h.notifications.map((n) => n.subject)).toEqual(['refresh delivered']);
    expect([counted(h, 'OperationSucceeded'), counted(h, 'OperationDuration'), counted(h, 'OperationTidiedUp')]).toEqual([1, 1, 1]);
    expect(await h.store.getLock(target)).toBeUndefined();
    expect(h.scheduler.pending).toBe(0);
  });

  it.each<[string, boolean]>([
    ['after the release: nothing is undone, the newer holder keeps the lock', true],
    ['without a release (the control): the compensation reads the target', false],
  ])('fails with a failure message %s', async (_case, releases) => {
    // Prepare
    const rdsCalls: string[] = [];
    const h = releasingHarness(async () => fail(new StepFailedError('the delete of what was replaced was refused')), rdsCalls);
    const { target, event } = startEvent();
    const id = ranOperationId(await h.handler(event, lambdaContext()));
    let due = h.scheduler.takeNext()!;
    h.clock.advanceTo(due.at);
    await h.handler(due.payload, lambdaContext());
    const newer = 'newer-operation-on-the-target';
    if (releases) await h.store.acquireLock(target, newer, h.clock.now());
    else {
      // The control: the same failure from an operation that never released its target.
      const stored = (await h.store.get(id))!;
      const { targetReleasedAt: _released, ...holding } = stored;
      await h.store.save(holding, stored.version);
      await h.store.acquireLock(target, id, h.clock.now());
    }
    due = h.scheduler.takeNext()!;
    h.clock.advanceTo(due.at);

    // Act: the keep window over, the tidy-up fails.
    await h.handler(due.payload, lambdaContext());

    // Assess
    expect(await h.store.get(id)).toMatchObject({ status: 'FAILED', step: 'retire', error: { message: 'the delete of what was replaced was refused' } });
    expect(h.notifications.at(-1)?.attributes.notificationId).toBe(`${id}.failed.retire.a1`);
    expect(counted(h, 'OperationFailed')).toBe(1);
    expect(rdsCalls).toEqual(releases ? [] : ['describeCluster']);
    expect((await h.store.getLock(target))?.holderOperationId).toBe(releases ? newer : undefined);
  });

  it('is cancelled in its tidy-up without undoing anything and without touching the newer holder\'s lock', async () => {
    // Prepare: released, keeping; a newer operation took the target.
    const rdsCalls: string[] = [];
    const h = releasingHarness(async () => succeed(), rdsCalls);
    const { target, event } = startEvent();
    const id = ranOperationId(await h.handler(event, lambdaContext()));
    const due = h.scheduler.takeNext()!;
    h.clock.advanceTo(due.at);
    await h.handler(due.payload, lambdaContext());
    await h.store.acquireLock(target, 'newer-operation', h.clock.now());

    // Act
    const answer = await h.handler({ command: 'cancel', operationId: id }, lambdaContext());

    // Assess: ended, its keep-window schedule deleted, nothing undone, the newer lock kept.
    expect(answer).toMatchObject({ result: 'ran', operation: { status: 'CANCELLED', step: 'retire', targetReleasedAt: due.at.toISOString() } });
    expect(h.scheduler.pending).toBe(0);
    expect(rdsCalls).toEqual([]);
    expect((await h.store.getLock(target))?.holderOperationId).toBe('newer-operation');
    expect(h.notifications.at(-1)?.attributes).toMatchObject({ status: 'CANCELLED', notificationId: `${id}.cancelled.retire.a1` });
  });

  it('resumes its tidy-up without taking the lock a newer operation holds', async () => {
    // Prepare: released, then cancelled in its tidy-up; a newer operation took the target.
    const h = releasingHarness(async () => succeed());
    const { target, event } = startEvent();
    const id = ranOperationId(await h.handler(event, lambdaContext()));
    const due = h.scheduler.takeNext()!;
    h.clock.advanceTo(due.at);
    await h.handler(due.payload, lambdaContext());
    await h.handler({ command: 'cancel', operationId: id }, lambdaContext());
    await h.store.acquireLock(target, 'newer-operation', h.clock.now());

    // Act
    const answer = await h.handler({ command: 'resume', operationId: id }, lambdaContext());

    // Assess: running its step again (retire's second run ends it), the newer lock untouched.
    expect(answer).toMatchObject({ result: 'ran', operation: { status: 'SUCCEEDED', step: 'retire' } });
    expect((await h.store.getLock(target))?.holderOperationId).toBe('newer-operation');
    expect(counted(h, 'OperationSucceeded')).toBe(1);
  });

  it('is counted by the sweep as running and tidying up, and not rescued while its keep window runs', async () => {
    // Prepare: released, its next check a day away.
    const h = releasingHarness(async () => succeed());
    const { event } = startEvent();
    await h.handler(event, lambdaContext());
    const due = h.scheduler.takeNext()!;
    h.clock.advanceTo(due.at);
    await h.handler(due.payload, lambdaContext());
    h.clock.advanceBy(2 * HOUR_S * 1000);

    // Act
    const swept = await h.handler({ command: 'sweep' }, lambdaContext());

    // Assess
    expect(swept).toEqual({ result: 'swept', running: 1, tidyingUp: 1, rescued: [] });
  });
});
