import type { Context } from 'aws-lambda';
import { createAwsPorts } from './aws/create-aws-ports';
import { loadConfig } from './config';
import { createDispatcher, type Dispatcher, type DispatchResult } from './engine/dispatcher';
import { AuroraRestoreError, causeChain } from './errors';
import { parseEvent } from './events/parse-event';
import { createLogger, type RootLogger } from './observability/logger';
import type { Ports } from './ports';
import { stepRegistry } from './steps/registry';

/** What one cold start builds: configuration read, ports and dispatcher created. */
export interface Runtime {
  dispatcher: Dispatcher;
  ports: Ports;
  /** The logger the ports were built with: the handler adds each invocation's Lambda context to it. */
  logger: RootLogger;
}

/** The part of the Lambda context the handler uses. */
export type HandlerContext = Pick<Context, 'getRemainingTimeInMillis' | 'invokedFunctionArn' | 'awsRequestId'> &
  Partial<Pick<Context, 'functionName' | 'functionVersion' | 'memoryLimitInMB'>>;

/**
 * The Lambda entry point over a runtime: parse the event (nothing is written for an invalid one),
 * dispatch it, and write this invocation's metrics (embedded metric format) at its end. Each
 * invocation's Lambda context goes on every log line. The local simulation builds the same
 * handler over its own runtime.
 */
export function createHandler(getRuntime: () => Runtime) {
  return async (event: unknown, context: HandlerContext): Promise<DispatchResult> => {
    const { dispatcher, ports, logger } = getRuntime();
    // Every line of this invocation, the ports' included, carries its request id and cold start.
    logger.addContext(context);
    try {
      const parsed = parseEvent(event);
      return await dispatcher.handle(parsed, context);
    } catch (error) {
      logger.error(error instanceof AuroraRestoreError ? error.message : 'invocation failed', {
        error: { name: error instanceof Error ? error.name : 'Error', causes: causeChain(error) },
        ...(error instanceof AuroraRestoreError ? { operationId: error.operationId, step: error.step } : {}),
      });
      throw error;
    } finally {
      await ports.metrics.flush().catch((error: unknown) => logger.warn('metrics not sent', { error }));
    }
  };
}

let runtime: Runtime | undefined;

/** Builds configuration, ports and dispatcher once per cold start. */
function awsRuntime(): Runtime {
  if (runtime === undefined) {
    const config = loadConfig();
    const logger = createLogger({ level: config.logLevel });
    const ports = createAwsPorts(config, logger);
    runtime = { dispatcher: createDispatcher({ ports, config: config.engine, steps: stepRegistry }), ports, logger };
  }
  return runtime;
}

/** The deployed function's handler (serverless.yml: src/handler.handler). */
export const handler = createHandler(awsRuntime);
