import type { RefreshMeasurement } from './run-refresh';
import type { BenchSource } from './sources';
import { mean, median, quantile } from './statistics';

/** One source's time from trigger to fresh target over the whole workload, in minutes. */
export interface SourceSummary {
  source: BenchSource['name'];
  label: string;
  refreshes: number;
  succeeded: number;
  freshTargetMeanMin: number;
  freshTargetMedianMin: number;
  freshTargetP95Min: number;
  freshTargetMaxMin: number;
  /** The named case's figure (the 9 TB refresh), when it ran. */
  namedCaseMin?: number;
  doneMeanMin: number;
}

/** Aggregates one source's measurements; `namedCase` picks the case reported on its own. */
export function summarizeSource(source: BenchSource, measurements: readonly RefreshMeasurement[], namedCase: string): SourceSummary {
  const fresh = measurements.flatMap((m) => (m.status === 'SUCCEEDED' && m.triggerToFreshTargetMinutes !== undefined ? [m.triggerToFreshTargetMinutes] : []));
  const done = measurements.flatMap((m) => (m.status === 'SUCCEEDED' && m.triggerToDoneMinutes !== undefined ? [m.triggerToDoneMinutes] : []));
  const named = measurements.find((m) => m.caseName === namedCase)?.triggerToFreshTargetMinutes;
  return {
    source: source.name,
    label: source.label,
    refreshes: measurements.length,
    succeeded: measurements.filter((m) => m.status === 'SUCCEEDED').length,
    freshTargetMeanMin: mean(fresh),
    freshTargetMedianMin: median(fresh),
    freshTargetP95Min: quantile(fresh, 0.95),
    freshTargetMaxMin: Math.max(0, ...fresh),
    ...(named !== undefined ? { namedCaseMin: named } : {}),
    doneMeanMin: mean(done),
  };
}
