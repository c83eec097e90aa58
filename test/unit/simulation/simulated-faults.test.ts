import { at, simulation, START } from './simulation-fixtures';

async function throttlePattern(seed: number, rate: number, calls = 200): Promise<boolean[]> {
  const { aurora } = simulation({ seed, faults: { throttleRate: rate } });
  const pattern: boolean[] = [];
  for (let i = 0; i < calls; i += 1) {
    pattern.push(await aurora.describeCluster('staging').then(() => false, (error: { code: string }) => error.code === 'Throttling'));
  }
  return pattern;
}

describe('simulated faults', () => {
  it('throttles at the given rate, the same calls for the same seed', async () => {
    // Act
    const first = await throttlePattern(7, 0.3);
    const again = await throttlePattern(7, 0.3);
    const otherSeed = await throttlePattern(8, 0.3);

    // Assess
    const rate = first.filter(Boolean).length / first.length;
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.4);
    expect(again).toEqual(first);
    expect(otherSeed).not.toEqual(first);
  });

  it('throttles only the named operations, and a throttled write changes nothing', async () => {
    // Prepare
    const { aurora } = simulation({ faults: { throttleRate: 1, throttleOperations: ['deleteInstance'] } });
    aurora.addCluster({ id: 'staging', instances: [{ id: 'staging-1' }] });

    // Act
    const read = await aurora.describeInstance('staging-1');
    const write = await aurora.deleteInstance('staging-1').then(() => 'ok', (error: { code: string; retryable: boolean }) => `${error.code} retryable=${error.retryable}`);

    // Assess
    expect(read?.status).toBe('available');
    expect(write).toBe('Throttling retryable=true');
    expect(aurora.peekInstance('staging-1')?.status).toBe('available');
    expect(aurora.throttledCalls().map((call) => call.operation)).toEqual(['deleteInstance']);
  });

  it('ends a restore in incompatible-parameters, without the cluster-created event', async () => {
    // Prepare
    const { aurora, clock } = simulation({ faults: { restoreEndsIn: 'incompatible-parameters' } });
    aurora.addSnapshot({ id: 'prod-nightly', clusterId: 'prod', createdAt: START, sizeGb: 100 });

    // Act
    await aurora.restoreClusterFromSnapshot({ clusterId: 'staging', snapshot: 'prod-nightly', engine: 'aurora-postgresql', deletionProtection: false, copyTagsToSnapshot: true, tags: {} });
    at(clock, 120);
    const cluster = await aurora.describeCluster('staging');

    // Assess
    expect(cluster?.status).toBe('incompatible-parameters');
    expect(aurora.nextEventAt()).toBeUndefined();
  });

  it.each([
    ['a rule naming the event and resource', { lostEvents: [{ eventId: 'RDS-EVENT-0003' as const, sourceIdentifier: 'staging-1' }] }, ['staging-2'], ['staging-1']],
    ['a rule naming the event only', { lostEvents: [{ eventId: 'RDS-EVENT-0003' as const }] }, [], ['staging-1', 'staging-2']],
    ['a loss rate of 1', { eventLossRate: 1 }, [], ['staging-1', 'staging-2']],
  ])('loses events by %s', async (_case, faults, delivered, lost) => {
    // Prepare
    const { aurora, clock } = simulation({ faults });
    aurora.addCluster({ id: 'staging', instances: [{ id: 'staging-1' }, { id: 'staging-2' }] });

    // Act
    await aurora.deleteInstance('staging-1');
    await aurora.deleteInstance('staging-2');
    at(clock, 60);
    const events = aurora.takeEventsUntil(clock.now());

    // Assess
    expect(events.map((event) => event.detail.SourceIdentifier)).toEqual(delivered);
    expect(aurora.lostEvents.map((event) => event.detail.SourceIdentifier)).toEqual(lost);
    expect(aurora.peekInstance('staging-1')).toBeUndefined();
  });
});
