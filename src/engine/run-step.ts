import { AuroraRestoreError, StepFailedError } from '../errors';
import type { Logger } from '../observability/logger';
import type { Operation, OperationSummary } from '../store/operation';
import { classifyError } from './classify-error';
import type { EngineConfig } from './engine-config';
import { fail, wait, type Outcome } from './outcome';
import type { Pipeline } from './pipeline';
import type { OperationsView, StepPorts } from './step';

/** Delay before retrying a step after throttling or a 5xx (the SDK has already retried within the call). */
export const TRANSIENT_RETRY_DELAY_SECONDS = 120;

/** What running one step needs. */
export interface StepRunDependencies {
  ports: StepPorts;
  /** Read-only queries over other operations. */
  store: {
    listRunningBySource(sourceClusterKey: string): Promise<Pick<OperationSummary, 'operationId' | 'target' | 'step'>[]>;
    listByTarget(target: string, limit: number): Promise<Pick<OperationSummary, 'operationId'>[]>;
    get(operationId: string): Promise<Operation | undefined>;
  };
  config: Pick<EngineConfig, 'defaultTopicArn' | 'safety' | 'defaultStrategy'>;
  pipeline: Pick<Pipeline<unknown>, 'steps' | 'describeError' | 'isResourceBusy'>;
}

/**
 * Runs the operation's current step, the one error path: whatever the step throws is classified
 * once — transient → retry after a short wait; resource busy → wait as for a status check;
 * anything else → fail, labelled with the step and carrying the operation id and the cause.
 */
export async function runStep(operation: Operation, now: Date, log: Logger, deps: StepRunDependencies): Promise<Outcome> {
  const definition = deps.pipeline.steps[operation.step];
  try {
    const operations: OperationsView = {
      runningFromSource: async (key) => (await deps.store.listRunningBySource(key)).filter((other) => other.operationId !== operation.operationId),
      recentOnTarget: async (limit) => {
        const others = (await deps.store.listByTarget(operation.target, limit + 1)).filter((other) => other.operationId !== operation.operationId).slice(0, limit);
        const read = await Promise.all(others.map((other) => deps.store.get(other.operationId)));
        return read.filter((other): other is Operation => other !== undefined);
      },
    };
    const outcome = await definition.run({ operation, request: operation.request, ports: deps.ports, operations, now, logger: log, config: deps.config });
    if (outcome.type === 'fail') {
      outcome.error.operationId ??= operation.operationId;
      outcome.error.step ??= operation.step;
    }
    return outcome;
  } catch (error) {
    const described = deps.pipeline.describeError(error);
    switch (classifyError(error, deps.pipeline.isResourceBusy)) {
      case 'transient':
        log.warn('transient error, will retry', { error });
        // Throttling and 5xx pass in minutes: retry soon rather than on the status-check backoff.
        return wait(`retrying after a transient error: ${described}`, { delaySeconds: TRANSIENT_RETRY_DELAY_SECONDS });
      case 'busy':
        log.info('resource busy, will check again', { error });
        return wait(`${operation.step}: ${described}`);
      case 'fatal': {
        if (error instanceof AuroraRestoreError) {
          error.operationId ??= operation.operationId;
          error.step ??= operation.step;
          return fail(error);
        }
        return fail(new StepFailedError(`Step ${operation.step} failed: ${described}`, { operationId: operation.operationId, step: operation.step, cause: error }));
      }
    }
  }
}
