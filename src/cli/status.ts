import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

// The deployed function runs on nodejs22.x; the SDK's notice about local Node 20 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { roughDuration } from './rough-duration';
import { operationIdSchema } from '../events/schema';
import { DynamoDbOperationStore } from '../store/dynamodb/dynamodb-operation-store';
import { summarize, type Operation, type OperationSummary } from '../store/operation';
import type { OperationStore } from '../store/operation-store';

/**
 * `npm run status -- <operationId>` shows one operation as stored in DynamoDB: status, step, wait,
 * error, per-step runs and what each step learned. `npm run status -- --target <cluster>` lists a
 * target's newest operations. Reads only; the table is `aurora-restore-<stage>-operations` unless
 * `--table` or TABLE_NAME says otherwise.
 */

const USAGE = `Usage:
  npm run status -- <operationId> [--json]
  npm run status -- --target <cluster> [--limit 10] [--json]
Options: --stage <stage> (default dev), --table <name> (default aurora-restore-<stage>-operations), --region <region>`;

/** What the command needs from outside: the store (built from the options unless given) and an output. */
export interface StatusDependencies {
  environment: NodeJS.ProcessEnv;
  write: (line: string) => void;
  store?: StatusStore;
}

/** The part of the operation store this read-only command uses. */
export type StatusStore = Pick<OperationStore, 'get' | 'listByTarget'>;

/** The human view of one operation. */
export function formatOperation(operation: Operation): string[] {
  const summary = summarize(operation);
  const lines = [
    `Operation ${summary.operationId}: ${summary.status} at step ${summary.step}`,
    `  target     ${summary.target}${operation.request.dryRun ? ' (dry run)' : ''}`,
    `  created    ${summary.createdAt}${operation.request.requestedBy ? ` by ${operation.request.requestedBy}` : ''}`,
    `  updated    ${summary.updatedAt}`,
  ];
  if (summary.finishedAt) lines.push(`  finished   ${summary.finishedAt}`);
  if (summary.waitReason) lines.push(`  waiting    ${summary.waitReason}`);
  if (summary.progressPercent !== undefined) lines.push(`  progress   ${summary.progressPercent} %`);
  if (summary.nextCheckAt) lines.push(`  next check ${summary.nextCheckAt}`);
  if (summary.eta) lines.push(`  ETA        ${summary.eta}`);
  lines.push(`  checks     ${summary.totalChecks}`);
  if (summary.error) lines.push(`  error      ${summary.error.name} at ${summary.error.step}: ${summary.error.message}`);
  const runs = Object.entries(operation.stepRuns);
  if (runs.length > 0) {
    lines.push('Steps');
    for (const [step, run] of runs) {
      const ended = run.endedAt ? ` → ${run.endedAt}` : ' (running)';
      lines.push(`  ${step.padEnd(22)} ${run.startedAt}${ended}  ${run.durationMs === undefined ? '' : roughDuration(run.durationMs)}  attempts ${run.attempts}, checks ${run.checks}`);
    }
  }
  const facts = Object.entries(operation.facts);
  if (facts.length > 0) {
    lines.push('Facts');
    for (const [key, value] of facts) lines.push(`  ${key.padEnd(28)} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return lines;
}

/** The human view of a target's operations, newest first. */
export function formatList(target: string, operations: OperationSummary[]): string[] {
  if (operations.length === 0) return [`No operations on ${target}.`];
  return [
    `Newest operations on ${target}:`,
    ...operations.map((op) => {
      const when = op.finishedAt ? `finished ${op.finishedAt}` : op.nextCheckAt ? `next check ${op.nextCheckAt}` : `updated ${op.updatedAt}`;
      const progress = op.progressPercent !== undefined && op.status === 'RUNNING' ? ` ${op.progressPercent} %` : '';
      return `  ${op.operationId.padEnd(26)} ${op.status.padEnd(10)} ${op.step.padEnd(22)} created ${op.createdAt}, ${when}${progress}`;
    }),
  ];
}

/** Runs the command; returns the process exit code (0 found, 1 not found or failed, 2 usage). */
export async function runStatus(argv: string[], dependencies: StatusDependencies): Promise<number> {
  const { write, environment } = dependencies;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        limit: { type: 'string', default: '10' },
        json: { type: 'boolean', default: false },
        stage: { type: 'string', default: 'dev' },
        table: { type: 'string' },
        region: { type: 'string' },
      },
    });
  } catch (error) {
    write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const limit = Number(values.limit);
  const operationId = positionals[0];
  if ((operationId === undefined) === (values.target === undefined) || positionals.length > 1 || !Number.isInteger(limit) || limit < 1 || limit > 100) {
    write(USAGE);
    return 2;
  }
  const tableName = values.table ?? environment.TABLE_NAME ?? `aurora-restore-${values.stage}-operations`;
  const region = values.region ?? environment.AWS_REGION ?? environment.AWS_DEFAULT_REGION;
  const store = dependencies.store ?? new DynamoDbOperationStore({ tableName, clientConfig: region ? { region } : {} });

  if (values.target !== undefined) {
    const operations = await store.listByTarget(values.target.toLowerCase(), limit);
    write(values.json ? JSON.stringify(operations, null, 2) : formatList(values.target, operations).join('\n'));
    return 0;
  }
  const id = operationIdSchema.safeParse(operationId);
  if (!id.success) {
    write(`${operationId} is not an operation id (such as 20261125-030000-a1b2c3).\n${USAGE}`);
    return 2;
  }
  const operation = await store.get(id.data);
  if (operation === undefined) {
    write(`No operation ${id.data} in table ${tableName}.`);
    return 1;
  }
  write(values.json ? JSON.stringify(operation, null, 2) : formatOperation(operation).join('\n'));
  return 0;
}

if (require.main === module) {
  // The deployment's .env names the region; the shell's environment wins over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  runStatus(process.argv.slice(2), { environment: process.env, write: (line) => console.log(line) })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
      process.exitCode = 1;
    });
}
