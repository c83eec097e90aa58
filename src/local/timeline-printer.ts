import { roughDuration } from '../cli/rough-duration';
import { STEPS } from '../constants';
import type { DispatchResult } from '../engine/dispatcher';
import type { Operation } from '../store/operation';
import type { InvocationRecord } from './drive-operation';

const BAR_WIDTH = 20;

/** `+1d 02:15` style offset from the start of the run; padded to a column unless `compact`. */
export function formatOffset(ms: number, compact = false): string {
  const totalMinutes = Math.floor(ms / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const clock = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  if (days > 0) return `+${days}d ${clock}`;
  return compact ? `+${clock}` : `+   ${clock}`;
}

/** `[#########-----------]  45 %`. */
export function progressBar(percent: number): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(percent).padStart(3)} %`;
}

function triggerLabel(record: InvocationRecord): string {
  switch (record.trigger) {
    case 'start':
      return 'start   ';
    case 'schedule':
      return 'schedule';
    case 'rds-event': {
      const detail = (record.event as { detail?: { EventID?: string } }).detail;
      return (detail?.EventID ?? 'rds-event').replace('RDS-EVENT-', 'event ');
    }
    case 'command':
      return 'command ';
    default:
      return record.trigger;
  }
}

function resultNote(result: DispatchResult | undefined): string {
  if (result?.result === 'ignored') return `ignored: ${result.reason}`;
  if (result?.result === 'noted') return `noted: ${result.reason}`;
  return '';
}

/**
 * Renders one line per invocation: virtual time, what triggered it, the steps it ran, and where
 * the operation stands — a progress bar with ETA while a copy runs, the wait reason otherwise.
 */
export function describeInvocation(record: InvocationRecord, before: Operation | undefined, after: Operation | undefined, startedAt: Date): string {
  const when = formatOffset(record.at.getTime() - startedAt.getTime());
  const head = `${when}  ${triggerLabel(record)}`;
  if (record.error !== undefined) return `${head}  error: ${record.error.message}`;
  const ignored = resultNote(record.result);
  if (ignored !== '' || after === undefined) return `${head}  ${ignored}`;
  // The virtual clock stands still during an invocation: a step that ran in it started or ended now.
  const at = record.at.toISOString();
  const ranSteps = STEPS.filter((step) => {
    const run = after.stepRuns[step];
    return step === after.step || (run !== undefined && (run.startedAt === at || run.endedAt === at) && before?.stepRuns[step]?.endedAt !== run.endedAt);
  });
  const steps = ranSteps.length > 0 ? ranSteps.join(' → ') : after.step;
  const count = after.stepRuns[after.step]?.checks ?? 0;
  const checks = `${count} ${count === 1 ? 'check' : 'checks'}`;
  if (after.status !== 'RUNNING') {
    const tail = after.status === 'FAILED' ? `FAILED: ${after.error?.name}: ${after.error?.message}` : after.status;
    return `${head}  ${steps}  ${tail}`;
  }
  const percent = after.progress?.at(-1)?.percent;
  const eta = after.eta !== undefined ? `  ETA ${formatOffset(Date.parse(after.eta) - startedAt.getTime(), true)}` : '';
  const next = after.nextCheckAt !== undefined ? ` next in ${roughDuration(Date.parse(after.nextCheckAt) - record.at.getTime())}` : '';
  const state = percent !== undefined ? `${progressBar(percent)}${eta}` : (after.waitReason ?? '');
  return `${head}  ${steps}  ${state}  (${checks}${next ? `,${next}` : ''})`;
}
