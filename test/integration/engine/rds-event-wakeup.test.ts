import { advance, succeed, wait } from '../../../src/engine/outcome';
import type { DispatchResult } from '../../../src/engine/dispatcher';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../../src/local/local-dynamodb';
import type { Instance, RdsPort } from '../../../src/ports/rds';
import { engineHarness, registryOf } from '../../support/engine-harness';
import { lambdaContext, requestInput } from '../../support/factories';

let db: LocalDynamoDb;
let n = 0;
beforeAll(async () => {
  db = await startLocalDynamoDb(`events-${Date.now()}`);
});
afterAll(async () => db.stop());

function rdsEvent(kind: 'cluster' | 'instance', sourceIdentifier: string, eventId: string, id = `evt-${(n += 1)}`) {
  return {
    version: '0',
    id,
    source: 'aws.rds',
    'detail-type': kind === 'cluster' ? 'RDS DB Cluster Event' : 'RDS DB Instance Event',
    time: '2026-11-25T04:00:00Z',
    resources: [],
    detail: { SourceIdentifier: sourceIdentifier, EventID: eventId, Message: 'x' },
  };
}

/** A restore that waits on its cluster and instance until `ready` says otherwise. */
function setup() {
  n += 1;
  const target = `evt-target-${n}`;
  const instanceId = `${target}-1`;
  let ready = false;
  let checks = 0;
  const rds = {
    describeInstance: async (id: string): Promise<Instance | undefined> =>
      id === instanceId ? { id, arn: `arn:aws:rds:eu-west-1:1:db:${id}`, clusterId: target, status: 'creating', instanceClass: 'db.r6g.large', tags: {} } : undefined,
  } as unknown as RdsPort;
  const h = engineHarness(
    db,
    registryOf({
      'snapshot-check': async () => advance('check-restore-status'),
      'check-restore-status': async () => {
        checks += 1;
        return ready ? succeed() : wait('cluster creating', { waitingOn: [{ kind: 'cluster', id: target }, { kind: 'instance', id: instanceId }] });
      },
    }),
    {},
    { rds },
  );
  const event = { step: 'start', request: requestInput({ target: { clusterId: target, instances: [{ id: instanceId, instanceClass: 'db.r6g.large' }] } }) };
  return { h, target, instanceId, event, setReady: () => (ready = true), checks: () => checks };
}

const idOf = (r: DispatchResult) => (r.result === 'ran' ? r.operation.operationId : '');

describe('RDS event wake-up', () => {
  it.each([
    ['a cluster event for the target', 'cluster', 'target', 'RDS-EVENT-0170'],
    ['an instance event, found through its cluster', 'instance', 'instance', 'RDS-EVENT-0005'],
  ] as const)('runs the waiting check at once on %s and deletes the pending schedule', async (_case, kind, resource, eventId) => {
    // Prepare
    const s = setup();
    const id = idOf(await s.h.handler(s.event, lambdaContext()));
    const pending = s.h.scheduler.peek()!;
    s.setReady();
    s.h.clock.advanceBy(5 * 60_000);

    // Act
    const result = await s.h.handler(rdsEvent(kind, resource === 'target' ? s.target : s.instanceId, eventId), lambdaContext());

    // Assess
    expect(result).toMatchObject({ result: 'ran', operation: { operationId: id, status: 'SUCCEEDED' } });
    expect(s.h.scheduler.cancelled).toEqual([pending.name]);
    expect(await s.h.handler(pending.payload, lambdaContext())).toMatchObject({ result: 'ignored' });
  });

  it('checks once when the last of several awaited instances reports, noting the others', async () => {
    // Prepare: a restore waiting on two instances of its cluster.
    n += 1;
    const target = `evt-multi-${n}`;
    const ids = [`${target}-1`, `${target}-2`];
    const rds = {
      describeInstance: async (id: string): Promise<Instance | undefined> => (ids.includes(id) ? { id, arn: `arn:aws:rds:eu-west-1:1:db:${id}`, clusterId: target, status: 'available', instanceClass: 'db.r6g.large', tags: {} } : undefined),
    } as unknown as RdsPort;
    let checks = 0;
    const h = engineHarness(
      db,
      registryOf({
        'snapshot-check': async () => advance('check-restore-status'),
        'check-restore-status': async () => ((checks += 1), checks === 1 ? wait('instances creating', { waitingOn: [{ kind: 'cluster', id: target }, ...ids.map((id) => ({ kind: 'instance' as const, id }))] }) : succeed()),
      }),
      {},
      { rds },
    );
    const id = idOf(await h.handler({ step: 'start', request: requestInput({ target: { clusterId: target, instances: ids.map((i) => ({ id: i, instanceClass: 'db.r6g.large' })) } }) }, lambdaContext()));

    // Act
    const first = await h.handler(rdsEvent('instance', ids[0]!, 'RDS-EVENT-0005'), lambdaContext());
    const afterFirst = await h.store.get(id);
    const second = await h.handler(rdsEvent('instance', ids[1]!, 'RDS-EVENT-0005'), lambdaContext());

    // Assess
    expect(first).toMatchObject({ result: 'noted', reason: `instance ${ids[0]} is ready; still waiting for ${ids[1]}` });
    expect(afterFirst?.waitingOn).toEqual([{ kind: 'cluster', id: target }, { kind: 'instance', id: ids[1] }]);
    expect(second).toMatchObject({ result: 'ran', operation: { status: 'SUCCEEDED' } });
    expect(checks).toBe(2);
  });

  it('ignores an event about a resource no operation waits on', async () => {
    const s = setup();
    await s.h.handler(s.event, lambdaContext());
    const result = await s.h.handler(rdsEvent('cluster', 'someone-elses-cluster', 'RDS-EVENT-0170'), lambdaContext());
    expect(result).toMatchObject({ result: 'ignored', reason: 'no running operation holds cluster someone-elses-cluster' });
    expect(s.checks()).toBe(1);
  });

  it('handles a duplicated event once', async () => {
    const s = setup();
    await s.h.handler(s.event, lambdaContext());
    const event = rdsEvent('cluster', s.target, 'RDS-EVENT-0170', `dup-${n}`);
    const first = await s.h.handler(event, lambdaContext());
    const second = await s.h.handler(event, lambdaContext());
    expect(first).toMatchObject({ result: 'ran', operation: { status: 'RUNNING', totalChecks: 2 } });
    expect(second).toMatchObject({ result: 'ignored', reason: `event dup-${n} was already handled` });
    expect(s.checks()).toBe(2);
  });

  it('ignores an event for a finished operation', async () => {
    const s = setup();
    const id = idOf(await s.h.handler(s.event, lambdaContext()));
    await s.h.handler({ command: 'cancel', operationId: id }, lambdaContext());
    const result = await s.h.handler(rdsEvent('cluster', s.target, 'RDS-EVENT-0170'), lambdaContext());
    expect(result).toMatchObject({ result: 'ignored' });
    expect(s.checks()).toBe(1);
    expect((await s.h.store.get(id))?.status).toBe('CANCELLED');
  });
  it('wakes an operation that released its target on an event about the cluster it waits on, and leaves the newer holder alone', async () => {
    // Prepare: the older operation delivered, released the target and waits on its retired cluster's delete; a newer one holds the target.
    n += 1;
    const target = `evt-released-${n}`;
    const retired = `${target}-retired-abc123`;
    let deleted = false;
    const h = engineHarness(
      db,
      registryOf({
        'snapshot-check': async (context) => (context.request.requestedBy === 'newer' ? wait('copying', { waitingOn: [{ kind: 'snapshot', id: 'a-copy' }] }) : advance('sns-notification')),
        'sns-notification': async () => advance('retire', undefined, { releaseTarget: {} }),
        retire: async () => (deleted ? succeed() : wait('deleting the retired cluster', { waitingOn: [{ kind: 'cluster', id: retired }] })),
      }),
    );
    const start = (requestedBy: string) => ({ step: 'start', request: requestInput({ requestedBy, target: { clusterId: target, instances: [{ id: `${target}-1`, instanceClass: 'db.r6g.large' }] } }) });
    const olderId = idOf(await h.handler(start('older'), lambdaContext()));
    const newerId = idOf(await h.handler(start('newer'), lambdaContext()));
    const newerBefore = await h.store.get(newerId);
    deleted = true;

    // Act: RDS reports the retired cluster deleted.
    const result = await h.handler(rdsEvent('cluster', retired, 'RDS-EVENT-0171'), lambdaContext());

    // Assess: the older one ran its check and ended; the newer one and its lock are as they were.
    expect(newerId).not.toBe(olderId);
    expect(result).toMatchObject({ result: 'ran', operation: { operationId: olderId, status: 'SUCCEEDED' } });
    expect(await h.store.get(newerId)).toEqual(newerBefore);
    expect((await h.store.getLock(target))?.holderOperationId).toBe(newerId);
  });

  it('ignores an event about another operation\'s retired cluster for the holder that does not wait on it', async () => {
    // Prepare: the holder waits on its own restore; the event names a retired cluster nobody waits on.
    const s = setup();
    await s.h.handler(s.event, lambdaContext());

    // Act
    const result = await s.h.handler(rdsEvent('cluster', `${s.target}-retired-zzz999`, 'RDS-EVENT-0171'), lambdaContext());

    // Assess
    expect(result).toMatchObject({ result: 'ignored' });
    expect(s.checks()).toBe(1);
  });
});
