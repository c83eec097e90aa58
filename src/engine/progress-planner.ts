import type { ProgressSample } from '../store/operation';
import { estimateCompletion } from './eta';

/** When to look next at a resource reporting PercentProgress, and when it should complete. */
export interface ProgressCheck {
  /** Time of the next check (not yet clamped to the scheduler's minimum or the deadline). */
  at: Date;
  /** Best estimate of completion (middle of the window). */
  eta: Date;
  /** Earliest and latest completion consistent with every sample. */
  window: { earliest: Date; latest: Date };
}

/** Above this relative width of the rate interval, a long jump narrows it more than bisection. */
const COARSE_RATE_WIDTH = 0.05;
/** How far towards the earliest completion the long jump goes. */
const JUMP_FRACTION = 0.9;

interface Point {
  t: number;
  p: number;
}

/**
 * RDS reports whole percents, rounded down, so each sample (t, p) says the mean rate since the step
 * started lies in [p / t, (p + 1) / t]. Intersecting those intervals over all samples bounds the
 * rate, hence the completion time, far more tightly than the last sample alone.
 */
function rateInterval(points: Point[]): { low: number; high: number } | undefined {
  let low = 0;
  let high = Number.POSITIVE_INFINITY;
  for (const { t, p } of points) {
    if (t <= 0) continue;
    low = Math.max(low, p / t);
    high = Math.min(high, (p + 1) / t);
  }
  if (!(low > 0) || !Number.isFinite(high) || low > high) return undefined;
  return { low, high };
}

/**
 * Plans the next check from progress samples, aiming to notice completion within `lagMs` with as few
 * checks as possible. While the completion window is wider than the lag, each check is placed where
 * the reading splits the remaining rate interval in half (the time the middle rate would tick to a
 * whole percent, never later than the earliest completion plus the lag); once the window is narrow, it
 * checks just after the earliest completion. Progress that is not linear (samples contradict each
 * other) falls back to the recent-rate estimate; no progress at all gives undefined (use backoff).
 */
export function planProgressCheck(samples: readonly ProgressSample[], startedAt: Date, now: Date, lagMs: number): ProgressCheck | undefined {
  const t0 = startedAt.getTime();
  const points = samples.map((s) => ({ t: Date.parse(s.at) - t0, p: s.percent }));
  const interval = rateInterval(points);
  const elapsed = now.getTime() - t0;
  if (interval === undefined) {
    const estimate = estimateCompletion(samples, startedAt);
    if (estimate === undefined) return undefined;
    const remaining = Math.max(0, estimate.eta.getTime() - now.getTime());
    const at = new Date(now.getTime() + (remaining <= 20 * 60_000 ? remaining + lagMs / 2 : remaining * 0.75));
    return { at, eta: estimate.eta, window: { earliest: estimate.eta, latest: estimate.eta } };
  }
  const earliest = 100 / interval.high;
  const latest = 100 / interval.low;
  const middleRate = (interval.low + interval.high) / 2;
  const eta = 100 / middleRate;
  let next: number;
  if (elapsed >= latest) {
    next = elapsed + lagMs / 2;
  } else if (latest - earliest <= 2 * lagMs) {
    // Two checks cover a window twice the lag: one a lag after the earliest completion, one at the latest.
    next = elapsed < earliest + lagMs ? earliest + lagMs : latest + lagMs / 4;
  } else if ((interval.high - interval.low) / interval.low > COARSE_RATE_WIDTH) {
    // The rate is still coarse: one reading late in the run pins it to about 1 %.
    next = elapsed + JUMP_FRACTION * (earliest - elapsed);
  } else {
    // Bisect: the reading at the moment the middle rate reaches the next whole percent says on which
    // side of the middle the true rate lies, halving the completion window with one check.
    const tick = Math.floor(middleRate * (elapsed + 60_000)) + 1;
    const tickTime = tick / middleRate;
    next = tick <= 99 && tickTime <= earliest + lagMs ? tickTime : Math.max(elapsed, earliest) + lagMs / 2;
  }
  return {
    at: new Date(t0 + next),
    eta: new Date(t0 + eta),
    window: { earliest: new Date(t0 + earliest), latest: new Date(t0 + latest) },
  };
}
