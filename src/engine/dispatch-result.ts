import type { Operation, OperationSummary } from '../store/operation';

/** The part of the Lambda context the dispatcher uses. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
  invokedFunctionArn?: string;
}

/** What an invocation did, returned to the caller (`sls invoke` prints it). */
export type DispatchResult =
  | { result: 'ran'; operation: OperationSummary }
  | { result: 'ignored'; reason: string; operationId?: string; operation?: OperationSummary }
  | { result: 'noted'; reason: string; operationId: string }
  | { result: 'status'; operation: OperationSummary; facts: Operation['facts']; stepRuns: Operation['stepRuns'] }
  | { result: 'list'; operations: OperationSummary[] }
  | { result: 'swept'; running: number; rescued: string[] };
