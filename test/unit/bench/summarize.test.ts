import { estimateCost, PRICES } from '../../../src/bench/cost-model';
import type { RefreshMeasurement } from '../../../src/bench/run-refresh';
import { mean, median, quantile } from '../../../src/bench/statistics';
import { SeededRandom } from '../../../src/simulation/seeded-random';
import { summarizeStrategy } from '../../../src/bench/summarize';
import { benchWorkload } from '../../../src/bench/workload';

function measurement(lags: [('copy' | 'delete' | 'restore'), number, number][], invocations = 10): RefreshMeasurement {
  return {
    strategy: 's',
    caseName: 'c',
    sizeTb: 1,
    status: 'SUCCEEDED',
    lags: lags.map(([wait, minutes, checks]) => ({ wait, lagMs: minutes * 60_000, checks })),
    invocations,
    scheduledInvocations: invocations - 1,
    rdsEventInvocations: 0,
    operationWrites: 20,
    itemKb: 3.2,
    totalChecks: 5,
    copyChecks: [],
  };
}

describe('benchmark arithmetic', () => {
  it('computes mean, median and nearest-rank quantiles', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(quantile([], 0.5)).toBe(0);
  });

  it('draws the same workload for the same seed, sizes within 0.1–20 TB, the 9 TB case first', () => {
    const first = benchWorkload(12, 3);
    expect(benchWorkload(12, 3)).toEqual(first);
    expect(first[0]).toMatchObject({ name: '9 TB', sizeTb: 9 });
    expect(first.every((c) => c.sizeTb >= 0.1 && c.sizeTb <= 20)).toBe(true);
    expect(new SeededRandom(1).next()).toBe(new SeededRandom(1).next());
  });

  it('counts the completing check in checks per wait and reports lag in minutes', () => {
    const summary = summarizeStrategy('s', [measurement([['copy', 2, 4], ['restore', 0, 2]]), measurement([['copy', 4, 6], ['restore', 1, 2]])]);
    expect(summary.waits.copy).toEqual({ checks: 6, meanLagMin: 3, p95LagMin: 4, maxLagMin: 4 });
    expect(summary.checksPerRefresh).toBe(((4 + 1 + 2 + 1) + (6 + 1 + 2 + 1)) / 2);
    expect(summary.meanLagMin).toBeCloseTo(7 / 4);
  });

  it('prices a refresh from its invocations, schedules and writes', () => {
    const cost = estimateCost({ invocations: 10, scheduledInvocations: 9, writeUnits: 100, readUnits: 10, msPerInvocation: 1000, memoryMb: 1024 });
    expect(cost.lambda).toBeCloseTo(10 * (PRICES.lambdaPerRequest + PRICES.lambdaPerGbSecond));
    expect(cost.scheduler).toBeCloseTo(9 * PRICES.schedulerPerInvocation);
    expect(cost.total).toBeCloseTo(cost.lambda + cost.scheduler + cost.dynamoDb + cost.cloudWatch);
  });
});
