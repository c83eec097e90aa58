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
  /** A start refused because another operation holds the target: nothing was created (an answer, not an error, so asynchronous starts are not retried into the dead-letter queue). */
  | { result: 'refused'; reason: string; error: { name: string; message: string }; target: string; holderOperationId: string }
  | { result: 'noted'; reason: string; operationId: string }
  | { result: 'status'; operation: OperationSummary; facts: Operation['facts']; stepRuns: Operation['stepRuns'] }
  | { result: 'list'; operations: OperationSummary[] }
  /** `tidyingUp`: of the running operations, those that delivered their result and released their target. */
  | { result: 'swept'; running: number; tidyingUp: number; rescued: string[] };
