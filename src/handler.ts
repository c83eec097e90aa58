import type { Context } from 'aws-lambda';
import { createAwsPorts } from './aws/create-aws-ports';
import { loadConfig } from './config';
import type { DispatchResult } from './engine/dispatcher';
import { AuroraRestoreError, causeChain } from './errors';
import { parseEvent } from './events/parse-event';
import { createLogger, type Logger } from './observability/logger';
import { assembleRuntime, type Runtime } from './runtime';

/** The part of the Lambda context the handler uses. */
export type HandlerContext = Pick<Context, 'getRemainingTimeInMillis' | 'invokedFunctionArn' | 'awsRequestId'>;

/**
 * The Lambda entry point over a runtime: parse the event (nothing is written for an invalid one;
 * a malformed RDS event is answered `ignored`, not thrown), dispatch it, and send this
 * invocation's metrics in one call. The local simulation builds the same
 * handler over its own runtime.
 */
export function createHandler(getRuntime: () => Runtime) {
  return async (event: unknown, context: HandlerContext): Promise<DispatchResult> => {
    const { dispatcher, ports, logger } = getRuntime();
    const log = logger.child({ requestId: context.awsRequestId });
    try {
      const parsed = parseEvent(event);
      if (parsed.kind === 'ignored') {
        log.warn('event ignored', { reason: parsed.reason });
        return { result: 'ignored', reason: parsed.reason };
      }
      return await dispatcher.handle(parsed.kind === 'rds' ? { kind: 'external', event: parsed.event } : parsed, context);
    } catch (error) {
      log.error(error instanceof AuroraRestoreError ? error.message : 'invocation failed', {
        error: { name: error instanceof Error ? error.name : 'Error', causes: causeChain(error) },
        ...(error instanceof AuroraRestoreError ? { operationId: error.operationId, step: error.step } : {}),
      });
      throw error;
    } finally {
      await ports.metrics.flush().catch((error: unknown) => log.warn('metrics not sent', { error }));
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
    runtime = assembleRuntime({ ports, config: config.engine, ...(config.stage !== undefined ? { stage: config.stage } : {}) });
  }
  return runtime;
}

/** The deployed function's handler (serverless.yml: src/handler.handler). */
export const handler = createHandler(awsRuntime);
