import { WaitLimitExceededError, type AuroraRestoreError } from '../errors';
import type { Notification } from '../ports/notifier';
import type { Facts, Operation } from '../store/operation';
import type { Effect, Transition } from './effects';
import type { EngineConfig } from './engine-config';
import { scheduleClientToken, scheduleName } from './identity';
import { stepToken } from './identity';
import { advanced, claimed, continued, finished, notificationId, wasNotified, withoutClaim } from './operation-transitions';
import type { Outcome } from './outcome';
import type { Pipeline } from './pipeline';
import { planWait, resolveWaitPolicy, type WaitPlan } from './wait-policy';

/** What a transition depends on besides the operation and the outcome. */
export interface TransitionContext {
  now: Date;
  /** The invocation may run the next step itself (its step and time budgets allow). */
  mayChain: boolean;
  /** Until when a chained step is claimed by this invocation. */
  claimUntil: Date;
  config: Pick<EngineConfig, 'waitDefaults' | 'operationTtlDays'>;
  pipeline: Pick<Pipeline<unknown>, 'steps' | 'dataSizeGb' | 'notifications'> & { events: Pick<Pipeline<unknown>['events'], 'announces'> };
}

/** A continuation runs a minute later: Scheduler's precision, and enough for a fresh invocation. */
const CONTINUATION_DELAY_SECONDS = 60;

type Wait = Extract<Outcome, { type: 'wait' }>;

const metric = (name: string, value: number, unit: 'Count' | 'Seconds', dimensions: Record<string, string>): Effect => ({ type: 'metric', datum: { name, value, unit, dimensions } });

/** Duration and checks of the step that just ended. */
function stepEndMetrics(operation: Operation, at: Date): Effect[] {
  const run = operation.stepRuns[operation.step];
  if (run === undefined) return [];
  const seconds = (at.getTime() - Date.parse(run.startedAt)) / 1000;
  return [metric('StepDuration', seconds, 'Seconds', { Step: operation.step }), metric('StepChecks', run.checks, 'Count', { Step: operation.step })];
}

/**
 * The operation waiting for its next run at `at`, with the schedule that brings it: a status check
 * (`check`, a new token per check) or a continuation (`continue`, the token already renewed).
 */
function scheduledAt(operation: Operation, kind: 'check' | 'continue', at: Date, reason: string, ctx: TransitionContext): { operation: Operation; effect: Effect } {
  const run = operation.stepRuns[operation.step];
  const attempt = run?.attempts ?? 1;
  const number = kind === 'check' ? (run?.checks ?? 0) : (run?.continuations ?? 0);
  const name = scheduleName(operation.operationId, ctx.pipeline.steps[operation.step].code, attempt, number, kind);
  const payload = { operationId: operation.operationId, step: operation.step, token: operation.token };
  return {
    operation: { ...withoutClaim(operation), waitReason: reason, nextCheckAt: at.toISOString(), scheduleName: name, updatedAt: ctx.now.toISOString() },
    effect: { type: 'schedule', check: { name, at, payload, clientToken: scheduleClientToken(name, operation.token) } },
  };
}

function planFor(operation: Operation, checks: number, eventDriven: boolean, ctx: TransitionContext, wait?: Wait, samples = operation.progress ?? []): WaitPlan {
  const run = operation.stepRuns[operation.step];
  const sizeGb = ctx.pipeline.dataSizeGb(operation);
  return planWait({
    policy: resolveWaitPolicy(operation.request.waiting, ctx.config.waitDefaults),
    now: ctx.now,
    stepStartedAt: new Date(run?.startedAt ?? ctx.now.toISOString()),
    checks,
    ...(sizeGb !== undefined ? { sizeGb } : {}),
    samples,
    ...(wait?.delaySeconds !== undefined ? { requestedDelaySeconds: wait.delaySeconds } : {}),
    ...(wait?.timer === true && wait.delaySeconds !== undefined ? { timer: true } : {}),
    eventDriven,
  });
}

/** The operation ended FAILED: the error saved, the failure notification sent once, the lock released. */
export function failedTransition(operation: Operation, error: AuroraRestoreError, facts: Partial<Facts> | undefined, ctx: TransitionContext): Transition {
  error.operationId ??= operation.operationId;
  error.step ??= operation.step;
  const ended = finished({ ...operation, facts: { ...operation.facts, ...facts } }, 'FAILED', ctx.now, ctx.config.operationTtlDays, { error });
  // What is the operation's own and now useless is undone first; its lock and error are saved either way.
  // After the target was released the result is delivered and in use: nothing of it is useless, and
  // what now stands under the target's name may be another operation's.
  const before: Effect[] = operation.targetReleasedAt === undefined ? [{ type: 'compensate' }] : [];
  if (operation.request.notification.onFailure) before.push(...notify(ended, ctx.pipeline.notifications.failed(ended)));
  return {
    operation: ended,
    before,
    after: [
      { type: 'log', level: 'error', message: 'operation failed', fields: { error } },
      metric('OperationFailed', 1, 'Count', { Step: operation.step, Target: operation.target }),
      { type: 'release-lock' },
    ],
    chain: false,
  };
}

/** A publish effect for the notification about the operation's end, unless it was sent already or has no topic. */
export function notify(ended: Operation, notification: Notification | undefined): Effect[] {
  return publishOnce(ended, notificationId(ended, ended.status), notification);
}

/** A publish effect for `notification` under the deterministic `id`, unless it was sent already or has no topic. */
function publishOnce(operation: Operation, id: string, notification: Notification | undefined): Effect[] {
  if (notification === undefined) return [];
  if (wasNotified(operation, id)) return [];
  if (notification.topicArn === undefined) return [{ type: 'log', level: 'warn', message: 'no topic configured: notification not sent', fields: { notificationId: id } }];
  return [{ type: 'publish', id, notification: { ...notification, attributes: { ...notification.attributes, notificationId: id } } }];
}

/** The success counted: what the missed-refresh alarm and the dashboard read (a dry run is not a refresh). */
function deliveredMetrics(operation: Operation, ctx: TransitionContext): Effect[] {
  const totalSeconds = (ctx.now.getTime() - Date.parse(operation.createdAt)) / 1000;
  return [
    // A dry run changes nothing: counting it as a refresh would silence the missed-refresh alarm.
    metric(operation.request.dryRun ? 'DryRunSucceeded' : 'OperationSucceeded', 1, 'Count', { Target: operation.target }),
    metric('OperationDuration', totalSeconds, 'Seconds', { Target: operation.target }),
  ];
}

function succeededTransition(operation: Operation, outcome: Extract<Outcome, { type: 'succeed' }>, ctx: TransitionContext): Transition {
  const ended = finished(operation, 'SUCCEEDED', ctx.now, ctx.config.operationTtlDays, outcome.facts !== undefined ? { facts: outcome.facts } : {});
  const totalSeconds = (ctx.now.getTime() - Date.parse(operation.createdAt)) / 1000;
  if (operation.targetReleasedAt !== undefined) {
    // Announced and counted when the target was released: the end of the tidy-up is neither a second
    // success message nor a second refresh for the missed-refresh alarm.
    const tidySeconds = (ctx.now.getTime() - Date.parse(operation.targetReleasedAt)) / 1000;
    return {
      operation: ended,
      before: [],
      after: [
        ...stepEndMetrics(operation, ctx.now),
        metric('OperationTidiedUp', 1, 'Count', { Target: operation.target }),
        { type: 'log', level: 'info', message: 'operation finished its tidy-up (its result was delivered and announced when it released the target)', fields: { targetReleasedAt: operation.targetReleasedAt, tidyUpSeconds: tidySeconds, durationMs: totalSeconds * 1000 } },
        // Not held since the release, unless a rollback took it again: the release is conditional on the holder.
        { type: 'release-lock' },
      ],
      chain: false,
    };
  }
  return {
    operation: ended,
    before: notify(ended, outcome.notification),
    after: [
      ...stepEndMetrics(operation, ctx.now),
      ...deliveredMetrics(operation, ctx),
      { type: 'log', level: 'info', message: 'operation succeeded', fields: { durationMs: totalSeconds * 1000, totalChecks: operation.totalChecks } },
      { type: 'release-lock' },
    ],
    chain: false,
  };
}

/**
 * An advance that delivers the operation's result (see Outcome `releaseTarget`): the success
 * notification published before the save under the id a success at the delivering step carries
 * (recorded, so a repeated run sends nothing new), `targetReleasedAt` saved, then the lock released
 * and the success counted. An operation that released its target already changes nothing here.
 */
function releasedTarget(operation: Operation, next: Operation, release: { notification?: Notification }, ctx: TransitionContext): { operation: Operation; before: Effect[]; after: Effect[] } {
  if (operation.targetReleasedAt !== undefined) return { operation: { ...next, targetReleasedAt: operation.targetReleasedAt }, before: [], after: [] };
  const totalSeconds = (ctx.now.getTime() - Date.parse(operation.createdAt)) / 1000;
  return {
    operation: { ...next, targetReleasedAt: ctx.now.toISOString() },
    before: publishOnce(operation, notificationId(operation, 'SUCCEEDED'), release.notification),
    after: [
      { type: 'release-lock' },
      ...deliveredMetrics(operation, ctx),
      { type: 'log', level: 'info', message: 'result delivered: target released; the operation goes on tidying up', fields: { durationMs: totalSeconds * 1000, next: next.step } },
    ],
  };
}

/** Runs `next` now, in this invocation, or schedules it a minute from now when the budget is spent. */
function runNextOrContinueLater(next: Operation, reason: string, before: Effect[], after: Effect[], ctx: TransitionContext): Transition {
  if (ctx.mayChain) return { operation: claimed(next, ctx.claimUntil), before, after, chain: true };
  const at = new Date(Math.ceil((ctx.now.getTime() + CONTINUATION_DELAY_SECONDS * 1000) / 1000) * 1000);
  const scheduled = scheduledAt(next, 'continue', at, reason, ctx);
  return {
    operation: scheduled.operation,
    before: [...before, scheduled.effect],
    after: [...after, { type: 'log', level: 'info', message: 'continuing in a new invocation', fields: { nextCheckAt: at.toISOString() } }],
    chain: false,
  };
}

function advancedTransition(operation: Operation, outcome: Extract<Outcome, { type: 'advance' }>, ctx: TransitionContext): Transition {
  const moved = advanced(operation, outcome.next, outcome.facts, ctx.now);
  const release = outcome.releaseTarget !== undefined ? releasedTarget(operation, moved, outcome.releaseTarget, ctx) : { operation: moved, before: [], after: [] };
  const next = release.operation;
  const after: Effect[] = [...stepEndMetrics(operation, ctx.now), { type: 'log', level: 'info', message: 'step done', fields: { next: outcome.next } }, ...release.after];
  if (outcome.checkLater !== true) return runNextOrContinueLater(next, 'continuing in a new invocation (time budget)', release.before, after, ctx);
  // Something just started (a copy, a delete, a restore): its first check after the policy's first delay.
  const plan = planFor(next, 1, ctx.pipeline.steps[next.step].wakesOnEvents === true, ctx, undefined, []);
  if (!plan.ok) return failedTransition(next, new WaitLimitExceededError(`${next.step}: ${plan.message}`), undefined, ctx);
  const scheduled = scheduledAt(next, 'check', plan.at, `${next.step}: first check after the operation started`, ctx);
  return { operation: scheduled.operation, before: [...release.before, scheduled.effect], after, chain: false };
}

function waitingTransition(operation: Operation, outcome: Wait, ctx: TransitionContext): Transition {
  const run = operation.stepRuns[operation.step] ?? { attempts: 1, checks: 0, startedAt: ctx.now.toISOString() };
  const checks = run.checks + 1;
  const samples =
    outcome.percentProgress !== undefined ? [...(operation.progress ?? []), { at: ctx.now.toISOString(), percent: outcome.percentProgress }].slice(-20) : (operation.progress ?? []);
  // Polling is only the safety net when an awaited resource announces its completion with an event.
  const eventDriven = outcome.waitingOn?.some((resource) => ctx.pipeline.events.announces(resource)) ?? false;
  const plan = planFor(operation, checks, eventDriven, ctx, outcome, samples);
  if (!plan.ok) return failedTransition(operation, new WaitLimitExceededError(`${operation.step}: ${outcome.reason}; ${plan.message}`), outcome.facts, ctx);
  const { progress: _p, eta: _e, waitingOn: _w, ...rest } = operation;
  const waiting: Operation = {
    ...rest,
    token: stepTokenFor(operation, run.attempts, checks),
    facts: { ...operation.facts, ...outcome.facts },
    stepRuns: { ...operation.stepRuns, [operation.step]: { ...run, checks } },
    totalChecks: operation.totalChecks + 1,
    ...(samples.length > 0 ? { progress: samples } : {}),
    ...(plan.eta !== undefined ? { eta: plan.eta.toISOString() } : {}),
    ...(outcome.waitingOn !== undefined ? { waitingOn: outcome.waitingOn } : {}),
  };
  const scheduled = scheduledAt(waiting, 'check', plan.at, outcome.reason, ctx);
  return {
    operation: scheduled.operation,
    before: [scheduled.effect],
    after: [
      metric('Checks', 1, 'Count', { Step: operation.step }),
      {
        type: 'log',
        level: 'info',
        message: 'waiting',
        fields: { reason: outcome.reason, delaySeconds: plan.delaySeconds, nextCheckAt: plan.at.toISOString(), eta: plan.eta?.toISOString(), checks, percentProgress: outcome.percentProgress },
      },
    ],
    chain: false,
  };
}

/**
 * From an operation and what its step decided to the next operation and the effects around its
 * save. Pure: the same input gives the same transition.
 */
export function transition(operation: Operation, outcome: Outcome, ctx: TransitionContext): Transition {
  switch (outcome.type) {
    case 'advance':
      return advancedTransition(operation, outcome, ctx);
    case 'wait':
      return waitingTransition(operation, outcome, ctx);
    case 'continue':
      return runNextOrContinueLater(continued(operation, outcome.facts, ctx.now), outcome.reason, [], [{ type: 'log', level: 'info', message: 'step continues', fields: { reason: outcome.reason } }], ctx);
    case 'succeed':
      return succeededTransition(operation, outcome, ctx);
    case 'fail':
      return failedTransition(operation, outcome.error, outcome.facts, ctx);
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A running operation given a prompt new run of its current step (the sweep's rescue), its token kept. */
export function rescheduledTransition(operation: Operation, ctx: TransitionContext): Transition {
  const at = new Date(Math.ceil((ctx.now.getTime() + CONTINUATION_DELAY_SECONDS * 1000) / 1000) * 1000);
  const rescued = continued(operation, undefined, ctx.now);
  const scheduled = scheduledAt(rescued, 'continue', at, `${operation.step}: rescheduled by the sweep (no check was due)`, ctx);
  return { operation: scheduled.operation, before: [scheduled.effect], after: [], chain: false };
}

function stepTokenFor(operation: Operation, attempt: number, check: number): string {
  return stepToken(operation.operationId, operation.step, attempt, check);
}
