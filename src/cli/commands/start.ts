import type { CommandContext } from '../cli-context';
import { EXIT, type ExitCode } from '../exit-codes';
import { prepareStart, type StartInput } from '../start-request';
import { watchOperation } from './watch';

export interface StartOptions extends StartInput {
  wait?: boolean;
  json?: boolean;
  interval: number;
}

/**
 * `start`: validates the request locally, hands it to the dispatcher asynchronously and prints the
 * operation id (known in advance through the idempotency key); `--wait` then follows it.
 */
export async function startCommand(context: CommandContext, options: StartOptions): Promise<ExitCode> {
  const prepared = prepareStart(options, () => context.io.readStdin(), context.io.now());
  const settings = context.settings();
  await context.dispatcher().send(prepared.event);
  const dryRun = prepared.event.request.dryRun === true;
  if (options.json === true && options.wait !== true) {
    context.out(JSON.stringify({ operationId: prepared.operationId, target: prepared.target, dryRun, functionName: settings.functionName, idempotencyKey: prepared.event.idempotencyKey }));
    return EXIT.ok;
  }
  const started = `Started operation ${prepared.operationId} on ${prepared.target}${dryRun ? ' (dry run)' : ''} through ${settings.functionName}.`;
  if (options.json === true) context.err(started);
  else {
    context.out(started);
    if (options.wait !== true) context.out(`Follow it:  aurora-restore watch ${prepared.operationId}${settings.repeatFlags}`);
  }
  if (options.wait !== true) return EXIT.ok;
  const { exitCode } = await watchOperation(context, prepared.operationId, { intervalSeconds: options.interval, json: options.json === true, justStarted: true });
  return exitCode;
}

/** `plan`: the dry run of a request, followed to its end; prints what would be done. */
export async function planCommand(context: CommandContext, options: Omit<StartOptions, 'wait' | 'dryRun'>): Promise<ExitCode> {
  const prepared = prepareStart({ ...options, dryRun: true }, () => context.io.readStdin(), context.io.now());
  const settings = context.settings();
  await context.dispatcher().send(prepared.event);
  const json = options.json === true;
  (json ? context.err : context.out)(`Planning: dry run ${prepared.operationId} on ${prepared.target} through ${settings.functionName}; nothing will be changed.`);
  // The final view of a dry run ends with its plan; with --json only the plan's JSON is printed.
  const { operation, exitCode } = await watchOperation(context, prepared.operationId, { intervalSeconds: options.interval, json: false, justStarted: true, quiet: json });
  if (json) {
    context.out(JSON.stringify({ operationId: operation.operationId, status: operation.status, plan: operation.facts.plan ?? [], ...(operation.error !== undefined ? { error: operation.error } : {}) }));
  }
  return exitCode;
}
