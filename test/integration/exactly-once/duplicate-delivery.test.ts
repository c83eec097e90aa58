import { deliverUntilQuiet, type Delivery, type Duplication } from '../../support/delivery-driver';
import { startExactlyOnceWorld } from '../../support/exactly-once-world';
import { refreshEffects, type RefreshEffects } from '../../support/refresh-effects';
import { secretTraces } from '../../support/secret-scan';
import { retiredId } from '../../../src/rds/naming';
import type { RefreshRequestInput } from '../../../src/request/schema';

interface Run {
  effects: RefreshEffects;
  deliveries: Delivery[];
  pendingSchedules: number;
  /** Traces of a planted secret in any output of the run. */
  secretTraces: string[];
  /** How many times a refresh was counted (`OperationSucceeded`). */
  succeeded: number;
}

/**
 * One whole refresh in a fresh world, every event delivered as `duplication` says, and events due
 * at the same moment delivered at once. Without spread in the simulator's timings, the instances
 * of a target are deleted and created together, so their RDS events arrive at the same moment.
 */
async function refreshDelivered(duplication: Duplication, instances: number, seed?: string, overrides?: Partial<RefreshRequestInput>): Promise<Run> {
  const world = await startExactlyOnceWorld({ timings: { spread: 0 } });
  try {
    const names = world.seedTarget(1, instances);
    const deliveries = await deliverUntilQuiet(world.runtime, { first: [world.startEvent(names, overrides)], duplication, parallel: true, ...(seed !== undefined ? { seed } : {}) });
    return {
      effects: await refreshEffects(world.runtime, world.database, names),
      deliveries,
      pendingSchedules: world.runtime.scheduler.pending,
      secretTraces: await secretTraces(world.runtime, deliveries, world.secrets),
      succeeded: world.runtime.metrics.sent.filter((metric) => metric.name === 'OperationSucceeded').length,
    };
  } finally {
    await world.stop();
  }
}

/** The reference runs, each event delivered once: with one instance, and with two. */
const once = new Map<number, Run>();
beforeAll(async () => {
  for (const instances of [1, 2]) once.set(instances, await refreshDelivered('none', instances));
}, 60_000);

describe('every event of a whole refresh delivered twice', () => {
  it.each([1, 2])('is a whole refresh when delivered once (%i instances): copy, delete, restore, instances, password, script, roles, archive, one notification', (instances) => {
    // Assess: the reference run did every effect once.
    const reference = once.get(instances) as Run;
    expect(reference.effects).toMatchObject({ status: 'SUCCEEDED', scripts: { 'mask-customers.sql': 1 }, roleApplications: 1, lockHeld: false, claimLeft: false });
    const perInstance = (call: string) => Array.from({ length: instances }, (_, index) => `${call} staging-1-${index + 1}`);
    expect(Object.keys(reference.effects.rdsWrites).sort()).toEqual(
      [
        `copyClusterSnapshot ${reference.effects.facts.copySnapshotId}`,
        ...perInstance('deleteInstance'),
        'deleteCluster staging-1',
        'restoreClusterFromSnapshot staging-1',
        ...perInstance('createInstance'),
        'modifyCluster staging-1',
        `deleteClusterSnapshot ${reference.effects.facts.copySnapshotId}`,
      ].sort(),
    );
    expect(new Set(Object.values(reference.effects.rdsWrites))).toEqual(new Set([1]));
    expect(reference.effects.notifications).toHaveLength(1);
    expect(reference.secretTraces).toEqual([]);
    // Each instance's events arrive with the other's, at the same moment: delivered at once.
    const eventsByMoment = new Map<number, Set<string>>();
    for (const d of reference.deliveries.filter((delivery) => delivery.trigger === 'rds-event')) {
      eventsByMoment.set(d.at.getTime(), (eventsByMoment.get(d.at.getTime()) ?? new Set()).add(JSON.stringify(d.event)));
    }
    expect(Math.max(...[...eventsByMoment.values()].map((events) => events.size))).toBe(instances);
  });

  it.each<[string, Duplication, number, string | undefined]>([
    ['one right after the other', 'sequential', 1, undefined],
    ['both at the same moment (two invocations racing)', 'concurrent', 1, undefined],
    ['both at the same moment, two instances reporting together', 'concurrent', 2, undefined],
    ['the second late and out of order (seed a)', 'shuffled', 1, 'a'],
    ['the second late and out of order (seed b)', 'shuffled', 1, 'b'],
    ['the second late and out of order, two instances (seed c)', 'shuffled', 2, 'c'],
  ])('ends as the single delivery does, every effect once, with %s', async (_how, duplication, instances, seed) => {
    // Prepare
    const reference = once.get(instances) as Run;

    // Act
    const twice = await refreshDelivered(duplication, instances, seed);

    // Assess: really delivered twice, and the second delivery changed nothing.
    const originals = twice.deliveries.filter((d) => d.trigger !== 'late-duplicate');
    expect(twice.deliveries.length).toBeGreaterThanOrEqual(2 * reference.deliveries.filter((d) => d.trigger !== 'sweep').length);
    expect(originals.length).toBeGreaterThan(0);
    expect(twice.effects).toEqual(reference.effects);
    expect(twice.deliveries.filter((d) => d.error !== undefined).map((d) => `${d.error?.name}: ${d.error?.message}`)).toEqual([]);
    expect(twice.pendingSchedules).toBe(0);
    expect(twice.secretTraces).toEqual([]);
    // Of the two deliveries of one event, at most one ran a step.
    const runs = new Map<string, number>();
    for (const d of twice.deliveries) if (d.result?.result === 'ran') runs.set(JSON.stringify(d.event), (runs.get(JSON.stringify(d.event)) ?? 0) + 1);
    const ranTwice = [...runs].filter(([, times]) => times > 1).map(([event]) => event);
    expect(ranTwice).toEqual([]);
  });

  // A start delivered again after its operation ended must not re-take the target's lock under its
  // own (idempotency-key) id.
  it('leaves the target unlocked when the start is delivered again after the refresh ended', async () => {
    // Prepare: a refresh that ran to its end.
    const world = await startExactlyOnceWorld();
    try {
      const names = world.seedTarget(1);
      const start = world.startEvent(names);
      await deliverUntilQuiet(world.runtime, { first: [start] });
      const before = await refreshEffects(world.runtime, world.database, names);

      // Act: the start's late duplicate (Lambda async and Scheduler deliver at least once).
      const late = await world.runtime.handler(start, { awsRequestId: 'late', invokedFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:x', getRemainingTimeInMillis: () => 900_000 });

      // Assess: answered as a duplicate, nothing done, and the lock free as before.
      expect(late).toMatchObject({ result: 'ignored' });
      expect(await refreshEffects(world.runtime, world.database, names)).toEqual(before);
    } finally {
      await world.stop();
    }
  });
});

/** A swap keeping its retired cluster an hour: the refresh delivered (and the target released) at sns-notification, then retire and delete-retired. */
const SWAP: Partial<RefreshRequestInput> = { strategy: 'swap', swap: { keepRetiredHours: 1 } };

describe('every event of a whole swap delivered twice', () => {
  let reference: Run;
  beforeAll(async () => {
    reference = await refreshDelivered('none', 1, undefined, SWAP);
  }, 60_000);

  it('is a whole swap when delivered once: built beside, renamed in, announced once at the release, its retired cluster deleted', () => {
    // Assess
    expect(reference.effects).toMatchObject({ status: 'SUCCEEDED', scripts: { 'mask-customers.sql': 1 }, roleApplications: 1, lockHeld: false, claimLeft: false, facts: { retiredDeleted: true } });
    const released = reference.deliveries.map((d) => d.result).find((result) => result?.result === 'ran' && result.operation.targetReleasedAt !== undefined);
    expect(released).toBeDefined();
    const operationId = released?.result === 'ran' ? released.operation.operationId : '';
    expect(reference.effects.notifications).toEqual([`${operationId}.succeeded.sns-notification.a1`]);
    expect(reference.effects.rdsWrites).toMatchObject({ 'renameCluster staging-1': 1, [`deleteCluster ${retiredId({ operationId }, 'staging-1')}`]: 1 });
    expect(new Set(Object.values(reference.effects.rdsWrites))).toEqual(new Set([1]));
    expect(reference.secretTraces).toEqual([]);
    expect(reference.succeeded).toBe(1);
  });

  it.each<[string, Duplication, string | undefined]>([
    ['one right after the other', 'sequential', undefined],
    ['both at the same moment (two invocations racing)', 'concurrent', undefined],
    ['the second late and out of order', 'shuffled', 'd'],
  ])('ends as the single delivery does, announced and counted once, with %s', async (_how, duplication, seed) => {
    // Act
    const twice = await refreshDelivered(duplication, 1, seed, SWAP);

    // Assess: the release step's event too was delivered twice, and changed nothing the second time.
    expect(twice.effects).toEqual(reference.effects);
    expect(twice.succeeded).toBe(1);
    expect(twice.deliveries.filter((d) => d.error !== undefined).map((d) => `${d.error?.name}: ${d.error?.message}`)).toEqual([]);
    expect(twice.pendingSchedules).toBe(0);
    const runs = new Map<string, number>();
    for (const d of twice.deliveries) if (d.result?.result === 'ran') runs.set(JSON.stringify(d.event), (runs.get(JSON.stringify(d.event)) ?? 0) + 1);
    expect([...runs].filter(([, times]) => times > 1).map(([event]) => event)).toEqual([]);
  });
});
