import { STEPS } from '../../constants';
import { retiredClusterNote } from '../../rds/swap-renames';
import type { Operation } from '../../store/operation';
import { roughDuration } from '../rough-duration';
import { progressBar, shortTime, timeFromNow } from './progress-bar';
import type { Style } from './style';

/** What a view needs besides the operation: the time now, colours, and the flags to repeat in a suggested command. */
export interface ViewContext {
  now: Date;
  style: Style;
  repeatFlags: string;
}

/** The commands to run next, by status: the exact command line, with the same stage and region. */
export function nextCommands(operation: Operation, context: Pick<ViewContext, 'repeatFlags'>): string[] {
  const id = operation.operationId;
  const flags = context.repeatFlags;
  switch (operation.status) {
    case 'RUNNING':
      if (operation.targetReleasedAt !== undefined && operation.step === 'retire') {
        return [`swap the old cluster back in:  aurora-restore rollback ${id}${flags}`, `stop the tidy-up (the retired cluster is kept):  aurora-restore cancel ${id}${flags}`];
      }
      return [`follow it:  aurora-restore watch ${id}${flags}`, `stop it:    aurora-restore cancel ${id}${flags}`];
    case 'FAILED':
      return [`fix the cause above, then resume it from ${operation.step}:  aurora-restore resume ${id}${flags}`];
    case 'CANCELLED':
      return [`resume it from ${operation.step}:  aurora-restore resume ${id}${flags}`];
    case 'SUCCEEDED':
      return [];
    default: {
      const unreachable: never = operation.status;
      return [String(unreachable)];
    }
  }
}

/** The lines about where a running wait stands: the bar and ETA, the reason, the next check. */
export function waitLines(operation: Operation, context: ViewContext): string[] {
  if (operation.status !== 'RUNNING') return [];
  const lines: string[] = [];
  const percent = operation.progress?.at(-1)?.percent;
  if (percent !== undefined) {
    lines.push(`  progress   ${progressBar(percent)}${operation.eta !== undefined ? `  ETA ${timeFromNow(operation.eta, context.now)}` : ''}`);
  } else if (operation.eta !== undefined) {
    lines.push(`  ETA        ${timeFromNow(operation.eta, context.now)}`);
  }
  if (operation.waitReason !== undefined) lines.push(`  waiting    ${operation.waitReason}`);
  if (operation.nextCheckAt !== undefined) lines.push(`  next check ${timeFromNow(operation.nextCheckAt, context.now)}`);
  return lines;
}

/** When the refresh was delivered (the target released), and what the operation still does. */
export function deliveredLine(operation: Operation): string {
  const at = operation.targetReleasedAt ?? operation.updatedAt;
  const after = roughDuration(Date.parse(at) - Date.parse(operation.createdAt));
  const rest = operation.status === 'RUNNING' ? `; it only tidies up now: ${retiredClusterNote(operation) ?? `step ${operation.step}`}` : '';
  return `  delivered  ${shortTime(at)} after ${after}: the refresh is done and serves${rest}`;
}

/** One line per step run, in pipeline order: start, end, duration, attempts, checks. */
export function stepLines(operation: Operation, context: ViewContext): string[] {
  const runs = STEPS.flatMap((step) => {
    const run = operation.stepRuns[step];
    return run === undefined ? [] : [{ step, run }];
  });
  if (runs.length === 0) return [];
  const header = `  ${'step'.padEnd(22)} ${'started'.padEnd(21)} ${'ended'.padEnd(21)} ${'duration'.padStart(9)}  attempts  checks`;
  return [
    'Steps',
    context.style.paint('dim', header),
    ...runs.map(({ step, run }) => {
      const current = step === operation.step && operation.status === 'RUNNING';
      const ended = run.endedAt !== undefined ? shortTime(run.endedAt) : current ? 'running' : '-';
      const duration = run.durationMs !== undefined ? roughDuration(run.durationMs) : current ? roughDuration(context.now.getTime() - Date.parse(run.startedAt)) : '';
      const line = `  ${step.padEnd(22)} ${shortTime(run.startedAt).padEnd(21)} ${ended.padEnd(21)} ${duration.padStart(9)}  ${String(run.attempts).padStart(8)}  ${String(run.checks).padStart(6)}`;
      return current ? context.style.paint('bold', line) : line;
    }),
  ];
}

/** The whole picture of one operation, as `status` prints it. */
export function operationView(operation: Operation, context: ViewContext): string[] {
  const { style } = context;
  const request = operation.request;
  const source = request.source.snapshot ?? request.source.clusterId ?? '';
  const lines = [
    `Operation ${style.paint('bold', operation.operationId)}  ${style.status(operation.status)}  at ${operation.step}${request.dryRun ? '  (dry run: changes nothing)' : ''}`,
    `  target     ${operation.target}  from ${source}${request.source.accountId !== undefined ? ` (account ${request.source.accountId})` : ''}`,
    `  created    ${shortTime(operation.createdAt)}${request.requestedBy !== undefined ? ` by ${request.requestedBy}` : ''}`,
    `  updated    ${timeFromNow(operation.updatedAt, context.now)}`,
  ];
  if (operation.targetReleasedAt !== undefined) lines.push(deliveredLine(operation));
  if (operation.finishedAt !== undefined) lines.push(`  finished   ${shortTime(operation.finishedAt)} after ${roughDuration(Date.parse(operation.finishedAt) - Date.parse(operation.createdAt))}`);
  lines.push(...waitLines(operation, context));
  lines.push(`  checks     ${operation.totalChecks}`);
  if (operation.error !== undefined) {
    lines.push(style.paint('red', `  error      ${operation.error.name} at ${operation.error.step}: ${operation.error.message}`));
    for (const cause of operation.error.causes.slice(1)) lines.push(`             caused by ${cause}`);
  }
  lines.push(...stepLines(operation, context));
  const facts = Object.entries(operation.facts).filter(([key]) => key !== 'plan');
  if (facts.length > 0) {
    lines.push('Facts');
    for (const [key, value] of facts) lines.push(`  ${key.padEnd(28)} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  if (operation.facts.plan !== undefined) lines.push('Plan', ...planLines(operation.facts.plan));
  const next = nextCommands(operation, context);
  if (next.length > 0) lines.push('Next', ...next.map((line) => `  ${line}`));
  return lines;
}

/** A dry run's plan, one action a line. */
export function planLines(plan: string[]): string[] {
  return plan.map((line) => `  - ${line}`);
}
