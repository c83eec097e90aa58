import type { DispatchResult } from '../engine/dispatcher';
import type { RdsEvent } from '../events/schema';
import type { HandlerContext } from '../handler';
import type { VirtualClock } from './virtual-clock';
import type { LocalScheduler } from './local-scheduler';

/** Something that emits RDS events as virtual time passes (the simulated Aurora). */
export interface RdsEventSource {
  /** When the next event will be emitted, if any is pending. */
  nextEventAt(): Date | undefined;
  /** Removes and returns the events emitted up to `until`. Lost events (a fault) are simply absent. */
  takeEventsUntil(until: Date): RdsEvent[];
}

/** One invocation of the handler during a drive. */
export interface InvocationRecord {
  at: Date;
  trigger: 'start' | 'schedule' | 'rds-event' | 'command';
  event: unknown;
  result?: DispatchResult;
  error?: Error;
}

export interface DriveOptions {
  handler: (event: unknown, context: HandlerContext) => Promise<DispatchResult>;
  clock: VirtualClock;
  scheduler: LocalScheduler;
  events?: RdsEventSource;
  /** Milliseconds each invocation believes it has left (Lambda's budget); default 15 minutes. */
  remainingTimeMs?: () => number;
  /** Stop after this many invocations (a guard against a loop); default 2000. */
  maxInvocations?: number;
  /** True once the operation is finished; checked after each invocation. */
  isFinished: () => Promise<boolean>;
  onInvocation?: (record: InvocationRecord) => void | Promise<void>;
}

/**
 * Runs an operation to its end in virtual time: invoke the handler with the first event, then
 * repeatedly jump the clock to whichever comes first — the next due schedule or the next RDS
 * event — and deliver it, exactly as EventBridge would in AWS.
 */
export async function driveOperation(firstEvent: unknown, options: DriveOptions): Promise<InvocationRecord[]> {
  const records: InvocationRecord[] = [];
  const maxInvocations = options.maxInvocations ?? 2000;
  let requestNumber = 0;
  const context = (): HandlerContext => ({
    awsRequestId: `local-${(requestNumber += 1)}`,
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:aurora-restore-local-dispatcher',
    getRemainingTimeInMillis: options.remainingTimeMs ?? (() => 900_000),
  });
  const invoke = async (trigger: InvocationRecord['trigger'], event: unknown): Promise<void> => {
    const record: InvocationRecord = { at: options.clock.now(), trigger, event };
    try {
      record.result = await options.handler(event, context());
    } catch (error) {
      record.error = error instanceof Error ? error : new Error(String(error));
    }
    records.push(record);
    await options.onInvocation?.(record);
  };

  await invoke(isCommand(firstEvent) ? 'command' : 'start', firstEvent);
  while (records.length < maxInvocations && !(await options.isFinished())) {
    const nextEntry = options.scheduler.peek();
    const nextEvent = options.events?.nextEventAt();
    if (nextEntry === undefined && nextEvent === undefined) break;
    if (nextEvent !== undefined && (nextEntry === undefined || nextEvent.getTime() < nextEntry.at.getTime())) {
      options.clock.advanceTo(nextEvent);
      for (const event of options.events?.takeEventsUntil(options.clock.now()) ?? []) {
        await invoke('rds-event', event);
      }
      continue;
    }
    const entry = options.scheduler.takeNext();
    if (entry === undefined) break;
    options.clock.advanceTo(entry.at);
    await invoke('schedule', entry.payload);
  }
  return records;
}

function isCommand(event: unknown): boolean {
  return typeof event === 'object' && event !== null && 'command' in event;
}
