import { VersionConflictError } from '../errors';
import type { Logger } from '../observability/logger';
import type { Clock } from '../ports/clock';
import type { Operation } from '../store/operation';
import { transition, type TransitionContext } from './apply-outcome';
import type { InvocationContext } from './dispatch-result';
import { performEffects, recordResults, type EffectPorts } from './effects';
import type { EngineConfig } from './engine-config';
import { claimed, withoutClaim } from './operation-transitions';
import type { Pipeline } from './pipeline';
import { runStep } from './run-step';
import type { StepPorts } from './step';

/** Everything the run loop works with. */
export interface RunLoopDependencies {
  ports: EffectPorts & StepPorts & { clock: Clock; logger: Logger };
  config: EngineConfig;
  pipeline: Pipeline<unknown>;
}

/** Beyond the invocation's remaining time, how long a claim outlives a claimant that died without a word. */
const CLAIM_GRACE_MS = 60_000;

/**
 * The run loop: claim the operation's step, run it, apply its outcome (effects around one
 * conditional save), and run the next step inline while the invocation's budgets allow — else it is
 * scheduled. A lost race (another invocation saved first) surfaces as VersionConflictError.
 */
export function createRunLoop(deps: RunLoopDependencies) {
  const { ports, config, pipeline } = deps;

  function loggerFor(operation: Pick<Operation, 'operationId' | 'step'>): Logger {
    return ports.logger.child({ operationId: operation.operationId, step: operation.step });
  }

  function contextFor(invocation: InvocationContext, started: number, inline: number): TransitionContext {
    const now = ports.clock.now();
    // Wall time, not the injected clock: the budget is about this process, which virtual time does not move.
    const mayChain =
      inline + 1 < config.maxInlineSteps && Date.now() - started < config.invocationBudgetMs && invocation.getRemainingTimeInMillis() > config.safetyMarginMs;
    return { now, mayChain, claimUntil: claimExpiry(invocation), config, pipeline };
  }

  function claimExpiry(invocation: InvocationContext): Date {
    return new Date(ports.clock.now().getTime() + invocation.getRemainingTimeInMillis() + CLAIM_GRACE_MS);
  }

  /** Claims the current step with a write conditional on the version read: of two deliveries, one wins. */
  async function claim(operation: Operation, invocation: InvocationContext): Promise<Operation> {
    return ports.store.save(claimed(operation, claimExpiry(invocation)), operation.version);
  }

  /** Drops this invocation's claim after an unexpected error, so Lambda's retry can run the step again. */
  async function releaseClaim(operation: Operation, log: Logger): Promise<void> {
    await ports.store.save(withoutClaim(operation), operation.version).catch((error: unknown) => log.warn('claim not released; it expires by itself', { error }));
  }

  /** Runs steps from `start` (read by the caller, not yet claimed) until one waits or the operation ends. */
  async function run(start: Operation, invocation: InvocationContext): Promise<Operation> {
    const started = Date.now();
    let operation = await claim(start, invocation);
    for (let inline = 0; ; inline += 1) {
      const log = loggerFor(operation);
      log.info('running step', { attempt: operation.stepRuns[operation.step]?.attempts ?? 1 });
      let saved: Operation;
      let chain: boolean;
      try {
        const outcome = await runStep(operation, ports.clock.now(), log, { ports, store: ports.store, config, pipeline });
        const next = transition(operation, outcome, contextFor(invocation, started, inline));
        const compensate = { compensate: (failed: Operation) => pipeline.compensate(failed, ports, log) };
        const results = await performEffects(next.before, next.operation, ports, log, compensate);
        saved = await ports.store.save(recordResults(next.operation, results, ports.clock.now()), operation.version);
        await performEffects(next.after, saved, ports, log);
        chain = next.chain;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) await releaseClaim(operation, log);
        throw error;
      }
      if (!chain) return saved;
      operation = saved;
    }
  }

  return { run, loggerFor, claimExpiry };
}

export type RunLoop = ReturnType<typeof createRunLoop>;
