import { InvalidInputError, LockHeldError, OperationNotFoundError } from '../errors';
import type { CommandEvent } from '../events/schema';
import { summarize, type Operation } from '../store/operation';
import { notify, rescheduledTransition } from './apply-outcome';
import type { DispatchResult, InvocationContext } from './dispatch-result';
import { performEffects, recordResults } from './effects';
import { finished, isClaimed, redirected, resumed } from './operation-transitions';
import { saveWithRetry } from './retry-on-conflict';
import type { RunLoop, RunLoopDependencies } from './run-loop';

/** How long past its due check (or, with none due, since its last write) a RUNNING operation counts as stuck. */
export const STUCK_AFTER_MS = 20 * 60_000;
/** At most this many operations are rescued per sweep, keeping the invocation short. */
const MAX_RESCUES_PER_SWEEP = 25;

/**
 * True when nothing will move the operation on: its check is long overdue (Scheduler retries for
 * at most an hour, but a schedule that never got created never fires), it has no check due and no
 * invocation has written it for longer than any invocation can last, or its claimant died.
 */
export function isStuck(operation: Operation, now: Date): boolean {
  if (operation.status !== 'RUNNING') return false;
  if (isClaimed(operation, now)) return false;
  if (operation.claim !== undefined) return true;
  const reference = operation.nextCheckAt ?? operation.updatedAt;
  return now.getTime() - Date.parse(reference) > STUCK_AFTER_MS;
}

function stepInProgress(operation: Operation): InvalidInputError {
  return new InvalidInputError(
    `Operation ${operation.operationId} is running step ${operation.step} right now; it ends within minutes (a step never outlives its invocation). Cancel again then.`,
    ['operationId: a step is in progress'],
    { operationId: operation.operationId },
  );
}

function notResumable(operation: Operation, verb: 'cancelled' | 'resumed', allowed: string): InvalidInputError {
  return new InvalidInputError(`Operation ${operation.operationId} is ${operation.status}; only ${allowed} operation can be ${verb}.`, [`operationId: operation is ${operation.status}`], {
    operationId: operation.operationId,
  });
}

/** What every command works with: the engine's dependencies and its run loop. */
interface CommandScope {
  deps: RunLoopDependencies;
  loop: RunLoop;
}

async function load({ deps }: CommandScope, operationId: string): Promise<Operation> {
  const operation = await deps.ports.store.get(operationId);
  if (operation === undefined) throw new OperationNotFoundError(operationId);
  return operation;
}

async function cancel(scope: CommandScope, operationId: string): Promise<DispatchResult> {
  const { deps, loop } = scope;
  const { ports, config, pipeline } = deps;
  const { store, clock } = ports;
  const now = clock.now();
  let pendingSchedule: string | undefined;
  const cancelled = await saveWithRetry(store, operationId, (current) => {
    if (current.status === 'CANCELLED') return undefined;
    if (current.status !== 'RUNNING') throw notResumable(current, 'cancelled', 'a RUNNING');
    // A step in progress (an RDS delete, a script) must not go on after the cancel returned.
    if (isClaimed(current, now)) throw stepInProgress(current);
    pendingSchedule = current.scheduleName;
    return finished(current, 'CANCELLED', now, config.operationTtlDays);
  });
  if (cancelled === undefined) {
    // Delivered again (or retried after dying half-way): the lock must not stay held; the rest
    // belongs to the delivery that cancelled, so a racing duplicate neither undoes nor notifies twice.
    const already = await load(scope, operationId);
    await store.releaseLock(already.target, already.operationId);
    return { result: 'ran', operation: summarize(already) };
  }
  const saved = cancelled;
  const log = loop.loggerFor(saved);
  if (pendingSchedule !== undefined) await ports.scheduler.cancel(pendingSchedule);
  // Like a failure: what is the operation's own and now useless is undone (protection switched back
  // on) before the lock lets another operation near the target. After the target was released the
  // result is delivered: nothing is undone, and the conditional release leaves another holder's lock.
  const undo = saved.targetReleasedAt === undefined ? [{ type: 'compensate' as const }] : [];
  const effects = [...undo, ...(saved.request.notification.onFailure ? notify(saved, pipeline.notifications.cancelled(saved)) : [])];
  const results = await performEffects(effects, saved, ports, log, { compensate: (operation) => pipeline.compensate(operation, ports, log) });
  await store.releaseLock(saved.target, saved.operationId);
  const recorded = results.published.length > 0 || results.undone.length > 0 ? await saveWithRetry(store, operationId, (current) => recordResults(current, results, clock.now())) : saved;
  log.warn('operation cancelled; RDS work already started (a copy, a restore) goes on in AWS');
  ports.metrics.add({ name: 'OperationCancelled', value: 1, unit: 'Count', dimensions: { Target: saved.target } });
  return { result: 'ran', operation: summarize(recorded ?? saved) };
}

async function resume(scope: CommandScope, operationId: string, invocation: InvocationContext): Promise<DispatchResult> {
  const { deps, loop } = scope;
  const { store, clock } = deps.ports;
  const operation = await load(scope, operationId);
  if (operation.status !== 'FAILED' && operation.status !== 'CANCELLED') throw notResumable(operation, 'resumed', 'a FAILED or CANCELLED');
  // RUNNING first, then the lock: a lock held by a FAILED operation would count as abandoned.
  const next = await store.save(resumed(operation, clock.now()), operation.version);
  // One that released its target only tidies up: it takes no lock, and another may hold it now.
  if (next.targetReleasedAt !== undefined) {
    loop.loggerFor(next).info('operation resumed (its target was released: it only tidies up)', { attempt: next.stepRuns[next.step]?.attempts });
    return { result: 'ran', operation: summarize(await loop.run(next, invocation)) };
  }
  try {
    await store.acquireLock(operation.target, operation.operationId, clock.now());
  } catch (error) {
    // Back as it was: still resumable once the other operation is done.
    await store.save(operation, next.version).catch(() => undefined);
    throw error;
  }
  loop.loggerFor(next).info('operation resumed', { attempt: next.stepRuns[next.step]?.attempts });
  return { result: 'ran', operation: summarize(await loop.run(next, invocation)) };
}

/** Takes the target's lock again for a rollback, or refuses naming the operation that holds it. */
async function retakeLock({ deps }: CommandScope, operation: Operation, now: Date): Promise<void> {
  try {
    await deps.ports.store.acquireLock(operation.target, operation.operationId, now);
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error;
    const holder = error.holderOperationId;
    throw new InvalidInputError(
      `Operation ${operation.operationId} cannot be rolled back: target ${operation.target} is held by operation ${holder} now (a newer refresh or another command on it); ` +
        `nothing was changed. Wait for ${holder} to end, then check which cluster answers to ${operation.target} before rolling anything back.`,
      [`operationId: target ${operation.target} is locked by operation ${holder}`],
      { operationId: operation.operationId, cause: error },
    );
  }
}

/**
 * Sends the operation to the step the pipeline names for a rollback, and runs it. Refused while an
 * invocation runs its step (try again in a minute) and wherever the pipeline refuses.
 */
async function rollback(scope: CommandScope, operationId: string, invocation: InvocationContext): Promise<DispatchResult> {
  const { deps, loop } = scope;
  const { ports, pipeline } = deps;
  const { store, clock } = ports;
  const operation = await load(scope, operationId);
  const now = clock.now();
  const decision = await pipeline.rollback(operation, now, ports);
  if ('refused' in decision) {
    throw new InvalidInputError(`Operation ${operationId} cannot be rolled back: ${decision.refused}`, [`operationId: ${decision.refused}`], { operationId });
  }
  if (isClaimed(operation, now)) {
    throw new InvalidInputError(`Operation ${operationId} is running its step ${operation.step} right now; send the rollback again in a minute.`, ['operationId: a step is running'], { operationId });
  }
  // An operation that ended, or released its target, no longer holds it: it takes it again, or is
  // refused while another operation (a newer refresh of the target) holds it.
  const retakes = operation.status !== 'RUNNING' || operation.targetReleasedAt !== undefined;
  if (retakes) await retakeLock(scope, operation, now);
  let next: Operation;
  try {
    next = await store.save(redirected(operation, decision.step, decision.facts, now), operation.version);
  } catch (error) {
    // Nothing was redirected: the lock goes back to whoever may take it.
    if (retakes) await store.releaseLock(operation.target, operation.operationId).catch(() => undefined);
    throw error;
  }
  // After the save: the schedule's token is stale now, so if it fires first it is a no-op anyway.
  if (operation.status === 'RUNNING' && operation.scheduleName !== undefined) await ports.scheduler.cancel(operation.scheduleName);
  loop.loggerFor(next).warn('rollback requested', { from: operation.step, to: decision.step });
  return { result: 'ran', operation: summarize(await loop.run(next, invocation)) };
}

/** Emits the age of the oldest running step per step name: the alarm fires while a step still runs. */
function reportRunningStepAges({ deps }: CommandScope, running: Operation[], now: Date): void {
  const { ports } = deps;
  const oldest = new Map<string, number>();
  for (const operation of running) {
    const started = operation.stepRuns[operation.step]?.startedAt;
    if (started === undefined) continue;
    const age = (now.getTime() - Date.parse(started)) / 1000;
    oldest.set(operation.step, Math.max(age, oldest.get(operation.step) ?? 0));
  }
  for (const [step, seconds] of oldest) ports.metrics.add({ name: 'RunningStepAge', value: seconds, unit: 'Seconds', dimensions: { Step: step } });
}

async function sweep(scope: CommandScope): Promise<DispatchResult> {
  const { deps, loop } = scope;
  const { ports, config, pipeline } = deps;
  const { store, clock } = ports;
  const now = clock.now();
  const running = await store.listRunning();
  reportRunningStepAges(scope, running, now);
  const rescued: string[] = [];
  for (const candidate of running.filter((operation) => isStuck(operation, now)).slice(0, MAX_RESCUES_PER_SWEEP)) {
    const log = loop.loggerFor(candidate);
    try {
      let effects: Parameters<typeof performEffects>[0] = [];
      const saved = await saveWithRetry(
        store,
        candidate.operationId,
        (current) => {
          if (!isStuck(current, clock.now())) return undefined;
          const rescue = rescheduledTransition(current, { now: clock.now(), mayChain: false, claimUntil: clock.now(), config, pipeline });
          effects = rescue.before;
          return rescue.operation;
        },
        candidate,
      );
      if (saved === undefined) continue;
      // Scheduled after the save: the saved token is the one the schedule carries, and a crash in
      // between leaves an operation the next sweep finds stuck again.
      await performEffects(effects, saved, ports, log);
      rescued.push(candidate.operationId);
      log.warn('stuck operation rescheduled', { nextCheckAt: saved.nextCheckAt, previousCheckAt: candidate.nextCheckAt, updatedAt: candidate.updatedAt });
      ports.metrics.add({ name: 'OperationRescued', value: 1, unit: 'Count', dimensions: { Step: candidate.step } });
    } catch (error) {
      // One operation that cannot be rescued must not stop the others.
      log.error('stuck operation could not be rescheduled', { error });
    }
  }
  return { result: 'swept', running: running.length, tidyingUp: running.filter((operation) => operation.targetReleasedAt !== undefined).length, rescued };
}

/**
 * A person's commands about operations: `status` and `list` read; `cancel` stops a running
 * operation (its pending schedule deleted, its lock released, a CANCELLED notification sent);
 * `resume` runs a failed or cancelled one again from its step; `rollback` sends it to the step the
 * pipeline names for undoing its work; `sweep` rescues stuck operations
 * and reports the age of every running step.
 */
export function createCommands(deps: RunLoopDependencies, loop: RunLoop) {
  const scope: CommandScope = { deps, loop };
  return async function handleCommand(event: CommandEvent, invocation: InvocationContext): Promise<DispatchResult> {
    switch (event.command) {
      case 'status': {
        const operation = await load(scope, event.operationId);
        return { result: 'status', operation: summarize(operation), facts: operation.facts, stepRuns: operation.stepRuns };
      }
      case 'list':
        return { result: 'list', operations: await deps.ports.store.listByTarget(event.target.toLowerCase(), event.limit) };
      case 'sweep':
        return sweep(scope);
      case 'cancel':
        return cancel(scope, event.operationId);
      case 'resume':
        return resume(scope, event.operationId, invocation);
      case 'rollback':
        return rollback(scope, event.operationId, invocation);
      default: {
        const unreachable: never = event;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  };
}
