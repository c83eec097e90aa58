import type { StepName } from '../constants';
import { causeChain, type AuroraRestoreError } from '../errors';
import type { StartEvent } from '../events/schema';
import type { Facts, Operation } from '../store/operation';
import { stepToken } from './identity';

/**
 * How an operation changes from one state to the next. Pure: each function returns a new item for
 * the dispatcher to save (conditional on the version it read), so every transition is testable
 * without a table.
 */

/** DynamoDB TTL (epoch seconds) of an operation finished at `at`. */
export function expiryOf(at: Date, ttlDays: number): number {
  return Math.floor(at.getTime() / 1000) + ttlDays * 86_400;
}

/** A new RUNNING operation at step `start`, version 0. */
export function newOperation(event: StartEvent, operationId: string, at: Date): Operation {
  return {
    pk: operationId,
    itemType: 'operation',
    operationId,
    target: event.request.target.clusterId,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    status: 'RUNNING',
    step: 'start',
    token: stepToken(operationId, 'start', 1, 0),
    version: 0,
    request: event.request,
    ...(event.idempotencyKey !== undefined ? { idempotencyKey: event.idempotencyKey } : {}),
    facts: {},
    stepRuns: { start: { attempts: 1, checks: 0, startedAt: at.toISOString() } },
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

/** The operation without the fields that describe a wait in progress. */
export function withoutWait(operation: Operation): Operation {
  const { progress: _p, eta: _e, waitReason: _w, waitingOn: _o, nextCheckAt: _n, scheduleName: _s, ...rest } = operation;
  return rest;
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
