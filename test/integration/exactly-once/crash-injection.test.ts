import { isDeepStrictEqual } from 'node:util';
import { CrashSwitch, ProcessDiedError, type CrashPlan } from '../../support/crash-injection';
import { deliverUntilQuiet, type Delivery } from '../../support/delivery-driver';
import { startExactlyOnceWorld } from '../../support/exactly-once-world';
import type { LocalRuntime } from '../../../src/local/local-runtime';
import { operationOn, refreshEffects, type RefreshEffects } from '../../support/refresh-effects';
import { secretTraces } from '../../support/secret-scan';
import type { RefreshRequestInput } from '../../../src/request/schema';
import type { RestoredSettings } from '../../../src/simulation/resource-records';

interface Run {
  effects: RefreshEffects;
  boundaries: string[];
  crashedAt: string | undefined;
  deliveries: Delivery[];
  pendingSchedules: number;
  /** Traces of a planted secret in any output of the run. */
  secretTraces: string[];
  /** The role passwords planted in the secrets really reached the database. */
  passwordsDelivered: boolean;
  /** Virtual minutes from the start to the operation's end. */
  minutes: number;
}

async function virtualMinutes(runtime: LocalRuntime, target: string): Promise<number> {
  const operation = await operationOn(runtime, target);
  return operation?.finishedAt === undefined ? Number.NaN : (Date.parse(operation.finishedAt) - Date.parse(operation.createdAt)) / 60_000;
}

/**
 * The strategies a refresh is crashed under: replace, and a swap keeping its retired cluster an hour
 * (its refresh delivered and its target released at sns-notification, then retire and delete-retired).
 */
const STRATEGIES = { replace: {}, swap: { strategy: 'swap', swap: { keepRetiredHours: 1 } } } as const satisfies Record<string, Partial<RefreshRequestInput>>;
type Strategy = keyof typeof STRATEGIES;

/**
 * A target whose configuration makes the refresh do more: a custom cluster parameter group (its
 * new instances come up pending a reboot, and are rebooted once) and a maintenance window (set
 * after the restore).
 */
const CONFIGURED: RestoredSettings = { clusterParameterGroup: 'staging-pg16', preferredMaintenanceWindow: 'sun:05:00-sun:05:30' };

/** One whole refresh in a fresh world, the process dying where `plan` says; Lambda's retries and the sweep carry on. */
async function refreshWithCrash(instances: number, strategy: Strategy, settings: RestoredSettings | undefined, plan?: CrashPlan): Promise<Run> {
  const crash = new CrashSwitch(plan);
  const world = await startExactlyOnceWorld({ crash });
  try {
    const names = world.seedTarget(1, instances, settings);
    const deliveries = await deliverUntilQuiet(world.runtime, { first: [world.startEvent(names, STRATEGIES[strategy])], afterInvocation: () => crash.revive() });
    return {
      effects: await refreshEffects(world.runtime, world.database, names),
      boundaries: crash.boundaries,
      crashedAt: crash.crashedAt,
      deliveries,
      pendingSchedules: world.runtime.scheduler.pending,
      secretTraces: await secretTraces(world.runtime, deliveries, world.secrets),
      passwordsDelivered: world.database.receivedPassword(world.secrets.analyst) && world.database.receivedPassword(world.secrets.app),
      minutes: await virtualMinutes(world.runtime, names.target),
    };
  } finally {
    await world.stop();
  }
}

/**
 * Facts that say how a step got its result rather than what the result is: after a crash the retry
 * finds its own copy or cluster already there and adopts it, or finds the instances it deleted or
 * created already gone or present, and records that instead.
 */
// A reboot whose record a crash lost is not repeated (the next check finds it rebooting), nor recorded.
const RECOVERY_FACTS = ['copyAdopted', 'clusterAdopted', 'targetExisted', 'deletedInstanceIds', 'createdInstanceIds', 'rebootedInstanceIds'];

function withoutRecoveryFacts(facts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts).filter(([key]) => !RECOVERY_FACTS.includes(key)));
}

/** Setting the same master password again: idempotent, so acceptable after a crash (never because of a concurrent duplicate). */
const REPEATABLE_WRITES = /^modifyCluster /;

/**
 * True when the crash fell after `effect` took effect and before the save that records it: the
 * only place where that effect may be repeated.
 */
function crashedBetween(effect: string, plan: Extract<CrashPlan, { at: number }> | undefined, boundaries: readonly string[]): boolean {
  if (plan === undefined) return false;
  for (let index = boundaries.indexOf(effect); index >= 0; index = boundaries.indexOf(effect, index + 1)) {
    const record = boundaries.indexOf('store.save', index + 1);
    if ((plan.at === index + 1 && plan.when === 'after') || (plan.at === record + 1 && plan.when === 'before')) return true;
  }
  return false;
}

/**
 * What a run may differ in from the clean run, and only after a crash: the idempotent effects
 * (the same master password, the same roles again), and the one notification a crash between its
 * publish and its record repeats (the same id, so subscribers can drop it). Post-restore scripts
 * never run twice: each records itself in the restored database's marker table in its own
 * transaction (the recording database keeps that contract).
 */
function differences(clean: Run, run: Run, plan?: Extract<CrashPlan, { at: number }>): string[] {
  const { effects } = run;
  const found: string[] = [];
  const same = (what: string, a: unknown, b: unknown): void => {
    if (isDeepStrictEqual(a, b)) return;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
      found.push(`${what}: ${JSON.stringify(b)} instead of ${JSON.stringify(a)}`);
      return;
    }
    const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (!isDeepStrictEqual(x[key], y[key])) found.push(`${what}.${key}: ${JSON.stringify(y[key])} instead of ${JSON.stringify(x[key])}`);
    }
  };
  /** Counts capped at the clean run's plus the one repeat a crash may cause, for effects allowed to repeat once. */
  const atMostOnceMore = (counts: Record<string, number>, cleanCounts: Record<string, number>, repeatable: (key: string) => boolean): Record<string, number> =>
    Object.fromEntries(Object.entries(counts).map(([key, times]) => [key, repeatable(key) && times === (cleanCounts[key] ?? 0) + 1 ? times - 1 : times]));

  same('status', clean.effects.status, effects.status);
  same('facts', withoutRecoveryFacts(clean.effects.facts), withoutRecoveryFacts(effects.facts));
  same('RDS writes', clean.effects.rdsWrites, atMostOnceMore(effects.rdsWrites, clean.effects.rdsWrites, (call) => REPEATABLE_WRITES.test(call)));
  same('scripts', clean.effects.scripts, effects.scripts);
  same('resources', clean.effects.resources, effects.resources);
  const publishRepeats = crashedBetween('notifier.publish', plan, clean.boundaries);
  const notifications = publishRepeats && effects.notifications.length === 2 && effects.notifications[0] === effects.notifications[1] ? effects.notifications.slice(1) : effects.notifications;
  same('notifications', clean.effects.notifications, notifications);
  if (effects.roleApplications < clean.effects.roleApplications) found.push(`roles applied ${effects.roleApplications} times`);
  if (effects.lockHeld) found.push('the lock is still held');
  if (effects.claimLeft) found.push('a claim is left on the operation');
  if (run.pendingSchedules > 0) found.push(`${run.pendingSchedules} schedules left`);
  found.push(...run.secretTraces);
  for (const d of run.deliveries.filter((delivery) => delivery.error !== undefined && !(delivery.error instanceof ProcessDiedError))) {
    found.push(`unhandled ${d.error?.name}: ${d.error?.message}`);
  }
  return found;
}

// With two instances, the first instance's event is only noted (a write outside the claim path).
describe.each<[Strategy, number, string, RestoredSettings | undefined]>([
  ['replace', 1, '', undefined],
  ['replace', 2, '', undefined],
  ['swap', 1, '', undefined],
  ['replace', 1, ' (a parameter group to reboot for, a maintenance window to set)', CONFIGURED],
])('a whole %s refresh of a target with %i instance(s)%s, the process dying at one side-effect boundary', (strategy, instances, _configured, settings) => {
  let clean: Run;
  beforeAll(async () => {
    clean = await refreshWithCrash(instances, strategy, settings);
  }, 60_000);

  it('counts the side-effect boundaries of a clean run: every mutating store, scheduler, RDS, database and notifier call', () => {
    // Assess: a clean run succeeds, and crosses each kind of boundary.
    console.log(`side-effect boundaries of a clean ${strategy} refresh (${instances} instance(s)): ${clean.boundaries.length}\n${clean.boundaries.map((b, i) => `#${i + 1} ${b}`).join('\n')}`);
    expect(clean.effects.status).toBe('SUCCEEDED');
    expect(clean.deliveries.filter((d) => d.error !== undefined)).toEqual([]);
    expect(new Set(clean.boundaries.map((b) => b.split('.')[0]))).toEqual(new Set(['store', 'scheduler', 'rds', 'database', 'notifier']));
    expect(clean.effects).toMatchObject({ scripts: { 'mask-customers.sql': 1 }, roleApplications: 1, lockHeld: false, claimLeft: false });
    expect(clean.effects.notifications).toHaveLength(1);
    // A swap's release: the lock is let go at sns-notification, before retire and delete-retired run.
    if (strategy === 'swap') expect(clean.effects.facts).toMatchObject({ retiredDeleted: true, swapRenamesIssued: 4 });
    if (settings !== undefined) expect(clean.boundaries).toEqual(expect.arrayContaining(['rds.rebootInstance', 'rds.modifyCluster']));
    expect(clean.passwordsDelivered).toBe(true);
    expect(clean.secretTraces).toEqual([]);
  });

  it.each(['before', 'after'] as const)('ends as the clean run does, nothing duplicated or orphaned, whichever boundary dies %s its effect', async (when) => {
    // Prepare
    const failures: string[] = [];
    let crashes = 0;
    let slowest = 0;

    // Act: one fresh world per boundary.
    for (let at = 1; at <= clean.boundaries.length; at += 1) {
      const run = await refreshWithCrash(instances, strategy, settings, { at, when });
      if (run.crashedAt !== undefined) crashes += 1;
      slowest = Math.max(slowest, run.minutes);
      const found = differences(clean, run, { at, when });
      if (found.length > 0) failures.push(`crash ${run.crashedAt ?? `#${at} (never reached)`}: ${found.join('; ')}`);
    }

    // Assess: every boundary was reached, and every run ended like the clean one.
    console.log(
      `${strategy}, ${instances} instance(s): ${crashes} runs with the process dying ${when} a boundary's effect; ${failures.length} differ from the clean run; ` +
        `the slowest took ${slowest.toFixed(0)} virtual minutes (clean: ${clean.minutes.toFixed(0)})`,
    );
    expect(failures).toEqual([]);
    expect(crashes).toBe(clean.boundaries.length);
  }, 600_000);
});
