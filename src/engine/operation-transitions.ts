import type { StepName } from '../constants';
import { causeChain, type AuroraRestoreError } from '../errors';
import type { StartEvent } from '../events/schema';
import type { Facts, Operation } from '../store/operation';
import { stepToken } from './identity';

/**
 * How an operation changes from one state to the next. Pure: each function returns a new operation
 * for the engine to save (conditional on the version it read), so every transition is testable
 * without a table.
 */

/** DynamoDB TTL (epoch seconds) of an operation finished at `at`. */
export function expiryOf(at: Date, ttlDays: number): number {
  return Math.floor(at.getTime() / 1000) + ttlDays * 86_400;
}

/** A new RUNNING operation at `firstStep`, version 0. */
export function newOperation(event: StartEvent, operationId: string, firstStep: StepName, at: Date): Operation {
  return {
    operationId,
    target: event.request.target.clusterId,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    status: 'RUNNING',
    step: firstStep,
    token: stepToken(operationId, firstStep, 1, 0),
    version: 0,
    request: event.request,
    ...(event.idempotencyKey !== undefined ? { idempotencyKey: event.idempotencyKey } : {}),
    facts: {},
    stepRuns: { [firstStep]: { attempts: 1, checks: 0, startedAt: at.toISOString() } },
    totalChecks: 0,
  };
}

/** The step runs with a new attempt of `step` starting at `at` (checks and deadline start afresh). */
export function startStepRun(operation: Operation, step: StepName, at: Date): Operation['stepRuns'] {
  const previous = operation.stepRuns[step];
  return { ...operation.stepRuns, [step]: { attempts: (previous?.attempts ?? 0) + 1, checks: 0, startedAt: at.toISOString() } };
}

/** The step runs with the current step ended at `at`. */
export function endCurrentStep(operation: Operation, at: Date): Operation['stepRuns'] {
  const run = operation.stepRuns[operation.step];
  if (run === undefined) return operation.stepRuns;
  const durationMs = Math.max(0, at.getTime() - Date.parse(run.startedAt));
  return { ...operation.stepRuns, [operation.step]: { ...run, endedAt: at.toISOString(), durationMs } };
}

/** The operation without the fields that describe a wait in progress, or a claim. */
export function withoutWait(operation: Operation): Operation {
  const { progress: _p, eta: _e, waitReason: _w, waitingOn: _o, nextCheckAt: _n, scheduleName: _s, claim: _c, ...rest } = operation;
  return rest;
}

/** The operation without a claim (the invocation that held it is done with the step). */
export function withoutClaim(operation: Operation): Operation {
  const { claim: _claim, ...rest } = operation;
  return rest;
}

/** The operation claimed for its current token until `until`. */
export function claimed(operation: Operation, until: Date): Operation {
  return { ...operation, claim: { token: operation.token, until: until.toISOString() } };
}

/** True when another invocation holds a live claim on the operation's current token. */
export function isClaimed(operation: Operation, now: Date): boolean {
  return operation.claim !== undefined && operation.claim.token === operation.token && Date.parse(operation.claim.until) > now.getTime();
}

/** The operation moved on to `next`, with what the finished step learned. */
export function advanced(operation: Operation, next: StepName, facts: Partial<Facts> | undefined, at: Date): Operation {
  const ended: Operation = { ...operation, stepRuns: endCurrentStep(operation, at) };
  const stepRuns = startStepRun(ended, next, at);
  return {
    ...withoutWait(ended),
    step: next,
    token: stepToken(operation.operationId, next, stepRuns[next]?.attempts ?? 1, 0),
    facts: { ...operation.facts, ...facts },
    stepRuns,
    updatedAt: at.toISOString(),
  };
}

/** The same step, asked to go on: a new token, so a repeated delivery of the old event is stale. */
export function continued(operation: Operation, facts: Partial<Facts> | undefined, at: Date): Operation {
  const run = operation.stepRuns[operation.step] ?? { attempts: 1, checks: 0, startedAt: at.toISOString() };
  const continuations = (run.continuations ?? 0) + 1;
  return {
    ...withoutWait(operation),
    token: stepToken(operation.operationId, operation.step, run.attempts, run.checks, continuations),
    facts: { ...operation.facts, ...facts },
    stepRuns: { ...operation.stepRuns, [operation.step]: { ...run, continuations } },
    updatedAt: at.toISOString(),
  };
}

/** The operation ended as SUCCEEDED, FAILED (with the error and its causes) or CANCELLED. */
export function finished(
  operation: Operation,
  status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED',
  at: Date,
  ttlDays: number,
  details: { facts?: Partial<Facts>; error?: AuroraRestoreError } = {},
): Operation {
  const error = details.error;
  return {
    ...withoutWait(operation),
    status,
    facts: { ...operation.facts, ...details.facts },
    stepRuns: endCurrentStep(operation, at),
    ...(error !== undefined
      ? { error: { name: error.name, message: error.message, step: operation.step, causes: causeChain(error).slice(1), at: at.toISOString() } }
      : {}),
    updatedAt: at.toISOString(),
    finishedAt: at.toISOString(),
    expiresAt: expiryOf(at, ttlDays),
  };
}

/** A FAILED or CANCELLED operation running again from its step, with a new attempt and token. */
export function resumed(operation: Operation, at: Date): Operation {
  const stepRuns = startStepRun(operation, operation.step, at);
  const { error: _error, finishedAt: _finished, expiresAt: _expires, ...rest } = withoutWait(operation);
  return {
    ...rest,
    status: 'RUNNING',
    stepRuns,
    token: stepToken(operation.operationId, operation.step, stepRuns[operation.step]?.attempts ?? 1, 0),
    updatedAt: at.toISOString(),
  };
}

/**
 * The operation sent to `step` by a command (e.g. rollback), RUNNING again whatever its status and
 * holding its target again (the caller took the lock): the current step ended, a new token, so its
 * pending check is stale.
 */
export function redirected(operation: Operation, step: StepName, facts: Partial<Facts> | undefined, at: Date): Operation {
  const { error: _error, finishedAt: _finished, expiresAt: _expires, targetReleasedAt: _released, ...rest } = advanced(operation, step, facts, at);
  return { ...rest, status: 'RUNNING' };
}

/** The id a notification about the operation's end carries: the same end, the same id, on any delivery. */
export function notificationId(operation: Operation, status: Operation['status']): string {
  const attempt = operation.stepRuns[operation.step]?.attempts ?? 1;
  return `${operation.operationId}.${status.toLowerCase()}.${operation.step}.a${attempt}`;
}

/** True when a notification with this id was already sent. */
export function wasNotified(operation: Operation, id: string): boolean {
  return operation.notificationsSent?.some((sent) => sent.id === id) ?? false;
}
