import { VersionConflictError } from '../errors';
import type { CommandEvent, ContinuationEvent, StartEvent } from '../events/schema';
import { createCommands } from './commands';
import type { DispatchResult, InvocationContext } from './dispatch-result';
import { createExternalEvents } from './external-events';
import { isClaimed } from './operation-transitions';
import { createRunLoop, type RunLoopDependencies } from './run-loop';
import { createStarter } from './start-operation';
import { summarize } from '../store/operation';

export type { DispatchResult, InvocationContext } from './dispatch-result';

/** The events the engine handles, already validated at the edge. */
export type EngineEvent =
  | { kind: 'start'; event: StartEvent }
  | { kind: 'continuation'; event: ContinuationEvent }
  | { kind: 'command'; event: CommandEvent }
  /** An event from outside (e.g. RDS through EventBridge), routed by the pipeline's event router. */
  | { kind: 'external'; event: unknown };

export type DispatcherOptions = RunLoopDependencies;

/**
 * The engine's entry: starts, continuations, commands and external events, each over the one run
 * loop. A lost race (another invocation saved first) is a logged no-op, never an error.
 */
export function createDispatcher(deps: DispatcherOptions) {
  const loop = createRunLoop(deps);
  const start = createStarter(deps, loop);
  const command = createCommands(deps, loop);
  const external = createExternalEvents(deps, loop);
  const { store, clock, logger } = deps.ports;

  async function continuation(event: ContinuationEvent, invocation: InvocationContext): Promise<DispatchResult> {
    const operation = await store.get(event.operationId);
    if (operation === undefined) {
      logger.warn('continuation for an unknown operation ignored', { operationId: event.operationId, step: event.step });
      return { result: 'ignored', reason: `operation ${event.operationId} does not exist`, operationId: event.operationId };
    }
    const stale =
      operation.status !== 'RUNNING'
        ? `operation is ${operation.status}`
        : operation.step !== event.step
          ? `operation is at step ${operation.step}, not ${event.step}`
          : operation.token !== event.token
            ? 'token does not match the stored state (duplicate or superseded delivery)'
            : isClaimed(operation, clock.now())
              ? 'another invocation is running this step (duplicate delivery)'
              : undefined;
    if (stale !== undefined) {
      // The lock is released after the final save: if the invocation died in between, this
      // retry (Lambda's, or a duplicate) is the only one left to release it.
      if (operation.status !== 'RUNNING') await store.releaseLock(operation.target, operation.operationId);
      loop.loggerFor(operation).info('stale or duplicate event ignored', { eventStep: event.step, reason: stale });
      return { result: 'ignored', reason: stale, operationId: operation.operationId };
    }
    return { result: 'ran', operation: summarize(await loop.run(operation, invocation)) };
  }

  async function route(parsed: EngineEvent, invocation: InvocationContext): Promise<DispatchResult> {
    switch (parsed.kind) {
      case 'start':
        return start(parsed.event, invocation);
      case 'continuation':
        return continuation(parsed.event, invocation);
      case 'command':
        return command(parsed.event, invocation);
      case 'external':
        return external(parsed.event, invocation);
      default: {
        const unreachable: never = parsed;
        throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
      }
    }
  }

  return {
    /** Handles one parsed event; metrics are flushed by the caller once per invocation. */
    async handle(parsed: EngineEvent, invocation: InvocationContext): Promise<DispatchResult> {
      try {
        return await route(parsed, invocation);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        logger.warn('another invocation changed the operation first; this one stops', { operationId: error.operationId, error });
        return { result: 'ignored', reason: error.message, ...(error.operationId !== undefined ? { operationId: error.operationId } : {}) };
      }
    },
  };
}

/** The dispatcher's public face. */
export type Dispatcher = ReturnType<typeof createDispatcher>;
