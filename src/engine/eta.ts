import type { ProgressSample } from '../store/operation';

/** An estimate of when a resource reaches 100 %. */
export interface CompletionEstimate {
  eta: Date;
  /** Percent per second used for the estimate. */
  rate: number;
}

const MIN_RECENT_WINDOW_MS = 5 * 60_000;

/**
 * Estimates completion from PercentProgress samples. The step's start counts as 0 %, so one
 * sample already gives a rate. The most recent window of at least five minutes is preferred
 * (it follows acceleration); the whole history is the fallback. No progress (absent or stalled)
 * gives no estimate, and the caller falls back to backoff.
 */
export function estimateCompletion(samples: readonly ProgressSample[], startedAt: Date): CompletionEstimate | undefined {
  const points = [{ t: startedAt.getTime(), p: 0 }, ...samples.map((s) => ({ t: Date.parse(s.at), p: s.percent }))].sort((a, b) => a.t - b.t);
  const last = points.at(-1);
  if (last === undefined || points.length < 2) return undefined;
  if (last.p >= 100) return { eta: new Date(last.t), rate: 0 };
  const recentRef = [...points].reverse().find((point) => last.t - point.t >= MIN_RECENT_WINDOW_MS && point.p < last.p);
  const candidates = [recentRef, points[0]].filter((point): point is { t: number; p: number } => point !== undefined && point.p < last.p && point.t < last.t);
  const reference = candidates[0];
  if (reference === undefined) return undefined;
  const rate = (last.p - reference.p) / ((last.t - reference.t) / 1000);
  if (!(rate > 0)) return undefined;
  return { eta: new Date(last.t + ((100 - last.p) / rate) * 1000), rate };
}
