import { deliverUntilQuiet, type Delivery, type Duplication } from '../../support/delivery-driver';
import { startExactlyOnceWorld } from '../../support/exactly-once-world';
import { refreshEffects, type RefreshEffects } from '../../support/refresh-effects';
import { secretTraces } from '../../support/secret-scan';

interface Run {
  effects: RefreshEffects;
  deliveries: Delivery[];
  pendingSchedules: number;
  /** Traces of a planted secret in any output of the run. */
  secretTraces: string[];
}

/** One whole refresh in a fresh world, every event delivered as `duplication` says. */
async function refreshDelivered(duplication: Duplication, seed?: string): Promise<Run> {
  const world = await startExactlyOnceWorld();
  try {
    const names = world.seedTarget(1);
    const deliveries = await deliverUntilQuiet(world.runtime, { first: [world.startEvent(names)], duplication, ...(seed !== undefined ? { seed } : {}) });
    return {
      effects: await refreshEffects(world.runtime, world.database, names),
      deliveries,
      pendingSchedules: world.runtime.scheduler.pending,
      secretTraces: await secretTraces(world.runtime, deliveries, world.secrets),
    };
  } finally {
    await world.stop();
  }
}

let once: Run;
beforeAll(async () => {
  once = await refreshDelivered('none');
}, 60_000);

describe('every event of a whole refresh delivered twice', () => {
  it('is a whole refresh when delivered once: copy, delete, restore, instance, password, script, roles, archive, one notification', () => {
    // Assess: the reference run did every effect once.
    expect(once.effects).toMatchObject({ status: 'SUCCEEDED', scripts: { 'mask-customers.sql': 1 }, roleApplications: 1, lockHeld: false, claimLeft: false });
    expect(Object.keys(once.effects.rdsWrites).map((call) => call.split(' ')[0])).toEqual([
      'copyClusterSnapshot',
      'deleteInstance',
      'deleteCluster',
      'restoreClusterFromSnapshot',
      'createInstance',
      'modifyCluster',
      'deleteClusterSnapshot',
    ]);
    expect(Object.values(once.effects.rdsWrites)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(once.effects.notifications).toHaveLength(1);
    expect(once.secretTraces).toEqual([]);
  });

  it.each<[string, Duplication, string | undefined]>([
    ['one right after the other', 'sequential', undefined],
    ['both at the same moment (two invocations racing)', 'concurrent', undefined],
    ['the second late and out of order (seed a)', 'shuffled', 'a'],
    ['the second late and out of order (seed b)', 'shuffled', 'b'],
    ['the second late and out of order (seed c)', 'shuffled', 'c'],
  ])('ends as the single delivery does, every effect once, with %s', async (_how, duplication, seed) => {
    // Act
    const twice = await refreshDelivered(duplication, seed);

    // Assess: really delivered twice, and the second delivery changed nothing.
    const originals = twice.deliveries.filter((d) => d.trigger !== 'late-duplicate');
    expect(twice.deliveries.length).toBeGreaterThanOrEqual(2 * once.deliveries.filter((d) => d.trigger !== 'sweep').length);
    expect(originals.length).toBeGreaterThan(0);
    expect(twice.effects).toEqual(once.effects);
    expect(twice.deliveries.filter((d) => d.error !== undefined).map((d) => `${d.error?.name}: ${d.error?.message}`)).toEqual([]);
    expect(twice.pendingSchedules).toBe(0);
    expect(twice.secretTraces).toEqual([]);
    // Of the two deliveries of one event, at most one ran a step.
    const runs = new Map<string, number>();
    for (const d of twice.deliveries) if (d.result?.result === 'ran') runs.set(JSON.stringify(d.event), (runs.get(JSON.stringify(d.event)) ?? 0) + 1);
    const ranTwice = [...runs].filter(([, times]) => times > 1).map(([event]) => event);
    expect(ranTwice).toEqual([]);
  });

  // Known defect, fix belongs in src/engine/start-operation.ts (see the report): a start delivered
  // again after its operation ended re-takes the target's lock (its own id, from the idempotency
  // key) and answers "already started" without releasing it. Flip to `it` once fixed.
  it.failing('leaves the target unlocked when the start is delivered again after the refresh ended', async () => {
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
