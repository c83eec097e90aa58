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

/** Re-reads an operation every interval until it is no longer RUNNING, and returns it as it ended. */
export async function followOperation(options: FollowOptions): Promise<Operation> {
  const started = options.now().getTime();
  for (;;) {
    const operation = await options.read();
    if (operation === undefined) {
      if (options.now().getTime() - started >= options.appearWithinMs) throw options.neverAppeared();
    } else {
      options.onRead(operation);
      if (operation.status !== 'RUNNING') return operation;
    }
    await options.sleep(options.intervalMs);
  }
}

/** The exit code an ended operation gives watch, start --wait and plan. */
export function exitCodeFor(operation: Operation): ExitCode {
  switch (operation.status) {
    case 'SUCCEEDED':
      return EXIT.ok;
    case 'FAILED':
      return EXIT.operationFailed;
    case 'CANCELLED':
      return EXIT.operationCancelled;
    case 'RUNNING':
      throw new CliError(`Operation ${operation.operationId} is still RUNNING.`, 'Follow it until it ends.', EXIT.aws);
    default: {
      const unreachable: never = operation.status;
      throw new Error(`unknown status ${String(unreachable)}`);
    }
  }
}
