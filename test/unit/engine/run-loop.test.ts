import { advance, fail, proceed, succeed, wait } from '../../../src/engine/outcome';
import type { DispatchResult } from '../../../src/engine/dispatcher';
import { StepFailedError } from '../../../src/errors';
import { engineHarness, registryOf } from '../../support/engine-harness';
import { lambdaContext, requestInput } from '../../support/factories';

let targetNumber = 0;
function startEvent() {
  targetNumber += 1;
  return { step: 'start', request: requestInput({ target: { clusterId: `fast-${targetNumber}`, instances: [{ id: `fast-${targetNumber}-1`, instanceClass: 'db.r6g.large' }] } }) };
}

function ranOperationId(result: DispatchResult): string {
  if (result.result !== 'ran') throw new Error(`expected a run, got ${JSON.stringify(result)}`);
  return result.operation.operationId;
}

describe('the run loop, on the in-memory store', () => {
  it('runs a step once when the same event is delivered twice at the same moment', async () => {
    // Prepare: the copy check waits; every run of it is counted.
    let runs = 0;
    const h = engineHarness(undefined, registryOf({ 'snapshot-check': async () => ((runs += 1), wait('copying')) }));
    const id = ranOperationId(await h.handler(startEvent(), lambdaContext()));
    const due = h.scheduler.takeNext()!;
    h.clock.advanceTo(due.at);

    // Act: two deliveries of the same scheduled event, racing.
    const results = await Promise.all([h.handler(due.payload, lambdaContext()), h.handler(due.payload, lambdaContext())]);

    // Assess: one ran; the other was a no-op that names why.
    expect(runs).toBe(2);
    expect(results.filter((result) => result.result === 'ran')).toHaveLength(1);
    expect(results.find((result) => result.result === 'ignored')).toMatchObject({ result: 'ignored', operationId: id });
    expect((await h.store.get(id))?.stepRuns['snapshot-check']?.checks).toBe(2);
  });

  it('chains a continue outcome inline while the budget lasts, each run saved with a new token', async () => {
    // Prepare: three rounds of work, then done.
    let rounds = 0;
    const h = engineHarness(undefined, registryOf({ 'snapshot-check': async () => ((rounds += 1), rounds < 3 ? proceed(`round ${rounds} done`) : succeed()) }));

    // Act
    const id = ranOperationId(await h.handler(startEvent(), lambdaContext()));

    // Assess: no schedule was needed; the attempt records the continuations.
    expect(rounds).toBe(3);
    expect(h.scheduler.created).toHaveLength(0);
    expect(await h.store.get(id)).toMatchObject({ status: 'SUCCEEDED', stepRuns: { 'snapshot-check': { continuations: 2 } } });
  });

  it('continues in a fresh invocation when the budget is spent, with a token the old event no longer matches', async () => {
    // Prepare
    const h = engineHarness(undefined, registryOf({ 'snapshot-check': async () => proceed('more to do') }), { maxInlineSteps: 2 });

    // Act
    const id = ranOperationId(await h.handler(startEvent(), lambdaContext()));
    const entry = h.scheduler.takeNext()!;

    // Assess
    const stored = await h.store.get(id);
    expect(stored).toMatchObject({ status: 'RUNNING', step: 'snapshot-check', waitReason: 'more to do', scheduleName: entry.name });
    expect(entry.payload.token).toBe(stored?.token);
    expect(stored?.claim).toBeUndefined();
  });

  it('publishes the success notification once, with its id recorded, however often the last step is delivered', async () => {
    // Prepare: the last step waits once, so its event can be delivered again after the end.
    let ran = 0;
    const notification = { topicArn: 'arn:aws:sns:eu-west-1:123456789012:t', subject: 'done', body: '{}', attributes: { status: 'SUCCEEDED' } };
    const h = engineHarness(undefined, registryOf({ 'snapshot-check': async () => ((ran += 1), ran === 1 ? wait('almost') : succeed(undefined, notification)) }));
    const id = ranOperationId(await h.handler(startEvent(), lambdaContext()));
    const entry = h.scheduler.takeNext()!;
    h.clock.advanceTo(entry.at);

    // Act
    await h.handler(entry.payload, lambdaContext());
    await h.handler(entry.payload, lambdaContext());

    // Assess
    expect(h.notifications).toHaveLength(1);
    expect(h.notifications[0]?.attributes.notificationId).toBe(`${id}.succeeded.snapshot-check.a1`);
    expect((await h.store.get(id))?.notificationsSent).toEqual([{ id: `${id}.succeeded.snapshot-check.a1`, messageId: 'msg-1', at: expect.any(String) }]);
  });

  it('saves the end and counts NotificationFailed when the topic refuses the message', async () => {
    // Prepare
    const h = engineHarness(undefined, registryOf({ 'snapshot-check': async () => fail(new StepFailedError('the copy failed')) }), {}, {
      notifier: { publish: async () => Promise.reject(Object.assign(new Error('not authorized'), { name: 'AuthorizationErrorException' })) },
    });

    // Act
    const id = ranOperationId(await h.handler(startEvent(), lambdaContext()));

    // Assess
    expect(await h.store.get(id)).toMatchObject({ status: 'FAILED', error: { name: 'StepFailedError', step: 'snapshot-check' } });
    expect((await h.store.get(id))?.notificationsSent).toBeUndefined();
    expect(h.metrics.sent.map((metric) => metric.name)).toEqual(expect.arrayContaining(['NotificationFailed', 'OperationFailed']));
  });

  it('fails, with the step and operation attached, on anything a step throws that is neither transient nor busy', async () => {
    const h = engineHarness(undefined, registryOf({ 'snapshot-check': async () => Promise.reject(new TypeError('facts.copy is undefined')) }));
    const id = ranOperationId(await h.handler(startEvent(), lambdaContext()));
    expect(await h.store.get(id)).toMatchObject({ status: 'FAILED', error: { name: 'StepFailedError', step: 'snapshot-check', message: 'Step snapshot-check failed: TypeError: facts.copy is undefined' } });
  });

  it('advances through every step of the pipeline in order without a table', async () => {
    const h = engineHarness(undefined, registryOf({ 'snapshot-check': async () => advance('sns-notification'), 'sns-notification': async () => succeed() }));
    const id = ranOperationId(await h.handler(startEvent(), lambdaContext()));
    expect(Object.keys((await h.store.get(id))?.stepRuns ?? {})).toEqual(['preflight', 'snapshot-check', 'sns-notification']);
  });
});
