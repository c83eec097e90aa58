import { DEFAULT_DEADLINE, MIN_SCHEDULE_DELAY_SECONDS, SEED_BACKOFF } from '../constants';
import type { RefreshRequest } from '../request/schema';
import type { ProgressSample } from '../store/operation';
import { planProgressCheck } from './progress-planner';

/** How an operation waits. `backoff` is the seed's schedule; `progress` aims at the estimated completion. */
export type WaitStrategy = 'progress' | 'backoff' | 'fixed';

/** The deployment's waiting defaults; every field can be overridden per request. */
export interface WaitDefaults {
  strategy: WaitStrategy;
  initialDelaySeconds: number;
  multiplier: number;
  maxDelaySeconds: number;
  minDelaySeconds: number;
  maxChecks: number;
  deadlineBaseHours: number;
  deadlineHoursPerTb: number;
}

/** The waiting policy in force for one operation. */
export type WaitPolicy = WaitDefaults;

/** The seed's defaults: 15 min doubling to 1 h, 100 checks, a deadline growing with snapshot size. */
export const DEFAULT_WAIT: WaitDefaults = {
  strategy: 'progress',
  initialDelaySeconds: SEED_BACKOFF.initialDelaySeconds,
  multiplier: SEED_BACKOFF.multiplier,
  maxDelaySeconds: SEED_BACKOFF.maxDelaySeconds,
  minDelaySeconds: MIN_SCHEDULE_DELAY_SECONDS,
  maxChecks: SEED_BACKOFF.maxChecks,
  deadlineBaseHours: DEFAULT_DEADLINE.baseHours,
  deadlineHoursPerTb: DEFAULT_DEADLINE.hoursPerTb,
};

/** The request's `waiting` over the deployment's defaults, field by field. */
export function resolveWaitPolicy(waiting: RefreshRequest['waiting'], defaults: WaitDefaults): WaitPolicy {
  const defined = Object.fromEntries(Object.entries(waiting).filter(([, value]) => value !== undefined));
  return { ...defaults, ...defined } as WaitPolicy;
}

/**
 * The seed's capped exponential backoff: the delay before check number `waitIndex + 1`, where
 * `waitIndex` counts the waits already made in this step (0 → initialDelaySeconds).
 */
export function backoffDelaySeconds(waitIndex: number, policy: Pick<WaitPolicy, 'initialDelaySeconds' | 'multiplier' | 'maxDelaySeconds'>): number {
  const raw = policy.initialDelaySeconds * policy.multiplier ** Math.max(0, waitIndex);
  return Math.min(policy.maxDelaySeconds, Math.round(raw));
}

/** When a step that started at `startedAt` must be done: base + hours per TB of snapshot. */
export function waitDeadline(startedAt: Date, sizeGb: number | undefined, policy: Pick<WaitPolicy, 'deadlineBaseHours' | 'deadlineHoursPerTb'>): Date {
  const hours = policy.deadlineBaseHours + policy.deadlineHoursPerTb * ((sizeGb ?? 0) / 1024);
  return new Date(startedAt.getTime() + hours * 3_600_000);
}

/** The input of one waiting decision. */
export interface WaitInput {
  policy: WaitPolicy;
  now: Date;
  stepStartedAt: Date;
  /** Checks already made in this step, including the one that just decided to wait. */
  checks: number;
  sizeGb?: number;
  samples: ProgressSample[];
  /** A delay the step asked for explicitly (e.g. a quota). */
  requestedDelaySeconds?: number;
  /**
   * RDS announces the awaited change with an event (clusters, instances): with the progress
   * strategy, polling is only the safety net for a lost event and starts later.
   */
  eventDriven?: boolean;
  /** The step's own pause of `requestedDelaySeconds` (a keep window): neither the deadline nor maxChecks applies. */
  timer?: boolean;
}

/** Either when to check next, or which limit was exceeded and how to raise it. */
export type WaitPlan =
  | { ok: true; delaySeconds: number; at: Date; eta?: Date; basis: 'requested' | 'eta' | 'backoff' | 'safety-net' | 'fixed' }
  | { ok: false; limit: 'deadline' | 'maxChecks'; message: string };

/** First safety-net poll of an event-driven wait: a lost event costs at most this much lag. */
const EVENT_SAFETY_NET_SECONDS = 1800;

/** How soon after completion the progress strategy aims to notice it. */
const DETECTION_LAG_TARGET_MS = 2 * 60_000;

function hours(ms: number): string {
  return (ms / 3_600_000).toFixed(1);
}

/**
 * Decides when to check next, or fails the wait when a limit is exceeded. Pure: the same input
 * gives the same plan, which is what the tests and the benchmark rely on.
 */
export function planWait(input: WaitInput): WaitPlan {
  const { policy, now } = input;
  const deadline = waitDeadline(input.stepStartedAt, input.sizeGb, policy);
  if (input.timer === true && input.requestedDelaySeconds !== undefined) {
    const delaySeconds = Math.max(MIN_SCHEDULE_DELAY_SECONDS, Math.ceil(input.requestedDelaySeconds));
    return { ok: true, delaySeconds, at: new Date(Math.ceil((now.getTime() + delaySeconds * 1000) / 1000) * 1000), basis: 'requested' };
  }
  if (input.checks >= policy.maxChecks) {
    return {
      ok: false,
      limit: 'maxChecks',
      message: `still not finished after ${input.checks} checks (limit waiting.maxChecks = ${policy.maxChecks}); raise waiting.maxChecks in the request or WAIT_MAX_CHECKS in the deployment, then resume`,
    };
  }
  if (now.getTime() >= deadline.getTime()) {
    return {
      ok: false,
      limit: 'deadline',
      message:
        `still not finished ${hours(now.getTime() - input.stepStartedAt.getTime())} h after the step started ` +
        `(deadline ${policy.deadlineBaseHours} h + ${policy.deadlineHoursPerTb} h/TB × ${((input.sizeGb ?? 0) / 1024).toFixed(2)} TB); ` +
        'raise waiting.deadlineBaseHours or waiting.deadlineHoursPerTb in the request (WAIT_DEADLINE_BASE_HOURS, WAIT_DEADLINE_HOURS_PER_TB in the deployment), then resume',
    };
  }
  let delaySeconds: number;
  let basis: Extract<WaitPlan, { ok: true }>['basis'];
  let eta: Date | undefined;
  if (input.requestedDelaySeconds !== undefined) {
    delaySeconds = input.requestedDelaySeconds;
    basis = 'requested';
  } else if (policy.strategy === 'fixed') {
    delaySeconds = policy.initialDelaySeconds;
    basis = 'fixed';
  } else {
    const progress = policy.strategy === 'progress' ? planProgressCheck(input.samples, input.stepStartedAt, now, DETECTION_LAG_TARGET_MS) : undefined;
    if (progress !== undefined) {
      eta = progress.eta;
      delaySeconds = (progress.at.getTime() - now.getTime()) / 1000;
      basis = 'eta';
    } else if (policy.strategy === 'progress' && input.eventDriven === true) {
      delaySeconds = backoffDelaySeconds(input.checks - 1, { ...policy, initialDelaySeconds: Math.max(policy.initialDelaySeconds, EVENT_SAFETY_NET_SECONDS) });
      basis = 'safety-net';
    } else {
      delaySeconds = backoffDelaySeconds(input.checks - 1, policy);
      basis = 'backoff';
    }
  }
  delaySeconds = Math.max(policy.minDelaySeconds, MIN_SCHEDULE_DELAY_SECONDS, Math.ceil(delaySeconds));
  const untilDeadline = Math.ceil((deadline.getTime() - now.getTime()) / 1000);
  // The last check lands on the deadline rather than past it, so a limit is reported on time.
  delaySeconds = Math.max(MIN_SCHEDULE_DELAY_SECONDS, Math.min(delaySeconds, untilDeadline));
  const at = new Date(Math.ceil((now.getTime() + delaySeconds * 1000) / 1000) * 1000);
  return { ok: true, delaySeconds, at, basis, ...(eta ? { eta } : {}) };
}
