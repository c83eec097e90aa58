import { operationIdSchema } from '../../events/schema';
import type { OperationStatus } from '../../constants';
import type { CommandContext } from '../cli-context';
import { CliError } from '../cli-error';
import { EXIT, type ExitCode } from '../exit-codes';
import { listView } from '../view/list-view';
import { operationView } from '../view/operation-view';

/** An operation id as the dispatcher makes them, or a usage error naming the expected shape. */
export function checkOperationId(value: string): string {
  const parsed = operationIdSchema.safeParse(value);
  if (!parsed.success) {
    throw new CliError(`${JSON.stringify(value)} is not an operation id.`, 'Operation ids look like 20261125-030000-a1b2c3 or k1a2b3c4d-e5f6a7; `aurora-restore list` shows them.', EXIT.usage);
  }
  return parsed.data;
}

/** `status <operationId>`: the whole picture of one operation, read from the table. */
export async function statusCommand(context: CommandContext, operationId: string, options: { json?: boolean }): Promise<ExitCode> {
  const id = checkOperationId(operationId);
  const operation = await context.reader().get(id);
  if (options.json === true) context.out(JSON.stringify(operation, null, 2));
  else for (const line of operationView(operation, { now: context.io.now(), style: context.style, repeatFlags: context.settings().repeatFlags })) context.out(line);
  return EXIT.ok;
}

/** `list`: the newest operations, of one target or all, of one status or all. */
export async function listCommand(context: CommandContext, options: { target?: string; status?: OperationStatus; limit: number; json?: boolean }): Promise<ExitCode> {
  const operations = await context.reader().list({ limit: options.limit, ...(options.target !== undefined ? { target: options.target } : {}), ...(options.status !== undefined ? { status: options.status } : {}) });
  if (options.json === true) {
    context.out(JSON.stringify(operations, null, 2));
    return EXIT.ok;
  }
  const what = `${options.status !== undefined ? ` ${options.status}` : ''}${options.target !== undefined ? ` on ${options.target.toLowerCase()}` : ''} in ${context.settings().tableName}`;
  for (const line of listView(operations, context.style, what)) context.out(line);
  return EXIT.ok;
}
