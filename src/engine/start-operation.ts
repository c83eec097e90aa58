import { isDeepStrictEqual } from 'node:util';
import { LockHeldError, OperationExistsError } from '../errors';
import type { StartEvent } from '../events/schema';
import { summarize, type Operation } from '../store/operation';
import type { DispatchResult, InvocationContext } from './dispatch-result';
import { newOperationId } from './identity';
import { newOperation } from './operation-transitions';
import type { RunLoop, RunLoopDependencies } from './run-loop';

/**
 * Starts an operation: the target's lock first, then the operation item, then its steps. A start
 * refused because another operation holds the lock creates nothing, is answered `refused` naming
 * the holder, and is counted as `StartRefused` (it is not a failed refresh). A start delivered twice returns the first one: by
 * its idempotency key, or, without one, because the running holder has the very same request.
 */
export function createStarter(deps: RunLoopDependencies, loop: RunLoop) {
  const { ports, pipeline } = deps;
  const { store, clock, metrics, logger } = ports;

  function alreadyStarted(operationId: string, existing: Operation | undefined): DispatchResult {
    logger.info('start delivered again; the operation already exists', { operationId });
    const reason = `operation ${operationId} already started for this idempotency key`;
    return existing === undefined ? { result: 'ignored', reason, operationId } : { result: 'ignored', reason, operationId, operation: summarize(existing) };
  }

  async function refusedOrDuplicate(event: StartEvent, error: LockHeldError): Promise<DispatchResult> {
    const holder = await store.get(error.holderOperationId);
    if (holder !== undefined && holder.status === 'RUNNING' && isDeepStrictEqual(holder.request, event.request)) {
      logger.info('start delivered again; the same request is already running', { operationId: holder.operationId });
      return { result: 'ignored', reason: `operation ${holder.operationId} is already running this request`, operationId: holder.operationId, operation: summarize(holder) };
    }
    metrics.add({ name: 'StartRefused', value: 1, unit: 'Count', dimensions: { Target: event.request.target.clusterId } });
    logger.warn('start refused: the target is locked', { target: error.target, holderOperationId: error.holderOperationId });
    return { result: 'refused', reason: error.message, error: { name: error.name, message: error.message }, target: error.target, holderOperationId: error.holderOperationId };
  }

  return async function start(event: StartEvent, invocation: InvocationContext): Promise<DispatchResult> {
    const refusal = pipeline.admit(event.request);
    if (refusal !== undefined) throw refusal;
    const at = clock.now();
    const target = event.request.target.clusterId;
    const operationId = newOperationId(at, target, event.idempotencyKey);
    // A start delivered again (same key) is answered before the lock is touched: re-taking it under
    // an operation that has ended would hold the target for good.
    const existing = event.idempotencyKey !== undefined ? await store.get(operationId) : undefined;
    if (existing !== undefined) return alreadyStarted(operationId, existing);
    try {
      await store.acquireLock(target, operationId, at);
    } catch (error) {
      if (error instanceof LockHeldError) return refusedOrDuplicate(event, error);
      throw error;
    }
    const operation = newOperation(event, operationId, pipeline.firstStep, at);
    try {
      await store.create(operation);
    } catch (error) {
      if (error instanceof OperationExistsError && event.idempotencyKey !== undefined) {
        const raced = await store.get(operationId);
        // The other delivery created it; if it has already ended, the lock just re-taken is not its to keep.
        if (raced !== undefined && raced.status !== 'RUNNING') await store.releaseLock(target, operationId);
        return alreadyStarted(operationId, raced);
      }
      throw error;
    }
    loop.loggerFor(operation).info('operation created', { target, dryRun: operation.request.dryRun, requestedBy: operation.request.requestedBy });
    return { result: 'ran', operation: summarize(await loop.run(operation, invocation)) };
  };
}
