import type { RefreshMeasurement } from '../../../src/bench/run-refresh';
import { summarizeSource } from '../../../src/bench/source-summary';
import { BENCH_SOURCES } from '../../../src/bench/sources';

function measurement(caseName: string, status: RefreshMeasurement['status'], freshMinutes?: number, doneMinutes?: number): RefreshMeasurement {
  return {
    strategy: 'ours',
    source: 'clone',
    caseName,
    sizeTb: 1,
    status,
    lags: [],
    invocations: 5,
    scheduledInvocations: 2,
    rdsEventInvocations: 3,
    operationWrites: 10,
    itemKb: 3,
    totalChecks: 2,
    copyChecks: [],
    ...(freshMinutes !== undefined ? { triggerToFreshTargetMinutes: freshMinutes } : {}),
    ...(doneMinutes !== undefined ? { triggerToDoneMinutes: doneMinutes } : {}),
  };
}

describe('summarizeSource', () => {
  it('aggregates the time to a fresh target over the successful refreshes only, and reports the named case', () => {
    // Prepare
    const clone = BENCH_SOURCES.find((source) => source.name === 'clone');
    const measurements = [measurement('9 TB', 'SUCCEEDED', 30, 40), measurement('1 TB', 'SUCCEEDED', 10, 12), measurement('2 TB', 'SUCCEEDED', 20, 26), measurement('3 TB', 'FAILED', 500)];

    // Act
    const summary = summarizeSource(clone!, measurements, '9 TB');

    // Assess
    expect(summary).toEqual({
      source: 'clone',
      label: clone?.label,
      refreshes: 4,
      succeeded: 3,
      freshTargetMeanMin: 20,
      freshTargetMedianMin: 20,
      freshTargetP95Min: 30,
      freshTargetMaxMin: 30,
      namedCaseMin: 30,
      doneMeanMin: 26,
    });
  });

  it.each([
    ['snapshot-copy', { source: { clusterId: 'prod' }, copy: { mode: 'auto', kmsKeyId: 'alias/staging-data' } }],
    ['clone', { source: { type: 'clone', clusterId: 'prod' } }],
    ['point-in-time', { source: { type: 'point-in-time', clusterId: 'prod', restoreType: 'full-copy', restoreTime: '2026-11-24T23:00:00.000Z' } }],
  ])('asks for a %s refresh of the same source cluster', (name, expected) => {
    // Act
    const request = BENCH_SOURCES.find((source) => source.name === name)?.request('prod', new Date('2026-11-25T01:00:00Z'));

    // Assess
    expect(request).toEqual(expected);
  });
});
