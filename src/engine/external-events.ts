import { VersionConflictError } from '../errors';
import { summarize, type Operation, type WaitingOn } from '../store/operation';
import type { DispatchResult, InvocationContext } from './dispatch-result';
import { isClaimed } from './operation-transitions';
import { saveWithRetry } from './retry-on-conflict';
import type { RunLoop, RunLoopDependencies } from './run-loop';

const sameResource = (a: WaitingOn, b: WaitingOn): boolean => a.kind === b.kind && a.id === b.id;

/** The operation an event wakes, and what it says about which resource. */
interface Match {
  operation: Operation;
  resource: WaitingOn;
  completesResource: boolean;
}

/** At most this many of a target's newest operations are read when the lock's holder is not the one an event is about. */
const RELEASED_CANDIDATES = 10;

/**
 * A running operation of the target that released it (so the lock no longer names it) and lists the
 * resource in its wait: e.g. a swap deleting its retired cluster while a newer refresh holds the
 * target. Only an explicit `waitingOn` matches, never "owns the resource" by name: what is the
 * holder's own must not wake another operation, nor the other way round. Polling stays the safety net.
 */
async function releasedWaitingOn(deps: RunLoopDependencies, target: string, resource: WaitingOn, holderId: string | undefined): Promise<Operation | undefined> {
  const { store } = deps.ports;
  const candidates = (await store.listByTarget(target, RELEASED_CANDIDATES)).filter(
    (summary) => summary.status === 'RUNNING' && summary.targetReleasedAt !== undefined && summary.operationId !== holderId,
  );
  for (const candidate of candidates) {
    const operation = await store.get(candidate.operationId);
    if (operation?.status === 'RUNNING' && operation.targetReleasedAt !== undefined && (operation.waitingOn?.some((ref) => sameResource(ref, resource)) ?? false)) return operation;
  }
  return undefined;
}

/** The running operation the event should wake, or why none. */
async function find(deps: RunLoopDependencies, event: unknown): Promise<Match | { ignored: string }> {
  const { store } = deps.ports;
  const router = deps.pipeline.events;
  const location = await router.locate(event);
  if ('ignored' in location) return location;
  const lock = await store.getLock(location.target);
  const holder = lock === undefined ? undefined : await store.get(lock.holderOperationId);
  const { kind, id } = location.resource;
  // A finished holder whose release died with its invocation: the event's retry releases it.
  if (holder !== undefined && holder.status !== 'RUNNING') await store.releaseLock(holder.target, holder.operationId);
  const running = holder?.status === 'RUNNING' ? holder : undefined;
  if (running !== undefined) {
    const listed = running.waitingOn?.some((ref) => sameResource(ref, location.resource)) ?? false;
    // An event may arrive before the wait that names the resource is saved.
    const own = router.ownsResource(running, location.resource) && deps.pipeline.steps[running.step].wakesOnEvents === true;
    if (listed || own) return { operation: running, resource: location.resource, completesResource: location.completesResource };
  }
  const released = await releasedWaitingOn(deps, location.target, location.resource, running?.operationId);
  if (released !== undefined) return { operation: released, resource: location.resource, completesResource: location.completesResource };
  if (running === undefined) return { ignored: `no running operation holds ${kind} ${id}` };
  return { ignored: `operation ${running.operationId} is not waiting on ${kind} ${id} (step ${running.step})` };
}

/** Others of the resource's kind the operation still awaits, when the event reports this one done. */
function othersAwaited({ operation, resource, completesResource }: Match): WaitingOn[] {
  if (!completesResource) return [];
  const sameKind = (operation.waitingOn ?? []).filter((ref) => ref.kind === resource.kind);
  return sameKind.some((ref) => sameResource(ref, resource)) ? sameKind.filter((ref) => !sameResource(ref, resource)) : [];
}

/** Notes that one of several awaited resources is done; the check runs when the last reports. */
async function note(deps: RunLoopDependencies, loop: RunLoop, { operation, resource }: Match, others: WaitingOn[]): Promise<DispatchResult> {
  const { store, clock } = deps.ports;
  await saveWithRetry(
    store,
    operation.operationId,
    (current) =>
      // A check in progress observes the instances itself; noting now would discard its outcome.
      current.status !== 'RUNNING' || current.token !== operation.token || isClaimed(current, clock.now())
        ? undefined
        : { ...current, waitingOn: (current.waitingOn ?? []).filter((ref) => !sameResource(ref, resource)), updatedAt: clock.now().toISOString() },
    operation,
  );
  const reason = `${resource.kind} ${resource.id} is ready; still waiting for ${others.map((ref) => ref.id).join(', ')}`;
  loop.loggerFor(operation).info('external event noted', { reason });
  return { result: 'noted', reason, operationId: operation.operationId };
}

/** Runs the waiting check now, and deletes the schedule it supersedes. */
async function wake(deps: RunLoopDependencies, loop: RunLoop, operation: Operation, invocation: InvocationContext, description: string): Promise<DispatchResult> {
  const { clock, scheduler, logger } = deps.ports;
  if (isClaimed(operation, clock.now())) {
    return { result: 'ignored', reason: `operation ${operation.operationId} is being run by another invocation`, operationId: operation.operationId };
  }
  loop.loggerFor(operation).info('external event wakes the operation', { event: description });
  const result = await loop.run(operation, invocation);
  // The pending schedule is superseded by the token either way; deleting it saves an invocation.
  if (operation.scheduleName !== undefined && operation.scheduleName !== result.scheduleName) {
    await scheduler.cancel(operation.scheduleName).catch((error: unknown) => logger.warn('superseded schedule not deleted', { error }));
  }
  return { result: 'ran', operation: summarize(result) };
}

/**
 * External events (RDS events through EventBridge) wake the operation waiting on their resource at
 * once — the one the target's lock names, or one that released the target and still waits on that
 * very resource; polling stays the safety net. A duplicate delivery (same id) is dropped; an event about one
 * of several awaited resources of a kind is only noted, and one check runs when the last reports.
 */
export function createExternalEvents(deps: RunLoopDependencies, loop: RunLoop) {
  const { store, clock, logger } = deps.ports;
  const router = deps.pipeline.events;

  return async function handleExternalEvent(event: unknown, invocation: InvocationContext): Promise<DispatchResult> {
    const deliveryId = router.deliveryId(event);
    if (deliveryId !== undefined && (await store.wasEventHandled(deliveryId))) {
      logger.info('duplicate event ignored', { eventId: deliveryId, event: router.describe(event) });
      return { result: 'ignored', reason: `event ${deliveryId} was already handled` };
    }
    const match = await find(deps, event);
    if ('ignored' in match) {
      logger.info('event matches no waiting operation', { event: router.describe(event), reason: match.ignored });
      return { result: 'ignored', reason: match.ignored };
    }
    const others = othersAwaited(match);
    let result: DispatchResult;
    try {
      result = others.length > 0 ? await note(deps, loop, match, others) : await wake(deps, loop, match.operation, invocation, router.describe(event));
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      result = { result: 'ignored', reason: 'another invocation moved the operation on first', operationId: match.operation.operationId };
    }
    // Recorded only once handled: a failed attempt stays retryable by Lambda.
    if (deliveryId !== undefined) await store.markEventHandled(deliveryId, clock.now());
    return result;
  };
}
