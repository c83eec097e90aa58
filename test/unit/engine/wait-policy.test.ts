import { backoffDelaySeconds, DEFAULT_WAIT, planWait, resolveWaitPolicy, waitDeadline, type WaitPolicy } from '../../../src/engine/wait-policy';

const seed: WaitPolicy = { ...DEFAULT_WAIT, strategy: 'backoff' };
const start = new Date('2026-11-25T00:00:00Z');

describe('backoffDelaySeconds (the seed schedule)', () => {
  it.each([
    [0, 900],
    [1, 1800],
    [2, 3600],
    [3, 3600],
    [4, 3600],
    [5, 3600],
  ])('wait #%i lasts %i s: 15 min doubling, capped at 1 h', (waitIndex, expected) => {
    expect(backoffDelaySeconds(waitIndex, seed)).toBe(expected);
  });

  it('honours a custom policy', () => {
    const policy = { initialDelaySeconds: 60, multiplier: 3, maxDelaySeconds: 1000 };
    expect([0, 1, 2, 3].map((i) => backoffDelaySeconds(i, policy))).toEqual([60, 180, 540, 1000]);
  });
});

describe('planWait', () => {
  it('follows the backoff table without progress, whole seconds, at least a minute ahead', () => {
    // Prepare: the first wait of a step right after it started.
    const now = new Date(start.getTime() + 1234);

    // Act
    const plan = planWait({ policy: seed, now, stepStartedAt: start, checks: 1, samples: [] });

    // Assess
    expect(plan).toMatchObject({ ok: true, delaySeconds: 900, basis: 'backoff' });
    if (plan.ok) expect(plan.at.getTime() % 1000).toBe(0);
    if (plan.ok) expect(plan.at.getTime() - now.getTime()).toBeGreaterThanOrEqual(900_000);
  });

  it('stops at the maximum number of checks and says how to raise it', () => {
    const plan = planWait({ policy: seed, now: start, stepStartedAt: start, checks: 100, samples: [] });
    expect(plan).toMatchObject({ ok: false, limit: 'maxChecks' });
    if (!plan.ok) expect(plan.message).toContain('waiting.maxChecks = 100');
    expect(planWait({ policy: seed, now: start, stepStartedAt: start, checks: 99, samples: [] }).ok).toBe(true);
  });

  it('grows the deadline with the snapshot: 6 h + 4 h/TB by default', () => {
    expect(waitDeadline(start, 0, seed).toISOString()).toBe('2026-11-25T06:00:00.000Z');
    expect(waitDeadline(start, 9 * 1024, seed).toISOString()).toBe('2026-11-26T18:00:00.000Z');
  });

  it('fails past the deadline, naming the limit and the fields that raise it', () => {
    const now = new Date(start.getTime() + 43 * 3_600_000);
    const plan = planWait({ policy: seed, now, stepStartedAt: start, checks: 30, sizeGb: 9 * 1024, samples: [] });
    expect(plan).toMatchObject({ ok: false, limit: 'deadline' });
    if (!plan.ok) expect(plan.message).toMatch(/deadline 6 h \+ 4 h\/TB × 9\.00 TB.*waiting\.deadlineBaseHours/);
  });

  it('never schedules past the deadline: the last check lands on it', () => {
    const now = new Date(start.getTime() + 5.9 * 3_600_000);
    const plan = planWait({ policy: seed, now, stepStartedAt: start, checks: 5, samples: [] });
    expect(plan).toMatchObject({ ok: true, delaySeconds: 360 });
  });

  it('uses a delay the step asks for (a quota), still at least a minute', () => {
    expect(planWait({ policy: seed, now: start, stepStartedAt: start, checks: 1, samples: [], requestedDelaySeconds: 5 })).toMatchObject({ ok: true, delaySeconds: 60, basis: 'requested' });
  });

  it('polls an event-driven wait only as a safety net with the progress strategy', () => {
    const progress = { ...seed, strategy: 'progress' as const };
    expect([1, 2, 3].map((checks) => planWait({ policy: progress, now: start, stepStartedAt: start, checks, samples: [], eventDriven: true })).map((p) => p.ok && `${p.basis} ${p.delaySeconds}`)).toEqual([
      'safety-net 1800',
      'safety-net 3600',
      'safety-net 3600',
    ]);
    expect(planWait({ policy: seed, now: start, stepStartedAt: start, checks: 1, samples: [], eventDriven: true })).toMatchObject({ basis: 'backoff', delaySeconds: 900 });
  });

  it('waits the fixed delay every time with the fixed strategy', () => {
    const fixed = { ...seed, strategy: 'fixed' as const };
    expect([1, 2, 7].map((checks) => planWait({ policy: fixed, now: start, stepStartedAt: start, checks, samples: [] })).map((p) => p.ok && p.delaySeconds)).toEqual([900, 900, 900]);
  });
});

describe('a timer wait (a keep window)', () => {
  it('waits the requested delay past the deadline and the check limit, which bound waits on work only', () => {
    // Prepare
    const policy = { ...seed, deadlineBaseHours: 6, deadlineHoursPerTb: 0, maxChecks: 1 };
    const day = 24 * 3600;

    // Act
    const timer = planWait({ policy, now: start, stepStartedAt: start, checks: 5, samples: [], requestedDelaySeconds: day, timer: true });
    const work = planWait({ policy, now: start, stepStartedAt: start, checks: 5, samples: [], requestedDelaySeconds: day });

    // Assess
    expect(timer).toEqual({ ok: true, delaySeconds: day, at: new Date(start.getTime() + day * 1000), basis: 'requested' });
    expect(work).toMatchObject({ ok: false, limit: 'maxChecks' });
  });
});

describe('resolveWaitPolicy', () => {
  it('overrides the deployment defaults field by field with the request', () => {
    expect(resolveWaitPolicy({ maxChecks: 5, strategy: undefined }, seed)).toEqual({ ...seed, maxChecks: 5 });
  });
});
