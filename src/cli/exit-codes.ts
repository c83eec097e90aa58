import { CommanderError, type Command } from 'commander';

/**
 * The command line's exit codes, one meaning each, so a script (or a nightly job) can tell "the
 * refresh failed" from "I typed the id wrong" from "my credentials expired".
 */
export const EXIT = {
  /** Done; for watch, start --wait and plan: the operation SUCCEEDED. */
  ok: 0,
  /** The operation FAILED (watch, start --wait, plan). */
  operationFailed: 1,
  /** The operation was CANCELLED (watch, start --wait, plan). */
  operationCancelled: 2,
  /** Bad usage or invalid input (an option, the request, a command the dispatcher refused): nothing was sent or changed. */
  usage: 3,
  /** Not found: the operation id, the table or the function (a stage not deployed, another region). */
  notFound: 4,
  /** AWS could not be reached or refused: no or expired credentials, access denied, the dispatcher failed. */
  aws: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit codes as `--help` and the README show them. */
export const EXIT_CODES_HELP = `Exit codes:
  0  done (watch, start --wait, plan: the operation SUCCEEDED)
  1  the operation FAILED
  2  the operation was CANCELLED
  3  bad usage or invalid input: nothing was sent or changed
  4  not found: operation id, table or function (stage not deployed, wrong region)
  5  AWS error: no or expired credentials, access denied, the dispatcher failed`;


/**
 * Parses a script's options (`npm run bench`, `npm run package`): their values, or undefined once
 * commander has answered `--help` (exit 0) or refused an option (exit 3, with its message). The
 * program must have `exitOverride()`.
 */
export function parsedOptions<T>(program: Command): T | undefined {
  try {
    program.parse();
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return undefined;
  }
  return program.opts<T & Record<string, unknown>>() as T;
}
