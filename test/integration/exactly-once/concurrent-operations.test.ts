import { performance } from 'node:perf_hooks';
import type { StoreWrite } from '../../support/counting-store';
import { deliverUntilQuiet } from '../../support/delivery-driver';
import { startExactlyOnceWorld } from '../../support/exactly-once-world';
import { refreshEffects } from '../../support/refresh-effects';
import { secretTraces } from '../../support/secret-scan';

const OPERATIONS = 200;

/** The refresh number a simulated resource belongs to (`staging-17`, `staging-17-1`, `prod-17`, a copy of 17, an ARN). */
function refreshNumberOf(resource: string): string {
  return /(?:staging|prod)-(\d+)/.exec(resource)?.[1] ?? `unattributed ${resource}`;
}

function tally(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

describe(`${OPERATIONS} refreshes of ${OPERATIONS} targets at the same time, one store and one simulated Aurora`, () => {
  it('all succeed with no unhandled error, each with the same number of store writes and RDS calls', async () => {
    // Prepare: every refresh takes exactly as long (no spread), so each does the same work; the
    // account's quotas raised (RDS's defaults allow 5 copies at once, 100 manual snapshots, 40
    // clusters and 40 instances).
    const writes: StoreWrite[] = [];
    const world = await startExactlyOnceWorld({
      storeWrites: writes,
      timings: { spread: 0 },
      quotas: { concurrentCopies: OPERATIONS, manualSnapshots: 3 * OPERATIONS, clusters: 3 * OPERATIONS, instances: 3 * OPERATIONS },
    });
    try {
      const targets = Array.from({ length: OPERATIONS }, (_, index) => world.seedTarget(index + 1));

      // Act: all starts at once, then every due event of all of them at once.
      const started = performance.now();
      const deliveries = await deliverUntilQuiet(world.runtime, { first: targets.map((names) => world.startEvent(names)), parallel: true });
      const wallMs = performance.now() - started;

      // Assess: every refresh did everything, once.
      const effects = await Promise.all(targets.map((names) => refreshEffects(world.runtime, world.database, names)));
      expect(effects.filter((e) => e.status !== 'SUCCEEDED').map((e) => e.status)).toEqual([]);
      expect(new Set(effects.map((e) => JSON.stringify({ scripts: e.scripts, roles: e.roleApplications, notified: e.notifications.length, writes: Object.values(e.rdsWrites), lock: e.lockHeld, claim: e.claimLeft, resources: e.resources })))).toEqual(
        new Set([JSON.stringify({ scripts: { 'mask-customers.sql': 1 }, roles: 1, notified: 1, writes: [1, 1, 1, 1, 1, 1, 1], lock: false, claim: false, resources: { cluster: 'available', instances: ['available'], copy: 'deleted' } })]),
      );
      // …with no error thrown out of the handler and none logged.
      expect(deliveries.filter((d) => d.error !== undefined).map((d) => `${d.error?.name}: ${d.error?.message}`)).toEqual([]);
      expect(world.runtime.logLines.map((line) => JSON.parse(line) as { level: string; message: string }).filter((line) => line.level === 'ERROR' || line.level === 'error')).toEqual([]);

      // …and the same work for each: store writes per operation, RDS calls (and RDS writes) per refresh.
      const storeWrites = tally(writes.filter((w) => w.operationId !== undefined).map((w) => w.operationId as string));
      const eventRecords = writes.filter((w) => w.method === 'markEventHandled').length;
      // Account-wide lookups (the quotas, at preflight) name no refresh: one per refresh.
      const accountCalls = world.runtime.simulation.calls.filter((call) => call.resource === 'account');
      const rdsCalls = tally(world.runtime.simulation.calls.filter((call) => call.resource !== 'account').map((call) => refreshNumberOf(call.resource)));
      const rdsWrites = tally(world.runtime.simulation.writeCalls().map((call) => refreshNumberOf(call.resource)));
      expect(storeWrites.size).toBe(OPERATIONS);
      expect(new Set(storeWrites.values()).size).toBe(1);
      expect(eventRecords % OPERATIONS).toBe(0);
      expect([...rdsCalls.keys()].filter((key) => key.startsWith('unattributed'))).toEqual([]);
      expect(rdsCalls.size).toBe(OPERATIONS);
      expect(accountCalls).toHaveLength(OPERATIONS);
      expect(new Set(rdsCalls.values()).size).toBe(1);
      expect(new Set(rdsWrites.values())).toEqual(new Set([7]));

      // …and no trace of a secret anywhere.
      expect(await secretTraces(world.runtime, deliveries, world.secrets)).toEqual([]);

      const [writesEach] = storeWrites.values();
      const [firstOperation] = storeWrites.keys();
      const byMethod = [...tally(writes.filter((w) => w.operationId === firstOperation).map((w) => w.method))].map(([method, times]) => `${method} ${times}`).join(', ');
      const [callsEach] = rdsCalls.values();
      const callsOfOne = [...tally(world.runtime.simulation.calls.filter((call) => refreshNumberOf(call.resource) === '1').map((call) => call.operation))].map(([operation, times]) => `${operation} ${times}`).join(', ');
      console.log(
        `${OPERATIONS} concurrent refreshes: ${(wallMs / 1000).toFixed(1)} s wall, ${deliveries.length} invocations; per operation ` +
          `${writesEach} store writes on its items (${byMethod}) + ${eventRecords / OPERATIONS} RDS-event records, ${callsEach} RDS calls of which 7 writes (${callsOfOne})`,
      );
    } finally {
      await world.stop();
    }
  }, 600_000);
});
