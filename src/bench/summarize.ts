import { EMF_BYTES_PER_INVOCATION, estimateCost, PRICES } from './cost-model';
import type { RefreshMeasurement } from './run-refresh';
import { mean, quantile } from './statistics';

/** One strategy's figures over the whole workload. */
export interface StrategySummary {
  strategy: string;
  refreshes: number;
  succeeded: number;
  /** Per wait kind: status checks (including the one that saw completion) and detection lag in minutes. */
  waits: Record<'copy' | 'delete' | 'restore', { checks: number; meanLagMin: number; p95LagMin: number; maxLagMin: number }>;
  meanLagMin: number;
  p95LagMin: number;
  maxLagMin: number;
  checksPerRefresh: number;
  invocationsPerRefresh: number;
  costPerRefreshUsd: number;
}

/** Assumed billed time of one invocation: a few AWS calls and a DynamoDB write (not measurable in simulation). */
export const ASSUMED_MS_PER_INVOCATION = 300;
/** The deployed function's memory (serverless.yml). */
export const FUNCTION_MEMORY_MB = 512;

function minutes(ms: number): number {
  return ms / 60_000;
}

/** Aggregates the measurements of one strategy. */
export function summarizeStrategy(strategy: string, measurements: RefreshMeasurement[]): StrategySummary {
  const waits = {} as StrategySummary['waits'];
  for (const kind of ['copy', 'delete', 'restore'] as const) {
    const lags = measurements.flatMap((m) => m.lags.filter((l) => l.wait === kind));
    const lagMinutes = lags.map((l) => minutes(l.lagMs));
    waits[kind] = {
      checks: mean(lags.map((l) => l.checks + 1)),
      meanLagMin: mean(lagMinutes),
      p95LagMin: quantile(lagMinutes, 0.95),
      maxLagMin: Math.max(0, ...lagMinutes),
    };
  }
  const allLags = measurements.flatMap((m) => m.lags.map((l) => minutes(l.lagMs)));
  const costs = measurements.map((m) =>
    estimateCost({
      invocations: m.invocations,
      scheduledInvocations: m.scheduledInvocations,
      // Each save rewrites the whole item; locks, event claims and the create add a few small writes.
      writeUnits: m.operationWrites * Math.ceil(m.itemKb) + 2 + m.rdsEventInvocations,
      readUnits: m.invocations * Math.ceil(m.itemKb / 4),
      msPerInvocation: ASSUMED_MS_PER_INVOCATION,
      memoryMb: FUNCTION_MEMORY_MB,
    }).total,
  );
  return {
    strategy,
    refreshes: measurements.length,
    succeeded: measurements.filter((m) => m.status === 'SUCCEEDED').length,
    waits,
    meanLagMin: mean(allLags),
    p95LagMin: quantile(allLags, 0.95),
    maxLagMin: Math.max(0, ...allLags),
    checksPerRefresh: mean(measurements.map((m) => m.lags.reduce((sum, l) => sum + l.checks + 1, 0))),
    invocationsPerRefresh: mean(measurements.map((m) => m.invocations)),
    costPerRefreshUsd: mean(costs),
  };
}

/** The prices the cost column uses, in words. */
export function priceNote(): string {
  return (
    `Cost per refresh: Lambda $${(PRICES.lambdaPerRequest * 1e6).toFixed(2)}/M requests + $${PRICES.lambdaPerGbSecond}/GB-s (arm64, ` +
    `${FUNCTION_MEMORY_MB} MB, ${ASSUMED_MS_PER_INVOCATION} ms assumed per invocation), Scheduler $${(PRICES.schedulerPerInvocation * 1e6).toFixed(2)}/M invocations, ` +
    `DynamoDB on-demand $${(PRICES.dynamoDbPerWriteUnit * 1e6).toFixed(3)}/M writes and $${(PRICES.dynamoDbPerReadUnit * 1e6).toFixed(3)}/M reads, ` +
    `metrics as embedded metric format, about ${EMF_BYTES_PER_INVOCATION} bytes of log per invocation at $${PRICES.cloudWatchLogsPerGbIngested.toFixed(2)}/GB ingested (us-east-1 list prices; free tiers ignored).`
  );
}
