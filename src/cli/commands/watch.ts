import { clearScreenDown, moveCursor } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { summarize, type Operation } from '../../store/operation';
import type { CommandContext } from '../cli-context';
import { CliError } from '../cli-error';
import { EXIT, type ExitCode } from '../exit-codes';
import { exitCodeFor, followOperation } from '../follow';
import { progressBar, shortTime, timeFromNow } from '../view/progress-bar';
import { operationView, stepLines, waitLines, type ViewContext } from '../view/operation-view';

export interface WatchOptions {
  intervalSeconds: number;
  json: boolean;
  /** Set for an operation just sent: it may take a moment to appear. */
  justStarted?: boolean;
  /** Print nothing (the caller prints the end itself). */
  quiet?: boolean;
}

/** How long a just-started operation may take to appear in the table. */
const APPEAR_WITHIN_MS = 60_000;

/** One line per change, for a log or a pipe: time, status, step, progress, ETA, reason. */
function changeLine(operation: Operation, context: ViewContext): string {
  const percent = operation.progress?.at(-1)?.percent;
  const parts = [shortTime(context.now.toISOString()), operation.status, operation.step];
  if (operation.targetReleasedAt !== undefined) parts.push('refresh delivered');
  if (operation.status === 'RUNNING') {
    if (percent !== undefined) parts.push(progressBar(percent, 20));
    if (operation.eta !== undefined) parts.push(`ETA ${timeFromNow(operation.eta, context.now)}`);
    if (operation.waitReason !== undefined) parts.push(operation.waitReason);
  }
  return parts.join('  ');
}

/** The terminal rows `lines` take, counting the ones a narrow terminal wraps, so a redraw goes back exactly as far. */
function rowsOf(lines: string[], columns: number | undefined): number {
  if (columns === undefined || columns <= 0) return lines.length;
  return lines.reduce((rows, line) => rows + Math.max(1, Math.ceil(stripVTControlCharacters(line).length / columns)), 0);
}

/** What changes what a person watching sees: a write (version), or the moving clock on a terminal. */
function changeKey(operation: Operation): string {
  return `${operation.version}|${operation.status}|${operation.step}`;
}

/**
 * Follows an operation until it settles: it ends, or (a swap) delivers its refresh and only tidies
 * up, which the final view says with the retired cluster's keep window. On a terminal the view is redrawn in place every interval
 * (the bar, ETA and step durations move); in a pipe one line is printed per change; with --json,
 * one JSON summary per change (JSON Lines) and nothing else. Returns the exit code of its end.
 */
export async function watchOperation(context: CommandContext, operationId: string, options: WatchOptions): Promise<{ operation: Operation; exitCode: ExitCode }> {
  const { io, style } = context;
  const settings = context.settings();
  const reader = context.reader();
  const redraw = io.stdout.isTTY === true && !options.json;
  let drawnLines = 0;
  let lastKey: string | undefined;
  const view = (): ViewContext => ({ now: io.now(), style, repeatFlags: settings.repeatFlags });
  const operation = await followOperation({
    read: () => reader.find(operationId),
    intervalMs: options.intervalSeconds * 1000,
    appearWithinMs: options.justStarted === true ? APPEAR_WITHIN_MS : 0,
    sleep: (ms) => io.sleep(ms),
    now: () => io.now(),
    neverAppeared: () =>
      options.justStarted === true
        ? new CliError(
            `Operation ${operationId} has not appeared in ${settings.tableName} after ${APPEAR_WITHIN_MS / 1000} s: the dispatcher did not create it.`,
            `See why in its logs: \`npx sls logs -f dispatcher --stage ${settings.stage}\` (search for ${operationId}).`,
            EXIT.aws,
            { operationId },
          )
        : new CliError(`No operation ${operationId} in table ${settings.tableName} (${settings.region}).`, `Check the id (\`aurora-restore list${settings.repeatFlags}\`) and the stage (--stage).`, EXIT.notFound, { operationId }),
    onRead: (current) => {
      if (options.quiet === true) return;
      const key = changeKey(current);
      if (options.json) {
        if (key !== lastKey) context.out(JSON.stringify(summarize(current)));
      } else if (redraw) {
        if (current.status !== 'RUNNING') return;
        const lines = [
          `Operation ${style.paint('bold', current.operationId)}  ${style.status(current.status)}  at ${current.step}  (target ${current.target})`,
          ...waitLines(current, view()),
          ...stepLines(current, view()),
          style.paint('dim', `Re-reading every ${options.intervalSeconds} s; Ctrl-C stops watching (the operation goes on).`),
        ];
        if (drawnLines > 0) {
          moveCursor(io.stdout, 0, -drawnLines);
          clearScreenDown(io.stdout);
        }
        for (const line of lines) context.out(line);
        drawnLines = rowsOf(lines, (io.stdout as { columns?: number }).columns);
      } else if (key !== lastKey) {
        context.out(changeLine(current, view()));
      }
      lastKey = key;
    },
  });
  if (!options.json && options.quiet !== true) {
    if (redraw && drawnLines > 0) {
      moveCursor(io.stdout, 0, -drawnLines);
      clearScreenDown(io.stdout);
    }
    for (const line of operationView(operation, view())) context.out(line);
  }
  return { operation, exitCode: exitCodeFor(operation) };
}
