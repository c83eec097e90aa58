import { SeededRandom } from '../../../src/simulation/seeded-random';
import { Timeline } from '../../../src/simulation/timeline';
import type { RdsEvent } from '../../../src/events/schema';

describe('SeededRandom', () => {
  it('draws the same numbers for the same seed, in [0, 1)', () => {
    // Prepare
    const first = new SeededRandom('seed');
    const second = new SeededRandom('seed');

    // Act
    const a = Array.from({ length: 50 }, () => first.next());
    const b = Array.from({ length: 50 }, () => second.next());

    // Assess
    expect(a).toEqual(b);
    expect(a.every((n) => n >= 0 && n < 1)).toBe(true);
  });

  it('spreads a value within ± the spread', () => {
    // Prepare
    const random = new SeededRandom(1);

    // Act
    const values = Array.from({ length: 200 }, () => random.spread(100, 0.2));

    // Assess
    expect(Math.min(...values)).toBeGreaterThanOrEqual(80);
    expect(Math.max(...values)).toBeLessThanOrEqual(120);
  });
});

describe('Timeline', () => {
  const event = (id: string) => ({ source: 'aws.rds', 'detail-type': 'RDS DB Cluster Event', detail: { SourceIdentifier: id } }) as RdsEvent;

  it('applies due transitions in time order and hands out due events', () => {
    // Prepare
    const timeline = new Timeline();
    const applied: string[] = [];
    timeline.schedule(new Date(2000), 'a', () => applied.push('a@2000'));
    timeline.schedule(new Date(1000), 'b', () => applied.push('b@1000'));
    timeline.emit(new Date(1500), 'b', event('b'));

    // Act
    timeline.settle(new Date(1500));
    const next = timeline.nextEventAt();
    const due = timeline.takeEventsUntil(new Date(1500));

    // Assess
    expect(applied).toEqual(['b@1000']);
    expect(next).toEqual(new Date(1500));
    expect(due.map((e) => e.detail.SourceIdentifier)).toEqual(['b']);
    expect(timeline.nextEventAt()).toBeUndefined();
  });

  it('forgets the future of a resource that is cancelled', () => {
    // Prepare
    const timeline = new Timeline();
    const applied: string[] = [];
    timeline.schedule(new Date(1000), 'a', () => applied.push('a'));
    timeline.emit(new Date(1000), 'a', event('a'));

    // Act
    timeline.cancel('a');
    timeline.settle(new Date(5000));

    // Assess
    expect(applied).toEqual([]);
    expect(timeline.nextEventAt()).toBeUndefined();
  });
});
