import type { StepName } from '../constants';
import { AuroraRestoreError, LockHeldError, OperationExistsError, StepFailedError, VersionConflictError, WaitLimitExceededError } from '../errors';
import type { ContinuationEvent, DispatcherEvent, RdsEvent, StartEvent } from '../events/schema';
import { buildFailureNotification } from '../notifications/failure-notification';
import type { Logger } from '../observability/logger';
import { checkRequestAgainstDeployment } from '../request/deployment-safety';
import type { Ports } from '../ports';
import { summarize, type Operation } from '../store/operation';
import { isTransient } from './classify-error';
import { createCommandHandler } from './commands';
import type { DispatchResult, InvocationContext } from './dispatch-result';
import type { EngineConfig } from './engine-config';
import { newOperationId, scheduleClientToken, scheduleName, stepToken } from './identity';
import { advanced, finished, newOperation } from './operation-transitions';
import type { Outcome } from './outcome';
import { findOperationForRdsEvent, isEventDrivenStep } from './rds-event-match';
import type { StepRegistry } from './step';
import { planWait, resolveWaitPolicy } from './wait-policy';

export type { DispatchResult, InvocationContext } from './dispatch-result';

export interface DispatcherOptions {
  ports: Ports;
  config: EngineConfig;
  steps: StepRegistry;
}

const CONTINUATION_DELAY_SECONDS = 60;
/** Delay before retrying a step after throttling or a 5xx (the SDK has already retried within the call). */
const TRANSIENT_RETRY_DELAY_SECONDS = 120;

/** Creates the dispatcher over its ports: the only place where an Outcome turns into effects. */
export function createDispatcher(options: DispatcherOptions) {
  const { ports, config, steps } = options;
  const { store, scheduler, metrics, clock } = ports;

  function now(): Date {
    return clock.now();
  }

  function loggerFor(operation: Pick<Operation, 'operationId' | 'step'>): Logger {
    return ports.logger.child({ operationId: operation.operationId, step: operation.step });
  }

  function attemptOf(operation: Operation): number {
    return operation.stepRuns[operation.step]?.attempts ?? 1;
  }

  /** Runs the current step; a thrown error becomes a wait (transient) or a failure (anything else). */
  async function execute(operation: Operation, log: Logger): Promise<Outcome> {
    const step = steps[operation.step];
    const at = now();
    try {
      return await step({ operation, request: operation.request, ports, now: at, logger: log, config });
    } catch (error) {
      if (isTransient(error)) {
        const message = error instanceof Error ? error.message : String(error);
        log.warn('transient error, will retry', { error });
        // Throttling and 5xx pass in minutes: retry soon rather than on the status-check backoff.
        return { type: 'wait', reason: `retrying after a transient error: ${message}`, delaySeconds: TRANSIENT_RETRY_DELAY_SECONDS };
      }
      const wrapped =
        error instanceof AuroraRestoreError
          ? error
          : new StepFailedError(`Step ${operation.step} failed: ${error instanceof Error ? error.message : String(error)}`, {
              operationId: operation.operationId,
              step: operation.step,
              cause: error,
            });
      return { type: 'fail', error: wrapped };
    }
  }

  async function finishFailed(operation: Operation, error: AuroraRestoreError, log: Logger): Promise<Operation> {
    error.operationId ??= operation.operationId;
    error.step ??= operation.step;
    const failed = finished(operation, 'FAILED', now(), config.operationTtlDays, { error });
    const saved = await store.save(failed, operation.version);
    log.error('operation failed', { error });
    metrics.add({ name: 'OperationFailed', value: 1, unit: 'Count', dimensions: { Step: operation.step, Target: operation.target } });
    if (!(error instanceof LockHeldError)) {
      await store.releaseLock(operation.target, operation.operationId);
    }
    if (operation.request.notification.onFailure) {
      try {
        const notification = buildFailureNotification(saved, config.defaultTopicArn);
        if (notification.topicArn !== undefined) await ports.notifier.publish(notification);
        else log.warn('no topic configured: failure notification not sent');
      } catch (notifyError) {
        // The failure is saved and the lock released; a lost notification must not hide that.
        log.error('failure notification could not be sent', { error: notifyError });
        metrics.add({ name: 'NotificationFailed', value: 1, unit: 'Count', dimensions: { Target: operation.target } });
      }
    }
    return saved;
  }

  async function finishSucceeded(operation: Operation, facts: Partial<Operation['facts']> | undefined, log: Logger): Promise<Operation> {
    const at = now();
    const succeeded = finished(operation, 'SUCCEEDED', at, config.operationTtlDays, facts !== undefined ? { facts } : {});
    const saved = await store.save(succeeded, operation.version);
    await store.releaseLock(operation.target, operation.operationId);
    const totalMs = at.getTime() - Date.parse(operation.createdAt);
    // A dry run changes nothing: counting it as a refresh would silence the missed-refresh alarm.
    metrics.add({ name: operation.request.dryRun ? 'DryRunSucceeded' : 'OperationSucceeded', value: 1, unit: 'Count', dimensions: { Target: operation.target } });
    metrics.add({ name: 'OperationDuration', value: totalMs / 1000, unit: 'Seconds', dimensions: { Target: operation.target } });
    log.info('operation succeeded', { durationMs: totalMs, totalChecks: operation.totalChecks });
    return saved;
  }

  function recordStepMetrics(operation: Operation, at: Date): void {
    const run = operation.stepRuns[operation.step];
    if (run === undefined) return;
    const seconds = (at.getTime() - Date.parse(run.startedAt)) / 1000;
    metrics.add({ name: 'StepDuration', value: seconds, unit: 'Seconds', dimensions: { Step: operation.step } });
    metrics.add({ name: 'StepChecks', value: run.checks, unit: 'Count', dimensions: { Step: operation.step } });
  }

  async function advanceTo(operation: Operation, next: StepName, facts: Partial<Operation['facts']> | undefined): Promise<Operation> {
    const at = now();
    recordStepMetrics(operation, at);
    return store.save(advanced(operation, next, facts, at), operation.version);
  }

  /** Schedules the next run of the current step (a wait, or a continuation after the time budget). */
  async function scheduleNext(
    operation: Operation,
    outcome: Extract<Outcome, { type: 'wait' }> | { type: 'continue' } | { type: 'first-check' },
    log: Logger,
  ): Promise<Operation> {
    const at = now();
    const run = operation.stepRuns[operation.step] ?? { attempts: 1, checks: 0, startedAt: at.toISOString() };
    const isWait = outcome.type === 'wait';
    const checks = isWait ? run.checks + 1 : run.checks;
    const samples =
      isWait && outcome.percentProgress !== undefined
        ? [...(operation.progress ?? []), { at: at.toISOString(), percent: outcome.percentProgress }].slice(-20)
        : (operation.progress ?? []);
    let delaySeconds = CONTINUATION_DELAY_SECONDS;
    let eta: Date | undefined;
    let fireAt = new Date(Math.ceil((at.getTime() + delaySeconds * 1000) / 1000) * 1000);
    if (outcome.type === 'first-check') {
      // The first look at something just started: the policy's first delay, no progress known yet.
      const plan = planWait({ policy: resolveWaitPolicy(operation.request.waiting, config.waitDefaults), now: at, stepStartedAt: new Date(run.startedAt), checks: 1, samples: [], eventDriven: isEventDrivenStep(operation.step) });
      if (plan.ok) {
        delaySeconds = plan.delaySeconds;
        fireAt = plan.at;
      }
    }
    if (isWait) {
      const plan = planWait({
        policy: resolveWaitPolicy(operation.request.waiting, config.waitDefaults),
        now: at,
        stepStartedAt: new Date(run.startedAt),
        checks,
        ...(operation.facts.sizeGb !== undefined ? { sizeGb: operation.facts.sizeGb } : {}),
        samples,
        ...(outcome.delaySeconds !== undefined ? { requestedDelaySeconds: outcome.delaySeconds } : {}),
        eventDriven: outcome.waitingOn?.some((ref) => ref.kind !== 'snapshot') ?? false,
      });
      if (!plan.ok) {
        const error = new WaitLimitExceededError(`${operation.step}: ${outcome.reason}; ${plan.message}`, {
          operationId: operation.operationId,
          step: operation.step,
        });
        return finishFailed({ ...operation, facts: { ...operation.facts, ...outcome.facts } }, error, log);
      }
      delaySeconds = plan.delaySeconds;
      eta = plan.eta;
      fireAt = plan.at;
    }
    // A continuation keeps the stored token: nothing was decided, the step simply has not run yet.
    const token = isWait ? stepToken(operation.operationId, operation.step, run.attempts, checks) : operation.token;
    const name = scheduleName(operation.operationId, operation.step, run.attempts, checks, isWait ? 'check' : 'continue');
    await scheduler.schedule({
      name,
      at: fireAt,
      payload: { operationId: operation.operationId, step: operation.step, token },
      clientToken: scheduleClientToken(name, token),
    });
    const waiting: Operation = {
      ...operation,
      token,
      facts: isWait ? { ...operation.facts, ...outcome.facts } : operation.facts,
      stepRuns: { ...operation.stepRuns, [operation.step]: { ...run, checks } },
      totalChecks: operation.totalChecks + (isWait ? 1 : 0),
      progress: samples.length > 0 ? samples : undefined,
      eta: eta?.toISOString(),
      waitReason: isWait ? outcome.reason : outcome.type === 'first-check' ? `${operation.step}: first check after the operation started` : 'continuing in a new invocation (time budget)',
      waitingOn: isWait ? outcome.waitingOn : undefined,
      nextCheckAt: fireAt.toISOString(),
      scheduleName: name,
      updatedAt: at.toISOString(),
    };
    for (const key of ['progress', 'eta', 'waitingOn'] as const) if (waiting[key] === undefined) delete waiting[key];
    const saved = await store.save(waiting, operation.version);
    if (isWait) {
      metrics.add({ name: 'Checks', value: 1, unit: 'Count', dimensions: { Step: operation.step } });
      log.info('waiting', { reason: outcome.reason, delaySeconds, nextCheckAt: saved.nextCheckAt, eta: saved.eta, checks, percentProgress: outcome.percentProgress });
    } else {
      log.info('continuing in a new invocation', { nextCheckAt: saved.nextCheckAt });
    }
    return saved;
  }

  /** Runs steps until one waits, fails or succeeds, or the invocation's time budget is spent. */
  async function run(start: Operation, context: InvocationContext): Promise<Operation> {
    let operation = start;
    // Wall time, not the injected clock: the budget is about this process, which virtual time does not move.
    const invocationStarted = Date.now();
    for (let inline = 0; ; inline += 1) {
      const log = loggerFor(operation);
      const overBudget = inline > 0 && Date.now() - invocationStarted >= config.invocationBudgetMs;
      if (inline >= config.maxInlineSteps || overBudget || context.getRemainingTimeInMillis() <= config.safetyMarginMs) {
        return scheduleNext(operation, { type: 'continue' }, log);
      }
      log.info('running step', { attempt: attemptOf(operation) });
      const outcome = await execute(operation, log);
      switch (outcome.type) {
        case 'advance':
          log.info('step done', { next: outcome.next });
          if (outcome.checkLater === true) {
            // Scheduled before the one write that saves the advance: if scheduling fails, nothing is
            // saved and Lambda's retry of this event runs the (idempotent) step again.
            recordStepMetrics(operation, now());
            return scheduleNext(advanced(operation, outcome.next, outcome.facts, now()), { type: 'first-check' }, loggerFor({ ...operation, step: outcome.next }));
          }
          operation = await advanceTo(operation, outcome.next, outcome.facts);
          continue;
        case 'wait':
          return scheduleNext(operation, outcome, log);
        case 'succeed':
          recordStepMetrics(operation, now());
          return finishSucceeded(operation, outcome.facts, log);
        case 'fail':
          return finishFailed({ ...operation, facts: { ...operation.facts, ...outcome.facts } }, outcome.error, log);
        default: {
          const unreachable: never = outcome;
          throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
        }
      }
    }
  }

  /** Runs `run`, turning a lost race into a logged no-op: another invocation already moved on. */
  async function guarded(operationId: string, body: () => Promise<Operation>): Promise<DispatchResult> {
    try {
      return { result: 'ran', operation: summarize(await body()) };
    } catch (error) {
      if (error instanceof VersionConflictError) {
        ports.logger.warn('another invocation changed the operation first; this one stops', { operationId, error });
        return { result: 'ignored', reason: error.message, operationId };
      }
      throw error;
    }
  }

  async function handleStart(event: StartEvent, context: InvocationContext): Promise<DispatchResult> {
    const at = now();
    const operationId = newOperationId(at, event.request.target.clusterId, event.idempotencyKey);
    const operation = newOperation(event, operationId, at);
    const refusal = checkRequestAgainstDeployment(event.request, config.safety);
    if (refusal !== undefined) throw refusal;
    try {
      await store.create(operation);
    } catch (error) {
      if (error instanceof OperationExistsError && event.idempotencyKey !== undefined) {
        ports.logger.info('start delivered again; the operation already exists', { operationId, idempotencyKey: event.idempotencyKey });
        return { result: 'ignored', reason: `operation ${operationId} already started for this idempotency key`, operationId };
      }
      throw error;
    }
    loggerFor(operation).info('operation created', { target: operation.target, dryRun: operation.request.dryRun, requestedBy: operation.request.requestedBy });
    return guarded(operationId, () => run(operation, context));
  }

  async function handleContinuation(event: ContinuationEvent, context: InvocationContext): Promise<DispatchResult> {
    const operation = await store.get(event.operationId);
    if (operation === undefined) {
      ports.logger.warn('continuation for an unknown operation ignored', { operationId: event.operationId, step: event.step });
      return { result: 'ignored', reason: `operation ${event.operationId} does not exist`, operationId: event.operationId };
    }
    const stale =
      operation.status !== 'RUNNING'
        ? `operation is ${operation.status}`
        : operation.step !== event.step
          ? `operation is at step ${operation.step}, not ${event.step}`
          : operation.token !== event.token
            ? 'token does not match the stored state (duplicate or superseded delivery)'
            : undefined;
    if (stale !== undefined) {
      loggerFor(operation).info('stale or duplicate event ignored', { eventStep: event.step, reason: stale });
      return { result: 'ignored', reason: stale, operationId: operation.operationId };
    }
    return guarded(operation.operationId, () => run(operation, context));
  }

  const handleCommand = createCommandHandler({
    ports,
    config,
    loggerFor,
    runGuarded: guarded,
    run,
    reschedule: (operation) => scheduleNext(operation, { type: 'continue' }, loggerFor(operation)),
  });

  async function handleRdsEvent(event: RdsEvent, context: InvocationContext): Promise<DispatchResult> {
    if (event.id !== undefined && (await store.wasEventHandled(event.id))) {
      ports.logger.info('duplicate RDS event ignored', { eventId: event.id, sourceIdentifier: event.detail.SourceIdentifier });
      return { result: 'ignored', reason: `event ${event.id} was already handled` };
    }
    const match = await findOperationForRdsEvent(event, ports);
    if (match.operation === undefined) {
      ports.logger.info('RDS event matches no waiting operation', { sourceIdentifier: event.detail.SourceIdentifier, eventId: event.detail.EventID, reason: match.reason });
      return { result: 'ignored', reason: match.reason };
    }
    const operation = match.operation;
    const othersAwaited = match.otherInstancesAwaited;
    if (othersAwaited.length > 0) {
      // One of several instances is ready: note it, and check once, when the last one reports
      // (the safety-net poll still covers an event that never comes).
      const resourceId = event.detail.SourceIdentifier.toLowerCase();
      const noted: Operation = { ...operation, waitingOn: (operation.waitingOn ?? []).filter((ref) => !(ref.kind === 'instance' && ref.id === resourceId)), updatedAt: now().toISOString() };
      await store.save(noted, operation.version);
      if (event.id !== undefined) await store.markEventHandled(event.id, now());
      const reason = `instance ${resourceId} is ready; still waiting for ${othersAwaited.join(', ')}`;
      loggerFor(operation).info('RDS event noted', { reason });
      return { result: 'noted', reason, operationId: operation.operationId };
    }
    loggerFor(operation).info('RDS event wakes the operation', { sourceIdentifier: event.detail.SourceIdentifier, eventId: event.detail.EventID });
    return guarded(operation.operationId, async () => {
      const result = await run(operation, context);
      // The pending schedule is superseded by the token either way; deleting it saves an invocation.
      if (operation.scheduleName !== undefined && operation.scheduleName !== result.scheduleName) {
        await scheduler.cancel(operation.scheduleName).catch((error: unknown) => ports.logger.warn('superseded schedule not deleted', { error }));
      }
      // Recorded only once handled: a failed attempt stays retryable by Lambda.
      if (event.id !== undefined) await store.markEventHandled(event.id, now());
      return result;
    });
  }

  return {
    /** Handles one parsed event; metrics are flushed by the caller once per invocation. */
    async handle(parsed: DispatcherEvent, context: InvocationContext): Promise<DispatchResult> {
      switch (parsed.kind) {
        case 'start':
          return handleStart(parsed.event, context);
        case 'continuation':
          return handleContinuation(parsed.event, context);
        case 'command':
          return handleCommand(parsed.event, context);
        case 'rds':
          return handleRdsEvent(parsed.event, context);
        default: {
          const unreachable: never = parsed;
          throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
        }
      }
    },
  };
}

/** The dispatcher's public face. */
export type Dispatcher = ReturnType<typeof createDispatcher>;
