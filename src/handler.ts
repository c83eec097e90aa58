import type { Context } from 'aws-lambda';
import { createAwsPorts } from './aws/create-aws-ports';
import { loadConfig } from './config';
import type { DispatchResult } from './engine/dispatcher';
import { AuroraRestoreError, causeChain } from './errors';
import { parseEvent } from './events/parse-event';
import { createLogger } from './observability/logger';
import { assembleRuntime, type Runtime } from './runtime';

/** The part of the Lambda context the handler uses. */
export type HandlerContext = Pick<Context, 'getRemainingTimeInMillis' | 'invokedFunctionArn' | 'awsRequestId'> &
  Partial<Pick<Context, 'functionName' | 'functionVersion' | 'memoryLimitInMB'>>;

/**
 * The Lambda entry point over a runtime: parse the event (nothing is written for an invalid one;
 * a malformed RDS event is answered `ignored`, not thrown), dispatch it, and write this
 * invocation's metrics (embedded metric format) at its end. Each invocation's Lambda context goes
 * on every log line. The local simulation builds the same
 * handler over its own runtime.
 */
export function createHandler(getRuntime: () => Runtime) {
  return async (event: unknown, context: HandlerContext): Promise<DispatchResult> => {
    const { dispatcher, ports, logger } = getRuntime();
    // Every line of this invocation, the ports' included, carries its request id and cold start.
    logger.addContext(context);
    try {
      const parsed = parseEvent(event);
      if (parsed.kind === 'ignored') {
        logger.warn('event ignored', { reason: parsed.reason });
        return { result: 'ignored', reason: parsed.reason };
      }
      return await dispatcher.handle(parsed.kind === 'rds' ? { kind: 'external', event: parsed.event } : parsed, context);
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
    runtime = assembleRuntime({ ports, logger, config: config.engine, ...(config.stage !== undefined ? { stage: config.stage } : {}) });
  }
  return runtime;
}

/** The deployed function's handler (serverless.yml: src/handler.handler). */
export const handler = createHandler(awsRuntime);
