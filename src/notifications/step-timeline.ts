import { STEPS, type StepName } from '../constants';
import type { Operation } from '../store/operation';
import { formatDuration } from './format';

/** One step's line in a notification. */
export interface StepTimelineEntry {
  step: StepName;
  startedAt: string;
  endedAt?: string;
  durationSeconds?: number;
  duration?: string;
  attempts: number;
  checks: number;
}

/**
 * The steps that ran, in pipeline order, with start, end, duration, attempts and status checks.
 * A step still running (the one sending the message) ends at `until`.
 */
export function stepTimeline(operation: Operation, until: Date): StepTimelineEntry[] {
  const entries: StepTimelineEntry[] = [];
  for (const step of STEPS) {
    const run = operation.stepRuns[step];
    if (run === undefined) continue;
    const endedAt = run.endedAt ?? (step === operation.step ? until.toISOString() : undefined);
    const durationMs = run.durationMs ?? (endedAt !== undefined ? Math.max(0, Date.parse(endedAt) - Date.parse(run.startedAt)) : undefined);
    entries.push({
      step,
      startedAt: run.startedAt,
      ...(endedAt !== undefined ? { endedAt } : {}),
      ...(durationMs !== undefined ? { durationSeconds: Math.round(durationMs / 1000), duration: formatDuration(durationMs) } : {}),
      attempts: run.attempts,
      checks: run.checks,
    });
  }
  return entries;
}
