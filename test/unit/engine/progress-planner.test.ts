import { planProgressCheck } from '../../../src/engine/progress-planner';
import { DEFAULT_WAIT, planWait } from '../../../src/engine/wait-policy';

const start = new Date('2026-11-25T00:00:00Z');

/** Follows planWait on a linear copy reporting whole percents, as RDS does; returns checks and lag. */
function followLinearCopy(hours: number): { checks: number; lagMinutes: number } {
  const duration = hours * 3_600_000;
  const samples: { at: string; percent: number }[] = [];
  let now = start.getTime();
  for (let checks = 1; checks < 200; checks += 1) {
    const elapsed = now - start.getTime();
    if (elapsed >= duration) return { checks, lagMinutes: (elapsed - duration) / 60_000 };
    samples.push({ at: new Date(now).toISOString(), percent: Math.floor((elapsed / duration) * 100) });
    const plan = planWait({ policy: { ...DEFAULT_WAIT, deadlineBaseHours: 200 }, now: new Date(now), stepStartedAt: start, checks, samples });
    if (!plan.ok) throw new Error(plan.message);
    now = plan.at.getTime();
  }
  throw new Error('never finished');
}

describe('planProgressCheck', () => {
  it('gives nothing to go on without progress', () => {
    expect(planProgressCheck([{ at: start.toISOString(), percent: 0 }], start, start, 120_000)).toBeUndefined();
  });

  it('bounds completion by every sample: 1 % after 15 min means 12.5 h to 25 h', () => {
    const now = new Date(start.getTime() + 15 * 60_000);
    const plan = planProgressCheck([{ at: now.toISOString(), percent: 1 }], start, now, 120_000);
    expect(plan?.window.earliest.toISOString()).toBe('2026-11-25T12:30:00.000Z');
    expect(plan?.window.latest.toISOString()).toBe('2026-11-26T01:00:00.000Z');
    expect(plan!.at.getTime()).toBeLessThan(plan!.window.earliest.getTime());
  });

  it.each([1, 8, 24])('notices a steady %i h copy within 2 minutes with at most 8 checks', (hours) => {
    const { checks, lagMinutes } = followLinearCopy(hours);
    expect(checks).toBeLessThanOrEqual(8);
    expect(lagMinutes).toBeLessThanOrEqual(2);
  });

  it('falls back to backoff with the backoff strategy, ignoring progress', () => {
    const now = new Date(start.getTime() + 15 * 60_000);
    const plan = planWait({ policy: { ...DEFAULT_WAIT, strategy: 'backoff' }, now, stepStartedAt: start, checks: 2, samples: [{ at: now.toISOString(), percent: 1 }] });
    expect(plan).toMatchObject({ ok: true, basis: 'backoff', delaySeconds: 1800 });
  });
});
