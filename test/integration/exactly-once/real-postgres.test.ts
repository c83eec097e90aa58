import { findLeaks, findVerifiers } from '../pipeline/support/captured-output';
import { startRefreshWorld, WORLD, type RefreshWorld } from '../pipeline/support/refresh-world';
import { loginResult, superuserSql } from '../database/pg-fixture';
import { CrashSwitch, ProcessDiedError } from '../../support/crash-injection';
import { deliverUntilQuiet, type Duplication } from '../../support/delivery-driver';
import { outputsOf } from '../../support/secret-scan';
import { operationOn } from '../../support/refresh-effects';
import { stopAfterEach } from '../../support/stop-after-each';

let world: RefreshWorld | undefined;

stopAfterEach(() => world);

describe('a whole refresh on a real PostgreSQL with every event delivered twice', () => {
  it.each<[string, Duplication]>([
    ['at the same moment', 'concurrent'],
    ['late and out of order', 'shuffled'],
  ])('masks once, sets every password, notifies once and leaks nothing, with the duplicates %s', async (_how, duplication) => {
    // Prepare
    world = await startRefreshWorld();
    const start = { step: 'start', request: world.request(), idempotencyKey: 'nightly-2026-11-25' };

    // Act
    const deliveries = await deliverUntilQuiet(world.runtime, { first: [start], duplication, parallel: true });

    // Assess: the refresh ended, the masking script committed exactly once, every login works…
    const operation = await operationOn(world.runtime, WORLD.target);
    expect(operation?.status).toBe('SUCCEEDED');
    expect(deliveries.filter((d) => d.error !== undefined).map((d) => d.error?.message)).toEqual([]);
    expect(await superuserSql('SELECT count(*)::int AS runs FROM shop.masking_runs', world.database)).toEqual([{ runs: 1 }]);
    expect(await superuserSql("SELECT count(*)::int AS left FROM shop.customers WHERE email NOT LIKE '%@example.invalid'", world.database)).toEqual([{ left: 0 }]);
    await expect(loginResult(world.roles.master, world.secrets.master, world.database)).resolves.toBe('ok');
    await expect(loginResult(world.roles.analyst, world.secrets.analyst, world.database)).resolves.toBe('ok');
    await expect(loginResult(world.roles.app, world.secrets.app, world.database)).resolves.toBe('ok');
    expect(world.runtime.notifier.published).toHaveLength(1);
    expect(world.runtime.simulation.writeCalls().filter((call) => call.operation === 'modifyCluster' && call.result === 'ok')).toHaveLength(1);
    expect(await world.runtime.store.getLock(WORLD.target)).toBeUndefined();

    // …and no secret in any output, the database port's log lines included.
    const sources = [...(await outputsOf(world.runtime, deliveries)), { name: 'database port log lines', text: world.databaseLogLines.join('\n') }];
    expect(findLeaks(sources, { ...world.secrets })).toEqual([]);
    expect(findVerifiers(sources)).toEqual([]);
  }, 60_000);
});

describe('a whole refresh on a real PostgreSQL whose invocation dies right after the masking script committed', () => {
  // The commit is recorded in the state only by the save the crash prevents; the script's own row
  // in the marker table, written in its transaction, is what keeps Lambda's retry from running it again.
  it('runs the script once and still ends SUCCEEDED', async () => {
    // Prepare: every port the engine and the steps use dies with the process.
    world = await startRefreshWorld();
    const crash = new CrashSwitch({ first: 'database.runScript', when: 'after' });
    const ports = world.runtime.ports;
    const raw = { ...ports };
    Object.assign(ports, {
      database: crash.wrap('database', () => raw.database),
      scripts: crash.wrap('scripts', () => raw.scripts),
      store: crash.wrap('store', () => raw.store),
      scheduler: crash.wrap('scheduler', () => raw.scheduler),
      notifier: crash.wrap('notifier', () => raw.notifier),
      rds: crash.wrap('rds', () => raw.rds),
      secrets: crash.wrap('secrets', () => raw.secrets),
    });
    const start = { step: 'start', request: world.request(), idempotencyKey: 'nightly-2026-11-25' };

    // Act
    const deliveries = await deliverUntilQuiet(world.runtime, { first: [start], afterInvocation: () => crash.revive() });

    // Assess: the crash happened where planned, the refresh recovered, and the script ran once.
    expect(crash.crashedAt).toMatch(/database\.runScript after its effect$/);
    expect(deliveries.filter((d) => d.error !== undefined && !(d.error instanceof ProcessDiedError))).toEqual([]);
    expect((await operationOn(world.runtime, WORLD.target))?.status).toBe('SUCCEEDED');
    expect(await superuserSql('SELECT count(*)::int AS runs FROM shop.masking_runs', world.database)).toEqual([{ runs: 1 }]);
  }, 60_000);
});
