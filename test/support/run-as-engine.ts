import type { Outcome } from '../../src/engine/outcome';
import { runStep } from '../../src/engine/run-step';
import type { Step, StepContext } from '../../src/engine/step';
import { createRefreshPipeline } from '../../src/steps/refresh-pipeline';
import type { Operation } from '../../src/store/operation';

/**
 * Runs a step as the engine does — what it throws classified by the refresh pipeline's rules
 * (transient → a short wait, busy → a wait, anything else → fail, labelled) — so a step test
 * asserts the outcome the operation will see.
 */
export async function runAsEngine(step: Step, context: StepContext): Promise<Outcome> {
  const pipeline = createRefreshPipeline({ rds: context.ports.rds, safety: context.config.safety });
  const name = context.operation.step;
  const steps = { ...pipeline.steps, [name]: { ...pipeline.steps[name], run: step } };
  // The engine's view over a store that answers what the context's view does.
  const recent = await context.operations.recentOnTarget(10);
  const store = {
    listRunningBySource: async (key: string) => context.operations.runningFromSource(key),
    listByTarget: async () => recent.map((other) => ({ operationId: other.operationId })),
    get: async (operationId: string) => recent.find((other) => other.operationId === operationId) as Operation | undefined,
  };
  return runStep(context.operation, context.now, context.logger, { ports: context.ports, store, config: context.config, pipeline: { ...pipeline, steps } });
}
