import type { ProgressSample } from '../store/operation';

/** An estimate of when a resource reaches 100 %. */
export interface CompletionEstimate {
  eta: Date;
  /** Percent per second used for the estimate. */
  rate: number;
}

const MIN_WINDOW_MS = 5 * 60_000;
/** No movement over a span in which the overall rate predicts this many points means stalled. */
const STALL_POINTS = 2;

interface Point {
  t: number;
  p: number;
}

/**
 * Estimates completion from PercentProgress samples. The step's start counts as 0 %, so a single
 * sample already gives a rate. The most recent window of at least five minutes in which progress
 * moved is preferred — it follows acceleration — and the whole history is the fallback. No estimate
 * when there is no progress signal, or when progress has stalled (no movement for longer than the
 * overall rate allows): the caller then falls back to backoff rather than trusting a stale rate.
 */
export function estimateCompletion(samples: readonly ProgressSample[], startedAt: Date): CompletionEstimate | undefined {
  if (samples.length === 0) return undefined;
  const points: Point[] = [{ t: startedAt.getTime(), p: 0 }, ...samples.map((s) => ({ t: Date.parse(s.at), p: s.percent }))].sort((a, b) => a.t - b.t);
  const last = points.at(-1) as Point;
  if (last.p >= 100) return { eta: new Date(last.t), rate: 0 };
  const first = points[0] as Point;
  if (last.p <= first.p || last.t <= first.t) return undefined;
  const overallRate = (last.p - first.p) / (last.t - first.t);
  const lastMove = [...points].reverse().find((point) => point.p < last.p);
  const stillSince = points.find((point) => point.p === last.p) as Point;
  if (lastMove !== undefined && (last.t - stillSince.t) * overallRate >= STALL_POINTS) return undefined;
  const recent = [...points].reverse().find((point) => last.t - point.t >= MIN_WINDOW_MS && point.p < last.p) ?? first;
  const rate = (last.p - recent.p) / ((last.t - recent.t) / 1000);
  if (!(rate > 0)) return undefined;
  return { eta: new Date(last.t + ((100 - last.p) / rate) * 1000), rate };
}
