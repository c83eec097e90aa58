import type { Outcome } from '../../src/engine/outcome';
import { runStep } from '../../src/engine/run-step';
import type { Step, StepContext } from '../../src/engine/step';
import { createRefreshPipeline } from '../../src/steps/refresh-pipeline';

/**
 * Runs a step as the engine does — what it throws classified by the refresh pipeline's rules
 * (transient → a short wait, busy → a wait, anything else → fail, labelled) — so a step test
 * asserts the outcome the operation will see.
 */
export async function runAsEngine(step: Step, context: StepContext): Promise<Outcome> {
  const pipeline = createRefreshPipeline({ rds: context.ports.rds, safety: context.config.safety });
  const name = context.operation.step;
  const steps = { ...pipeline.steps, [name]: { ...pipeline.steps[name], run: step } };
  const store = { listRunningBySource: async (key: string) => context.operations.runningFromSource(key) };
  return runStep(context.operation, context.now, context.logger, { ports: context.ports, store, config: context.config, pipeline: { ...pipeline, steps } });
}
