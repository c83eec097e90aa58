import { InvalidInputError, OperationNotFoundError } from '../errors';
import type { CommandEvent } from '../events/schema';
import type { Logger } from '../observability/logger';
import type { Ports } from '../ports';
import { summarize, type Operation } from '../store/operation';
import type { DispatchResult, InvocationContext } from './dispatch-result';
import type { EngineConfig } from './engine-config';
import { finished, resumed } from './operation-transitions';

/** What the commands need from the dispatcher: its ports, and running an operation's steps. */
export interface CommandDependencies {
  ports: Ports;
  config: EngineConfig;
  loggerFor(operation: Operation): Logger;
  /** Runs the operation's steps, as a continuation would, turning a lost race into a no-op. */
  runGuarded(operationId: string, body: () => Promise<Operation>): Promise<DispatchResult>;
  run(operation: Operation, context: InvocationContext): Promise<Operation>;
  /** Schedules a prompt continuation of a running operation at its current step and token. */
  reschedule(operation: Operation): Promise<Operation>;
}

/** How long past its due check (or, with none due, since its last write) a RUNNING operation counts as stuck. */
export const STUCK_AFTER_MS = 20 * 60_000;
/** At most this many operations are rescued per sweep, keeping the invocation short. */
const MAX_RESCUES_PER_SWEEP = 25;

/**
 * True when nothing will move the operation on: its check is long overdue (Scheduler retries for
 * at most an hour, but a schedule that never got created never fires), or it has no check due and
 * no invocation has written it for longer than any invocation can last.
 */
export function isStuck(operation: Operation, now: Date): boolean {
  if (operation.status !== 'RUNNING') return false;
  const reference = operation.nextCheckAt ?? operation.updatedAt;
  return now.getTime() - Date.parse(reference) > STUCK_AFTER_MS;
}

/**
 * A person's commands about operations: `status` and `list` read; `cancel` stops a running
 * operation (its pending schedule deleted, its lock released); `resume` runs a failed or cancelled
 * one again from its step, once the cause is fixed.
 */
export function createCommandHandler(deps: CommandDependencies) {
  const { ports, config } = deps;
  const { store } = ports;

  async function load(operationId: string): Promise<Operation> {
    const operation = await store.get(operationId);
    if (operation === undefined) throw new OperationNotFoundError(operationId);
    return operation;
  }

  async function cancel(operation: Operation): Promise<DispatchResult> {
    if (operation.status !== 'RUNNING') {
      throw new InvalidInputError(`Operation ${operation.operationId} is ${operation.status}; only a RUNNING operation can be cancelled.`, ['operationId: not running'], {
        operationId: operation.operationId,
      });
    }
    const saved = await store.save(finished(operation, 'CANCELLED', ports.clock.now(), config.operationTtlDays), operation.version);
    if (operation.scheduleName !== undefined) await ports.scheduler.cancel(operation.scheduleName);
    await store.releaseLock(operation.target, operation.operationId);
    deps.loggerFor(operation).warn('operation cancelled; RDS work already started (a copy, a restore) goes on in AWS');
    ports.metrics.add({ name: 'OperationCancelled', value: 1, unit: 'Count', dimensions: { Target: operation.target } });
    return { result: 'ran', operation: summarize(saved) };
  }

  async function resume(operation: Operation, context: InvocationContext): Promise<DispatchResult> {
    if (operation.status !== 'FAILED' && operation.status !== 'CANCELLED') {
      throw new InvalidInputError(`Operation ${operation.operationId} is ${operation.status}; only a FAILED or CANCELLED operation can be resumed.`, ['operationId: not resumable'], {
        operationId: operation.operationId,
      });
    }
    await store.acquireLock(operation.target, operation.operationId, ports.clock.now());
    const next = resumed(operation, ports.clock.now());
    deps.loggerFor(operation).info('operation resumed', { attempt: next.stepRuns[operation.step]?.attempts });
    // A concurrent resume of the same operation that saves first owns the run; the lock is the
    // operation's either way, so it is not released on a lost race.
    return deps.runGuarded(operation.operationId, async () => deps.run(await store.save(next, operation.version), context));
  }

  async function sweep(): Promise<DispatchResult> {
    const now = ports.clock.now();
    const running = await store.listRunning();
    const rescued: string[] = [];
    for (const operation of running.filter((candidate) => isStuck(candidate, now)).slice(0, MAX_RESCUES_PER_SWEEP)) {
      try {
        await deps.reschedule(operation);
        rescued.push(operation.operationId);
        deps.loggerFor(operation).warn('stuck operation rescheduled', { nextCheckAt: operation.nextCheckAt, updatedAt: operation.updatedAt });
        ports.metrics.add({ name: 'OperationRescued', value: 1, unit: 'Count', dimensions: { Step: operation.step } });
      } catch (error) {
        // One operation that cannot be rescued (e.g. a lost race) must not stop the others.
        deps.loggerFor(operation).error('stuck operation could not be rescheduled', { error });
      }
    }
    return { result: 'swept', running: running.length, rescued };
  }

  return async (event: CommandEvent, context: InvocationContext): Promise<DispatchResult> => {
    switch (event.command) {
      case 'status': {
        const operation = await load(event.operationId);
        return { result: 'status', operation: summarize(operation), facts: operation.facts, stepRuns: operation.stepRuns };
      }
      case 'list':
        return { result: 'list', operations: await store.listByTarget(event.target.toLowerCase(), event.limit) };
      case 'sweep':
        return sweep();
      case 'cancel':
        return cancel(await load(event.operationId));
      case 'resume':
        return resume(await load(event.operationId), context);
      default: {
        const unreachable: never = event;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  };
}
