import type { Logger } from '../observability/logger';
import type { MetricDatum, MetricsPort } from '../ports/metrics';
import type { Notification, NotifierPort } from '../ports/notifier';
import type { ScheduledCheck, SchedulerPort } from '../ports/scheduler';
import type { OperationStore } from '../store/operation-store';
import type { Operation } from '../store/operation';

/** Something the engine does to the world as a consequence of a transition. */
export type Effect =
  | { type: 'schedule'; check: ScheduledCheck }
  | { type: 'publish'; id: string; notification: Notification }
  | { type: 'release-lock' }
  /** Undo what is the operation's own and now useless (the pipeline decides what), after a failure. */
  | { type: 'compensate' }
  | { type: 'metric'; datum: MetricDatum }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> };

/**
 * The next state of an operation and what to do around its save. `before` effects (a schedule, a
 * notification) happen first: if one fails, nothing is saved and a retry repeats the step, whose
 * effects are idempotent. `after` effects (the lock release, metrics, logs) follow a save that landed.
 */
export interface Transition {
  operation: Operation;
  before: Effect[];
  after: Effect[];
  /** Run the operation's (new) current step in this invocation; it is already claimed. */
  chain: boolean;
}

/** The engine's own ports: everything a step may not touch. */
export interface EffectPorts {
  store: OperationStore;
  scheduler: SchedulerPort;
  notifier: NotifierPort;
  metrics: MetricsPort;
}

/** How effects reach the pipeline's compensation; without one, a compensate effect does nothing. */
export interface EffectContext {
  compensate?: (operation: Operation) => Promise<string[]>;
}

/** A notification the engine published, for the operation's record. */
export interface Published {
  id: string;
  messageId: string;
}

/** What performing effects produced that the operation's record keeps. */
export interface EffectResults {
  published: Published[];
  /** What a compensation undid, in words. */
  undone: string[];
}

/**
 * Performs effects in order. A notification that cannot be sent is logged and counted, never
 * thrown: the operation's end is saved either way, and a lost message must not hide it.
 */
export async function performEffects(effects: readonly Effect[], operation: Operation, ports: EffectPorts, log: Logger, context: EffectContext = {}): Promise<EffectResults> {
  const published: Published[] = [];
  const undone: string[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case 'schedule':
        await ports.scheduler.schedule(effect.check);
        break;
      case 'publish':
        try {
          published.push({ id: effect.id, messageId: await ports.notifier.publish(effect.notification) });
          log.info('notification published', { notificationId: effect.id, topicArn: effect.notification.topicArn });
        } catch (error) {
          log.error('notification could not be sent', { notificationId: effect.id, error });
          ports.metrics.add({ name: 'NotificationFailed', value: 1, unit: 'Count', dimensions: { Target: operation.target } });
        }
        break;
      case 'release-lock':
        await ports.store.releaseLock(operation.target, operation.operationId);
        break;
      case 'compensate':
        try {
          const done = (await context.compensate?.(operation)) ?? [];
          undone.push(...done);
          if (done.length > 0) log.warn('undid what the failed operation left behind', { done });
        } catch (error) {
          log.error('could not undo what the failed operation left behind', { error });
        }
        break;
      case 'metric':
        ports.metrics.add(effect.datum);
        break;
      case 'log':
        log[effect.level](effect.message, effect.fields);
        break;
      default: {
        const unreachable: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return { published, undone };
}

/**
 * The operation with what the effects produced recorded: the notifications just published (so a
 * repeated delivery does not send them again) and what a compensation undid.
 */
export function recordResults(operation: Operation, results: EffectResults, at: Date): Operation {
  const { published, undone } = results;
  const sent = [...(operation.notificationsSent ?? []), ...published.map((p) => ({ id: p.id, messageId: p.messageId, at: at.toISOString() }))];
  return {
    ...operation,
    ...(published.length > 0 ? { notificationsSent: sent.slice(-50) } : {}),
    ...(undone.length > 0 ? { facts: { ...operation.facts, undoneAfterFailure: [...(operation.facts.undoneAfterFailure ?? []), ...undone].slice(-20) } } : {}),
  };
}
