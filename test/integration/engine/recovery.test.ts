import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { advance, succeed, wait } from '../../../src/engine/outcome';
import type { DispatchResult } from '../../../src/engine/dispatch-result';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../../src/local/local-dynamodb';
import type { Instance, RdsPort } from '../../../src/ports/rds';
import { engineHarness, registryOf } from '../../support/engine-harness';
import { lambdaContext, requestInput } from '../../support/factories';

let db: LocalDynamoDb;
let n = 0;
beforeAll(async () => {
  db = await startLocalDynamoDb(`recovery-${Date.now()}`);
});
afterAll(async () => db.stop());

function startEvent() {
  n += 1;
  return { step: 'start', request: requestInput({ target: { clusterId: `recover-${n}`, instances: [{ id: `recover-${n}-1`, instanceClass: 'db.r6g.large' }] } }) };
}
const idOf = (r: DispatchResult) => (r.result === 'ran' ? r.operation.operationId : '');

describe('recovery from crashes between a save and a schedule', () => {
  it('saves nothing when the first check of a just-started copy cannot be scheduled, so the retry redoes the step', async () => {
    // Prepare: scheduling fails once, as a Scheduler throttle would.
    let copies = 0;
    const h = engineHarness(
      db,
      registryOf({
        'snapshot-check': async () => advance('copy-snapshot'),
        'copy-snapshot': async () => ((copies += 1), advance('check-copy-status', { copySnapshotId: 'copy-1' }, { checkLater: true })),
        'check-copy-status': async () => succeed(),
      }),
    );
    const realSchedule = h.scheduler.schedule.bind(h.scheduler);
    let failNext = true;
    h.scheduler.schedule = async (check) => {
      if (failNext) {
        failNext = false;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      }
      return realSchedule(check);
    };

    // Act: the start event fails; the operation was created and is still at copy-snapshot.
    const event = startEvent();
    await expect(h.handler(event, lambdaContext())).rejects.toThrow('Rate exceeded');
    const [stuck] = await h.store.listByTarget(event.request.target.clusterId, 1);

    // Assess
    expect(stuck).toMatchObject({ status: 'RUNNING', step: 'copy-snapshot' });
    expect(h.scheduler.created).toHaveLength(0);

    // Act: the sweep, once the operation has sat unchanged longer than any invocation lasts.
    h.clock.advanceBy(21 * 60_000);
    const swept = await h.handler({ command: 'sweep' }, lambdaContext());
    const entry = h.scheduler.takeNext()!;
    h.clock.advanceTo(entry.at);
    await h.handler(entry.payload, lambdaContext());
    const second = h.scheduler.takeNext()!;
    h.clock.advanceTo(second.at);
    await h.handler(second.payload, lambdaContext());

    // Assess: rescued, the copy step ran again (idempotent) and the operation finished.
    expect(swept).toMatchObject({ result: 'swept', rescued: [stuck!.operationId] });
    expect(copies).toBe(2);
    expect((await h.store.get(stuck!.operationId))?.status).toBe('SUCCEEDED');
    expect(h.metrics.sent.some((m) => m.name === 'OperationRescued')).toBe(true);
  });

  it('leaves operations whose check is due alone', async () => {
    const h = engineHarness(db, registryOf({ 'snapshot-check': async () => advance('check-copy-status'), 'check-copy-status': async () => wait('copying') }));
    const id = idOf(await h.handler(startEvent(), lambdaContext()));
    h.clock.advanceBy(10 * 60_000);
    const swept = await h.handler({ command: 'sweep' }, lambdaContext());
    expect(swept).toMatchObject({ result: 'swept' });
    expect((swept as { rescued: string[] }).rescued).not.toContain(id);
  });

  it('takes over a lock whose holder finished without releasing it', async () => {
    // Prepare: a finished operation still holds the lock (its release was lost).
    const h = engineHarness(db, registryOf({ 'snapshot-check': async () => succeed() }));
    const event = startEvent();
    const first = idOf(await h.handler(event, lambdaContext()));
    await db.documentClient.send(new PutCommand({ TableName: db.tableName, Item: { pk: `lock#${event.request.target.clusterId}`, itemType: 'lock', lockTarget: event.request.target.clusterId, holderOperationId: first, acquiredAt: '2026-11-25T03:00:00.000Z' } }));

    // Act
    const second = idOf(await h.handler(event, lambdaContext()));

    // Assess
    expect((await h.store.get(second))?.status).toBe('SUCCEEDED');
    expect(await h.store.getLock(event.request.target.clusterId)).toBeUndefined();
  });

  it('retries an RDS event whose handling failed, and drops it once handled', async () => {
    // Prepare: a restore waiting on its cluster; the first wake-up fails writing its schedule.
    n += 1;
    const target = `recover-evt-${n}`;
    const rds = { describeInstance: async (): Promise<Instance | undefined> => undefined } as unknown as RdsPort;
    let ready = false;
    const h = engineHarness(
      db,
      registryOf({
        'snapshot-check': async () => advance('check-restore-status'),
        'check-restore-status': async () => (ready ? succeed() : wait('creating', { waitingOn: [{ kind: 'cluster', id: target }] })),
      }),
      {},
      { rds },
    );
    const id = idOf(await h.handler({ step: 'start', request: requestInput({ target: { clusterId: target, instances: [{ id: `${target}-1`, instanceClass: 'db.r6g.large' }] } }) }, lambdaContext()));
    const event = { id: `evt-retry-${n}`, source: 'aws.rds', 'detail-type': 'RDS DB Cluster Event', detail: { SourceIdentifier: target, EventID: 'RDS-EVENT-0170' } };
    const realSchedule = h.scheduler.schedule.bind(h.scheduler);
    h.scheduler.schedule = async () => {
      throw new Error('Scheduler unavailable');
    };

    // Act
    await expect(h.handler(event, lambdaContext())).rejects.toThrow('Scheduler unavailable');
    h.scheduler.schedule = realSchedule;
    ready = true;
    const retried = await h.handler(event, lambdaContext());
    const duplicate = await h.handler(event, lambdaContext());

    // Assess
    expect(retried).toMatchObject({ result: 'ran', operation: { operationId: id, status: 'SUCCEEDED' } });
    expect(duplicate).toMatchObject({ result: 'ignored', reason: `event evt-retry-${n} was already handled` });
  });
});
