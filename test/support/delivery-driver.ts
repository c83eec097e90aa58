import type { DispatchResult } from '../../src/engine/dispatch-result';
import type { HandlerContext } from '../../src/handler';
import type { LocalRuntime } from '../../src/local/local-runtime';
import { SeededRandom } from '../../src/simulation/seeded-random';

/** How each event is delivered besides once: Scheduler, EventBridge and Lambda async all deliver at least once. */
export type Duplication = 'none' | 'sequential' | 'concurrent' | 'shuffled';

/** One invocation of the handler. */
export interface Delivery {
  at: Date;
  trigger: 'first' | 'schedule' | 'rds-event' | 'sweep' | 'lambda-retry' | 'late-duplicate';
  event: unknown;
  result?: DispatchResult;
  error?: Error;
}

export interface DeliveryOptions {
  /** Events the run starts with (e.g. one start, or 200 at once). */
  first: unknown[];
  duplication?: Duplication;
  /** Seed of the late duplicates' delays (shuffled). */
  seed?: string;
  /** Times Lambda async retries an invocation that threw (AWS: up to 2). */
  lambdaRetries?: number;
  /** Virtual interval of the deployment's sweep schedule. */
  sweepEveryMs?: number;
  /** Due events delivered all at once (Promise.all) rather than one after another. */
  parallel?: boolean;
  /** Called when an invocation has ended, however (a new invocation is a new process). */
  afterInvocation?: () => void;
  /** Guard against a loop. */
  maxInvocations?: number;
}

interface Pending {
  at: Date;
  trigger: Delivery['trigger'];
  event: unknown;
  attempt: number;
}

const MINUTE = 60_000;
/** Lambda async waits about a minute before the first retry and two before the second. */
const RETRY_DELAY_MS = (attempt: number): number => attempt * MINUTE;

/**
 * Drives operations to their end in virtual time as AWS would deliver their events: due schedules
 * and RDS events as they come, a sweep every 15 minutes, each invocation that threw retried up to
 * twice (a minute, then two, later), and — per `duplication` — every event delivered a second time
 * right after, at the same moment, or late and out of order. Ends at a sweep that finds nothing
 * running once nothing else is pending, so late duplicates and stale schedules are all delivered.
 */
export async function deliverUntilQuiet(runtime: LocalRuntime, options: DeliveryOptions): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  const pending: Pending[] = [];
  const duplication = options.duplication ?? 'none';
  const random = new SeededRandom(options.seed ?? 'late-duplicates');
  const retries = options.lambdaRetries ?? 2;
  const sweepEvery = options.sweepEveryMs ?? 15 * MINUTE;
  const maxInvocations = options.maxInvocations ?? 5_000;
  let nextSweep = runtime.clock.now().getTime() + sweepEvery;
  let requests = 0;

  const context = (): HandlerContext => ({
    awsRequestId: `evidence-${(requests += 1)}`,
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:aurora-restore-dispatcher',
    getRemainingTimeInMillis: () => 900_000,
  });

  async function invoke(item: Pending): Promise<Delivery> {
    const delivery: Delivery = { at: runtime.clock.now(), trigger: item.trigger, event: item.event };
    try {
      delivery.result = await runtime.handler(item.event, context());
    } catch (error) {
      delivery.error = error instanceof Error ? error : new Error(String(error));
      if (item.attempt <= retries) {
        pending.push({ at: new Date(runtime.clock.now().getTime() + RETRY_DELAY_MS(item.attempt)), trigger: 'lambda-retry', event: item.event, attempt: item.attempt + 1 });
      }
    } finally {
      options.afterInvocation?.();
    }
    deliveries.push(delivery);
    return delivery;
  }

  async function deliver(item: Pending): Promise<Delivery[]> {
    const original = item.trigger !== 'late-duplicate' && item.trigger !== 'lambda-retry';
    if (!original || duplication === 'none') return [await invoke(item)];
    if (duplication === 'sequential') return [await invoke(item), await invoke(item)];
    if (duplication === 'concurrent') return Promise.all([invoke(item), invoke(item)]);
    // The sweep's own schedule is not replayed late: each sweep would leave one more behind it.
    if (item.trigger !== 'sweep') {
      pending.push({ at: new Date(runtime.clock.now().getTime() + (1 + Math.floor(random.next() * 180)) * MINUTE), trigger: 'late-duplicate', event: item.event, attempt: 1 });
    }
    return [await invoke(item)];
  }

  async function deliverAll(items: Pending[]): Promise<Delivery[]> {
    if (options.parallel === true) return (await Promise.all(items.map(deliver))).flat();
    const out: Delivery[] = [];
    for (const item of items) out.push(...(await deliver(item)));
    return out;
  }

  await deliverAll(options.first.map((event) => ({ at: runtime.clock.now(), trigger: 'first', event, attempt: 1 })));
  while (deliveries.length < maxInvocations) {
    const times = [runtime.scheduler.peek()?.at.getTime(), runtime.simulation.nextEventAt()?.getTime(), ...pending.map((p) => p.at.getTime()), nextSweep].filter(
      (t): t is number => t !== undefined,
    );
    runtime.clock.advanceTo(new Date(Math.min(...times)));
    const now = runtime.clock.now().getTime();
    const due: Pending[] = [];
    for (let entry = runtime.scheduler.peek(); entry !== undefined && entry.at.getTime() <= now; entry = runtime.scheduler.peek()) {
      runtime.scheduler.takeNext();
      due.push({ at: entry.at, trigger: 'schedule', event: entry.payload, attempt: 1 });
    }
    for (const event of runtime.simulation.takeEventsUntil(runtime.clock.now())) due.push({ at: runtime.clock.now(), trigger: 'rds-event', event, attempt: 1 });
    for (const item of pending.filter((p) => p.at.getTime() <= now).sort((a, b) => a.at.getTime() - b.at.getTime())) {
      pending.splice(pending.indexOf(item), 1);
      due.push(item);
    }
    const sweeping = nextSweep <= now;
    if (sweeping) {
      nextSweep += sweepEvery;
      due.push({ at: runtime.clock.now(), trigger: 'sweep', event: { command: 'sweep' }, attempt: 1 });
    }
    const delivered = await deliverAll(due);
    const quiet = runtime.scheduler.pending === 0 && runtime.simulation.nextEventAt() === undefined && pending.length === 0;
    const swept = delivered.filter((d) => d.trigger === 'sweep' && d.result?.result === 'swept');
    if (sweeping && quiet && swept.length > 0 && swept.every((d) => d.result?.result === 'swept' && d.result.running === 0)) break;
  }
  return deliveries;
}
