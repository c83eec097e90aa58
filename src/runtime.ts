import { createDispatcher, type Dispatcher } from './engine/dispatcher';
import type { EngineConfig } from './engine/engine-config';
import type { StepRegistry } from './engine/step';
import type { RootLogger } from './observability/logger';
import type { Ports } from './ports';
import { createRefreshPipeline } from './steps/refresh-pipeline';

/** What one cold start builds: ports and the dispatcher over the refresh pipeline. */
export interface Runtime {
  dispatcher: Dispatcher;
  ports: Ports;
  /** The logger the ports were built with: the handler adds each invocation's Lambda context to it. */
  logger: RootLogger;
}

/**
 * The one wiring of the engine, shared by Lambda (src/handler.ts), the local runtime and the tests:
 * the refresh pipeline over the given ports and configuration; `steps` replaces the step registry
 * (e.g. a step that fails once); `stage` is the deployed stack's, named in the resume command.
 */
export function assembleRuntime(options: { ports: Ports; logger: RootLogger; config: EngineConfig; steps?: StepRegistry; stage?: string }): Runtime {
  const { ports, config } = options;
  const pipeline = createRefreshPipeline({ rds: ports.rds, safety: config.safety, ...(options.stage !== undefined ? { stage: options.stage } : {}), ...(config.defaultTopicArn !== undefined ? { defaultTopicArn: config.defaultTopicArn } : {}) });
  const dispatcher = createDispatcher({ ports, config, pipeline: options.steps !== undefined ? { ...pipeline, steps: options.steps } : pipeline });
  return { dispatcher, ports, logger: options.logger };
}
