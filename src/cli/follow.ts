import type { Operation } from '../store/operation';
import { CliError } from './cli-error';
import { EXIT, type ExitCode } from './exit-codes';

export interface FollowOptions {
  /** Reads the operation; undefined while it does not exist yet. */
  read(): Promise<Operation | undefined>;
  intervalMs: number;
  /** How long a just-started operation may take to appear before the dispatcher is presumed to have dropped it. */
  appearWithinMs: number;
  sleep(ms: number): Promise<void>;
  now(): Date;
  /** Called after every read of an existing operation. */
  onRead(operation: Operation): void;
  /** What to say when the operation never appears. */
  neverAppeared(): CliError;
}

/**
 * True once a person waiting on the operation has their answer: it ended, or it delivered its
 * result and only tidies up (a swap keeping its retired cluster: a day of waiting that changes
 * nothing for them).
 */
export function isSettled(operation: Operation): boolean {
  return operation.status !== 'RUNNING' || operation.targetReleasedAt !== undefined;
}

/** Re-reads an operation every interval until it is settled (see isSettled), and returns it as it settled. */
export async function followOperation(options: FollowOptions): Promise<Operation> {
  const started = options.now().getTime();
  for (;;) {
    const operation = await options.read();
    if (operation === undefined) {
      if (options.now().getTime() - started >= options.appearWithinMs) throw options.neverAppeared();
    } else {
      options.onRead(operation);
      if (isSettled(operation)) return operation;
    }
    await options.sleep(options.intervalMs);
  }
}

/** The exit code a settled operation gives watch, start --wait and plan. */
export function exitCodeFor(operation: Operation): ExitCode {
  switch (operation.status) {
    case 'SUCCEEDED':
      return EXIT.ok;
    case 'FAILED':
      return EXIT.operationFailed;
    case 'CANCELLED':
      return EXIT.operationCancelled;
    case 'RUNNING':
      // Delivered: the refresh serves; what is left is its tidy-up.
      if (operation.targetReleasedAt !== undefined) return EXIT.ok;
      throw new CliError(`Operation ${operation.operationId} is still RUNNING.`, 'Follow it until it ends.', EXIT.aws);
    default: {
      const unreachable: never = operation.status;
      throw new Error(`unknown status ${String(unreachable)}`);
    }
  }
}
