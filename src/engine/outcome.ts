import type { StepName } from '../constants';
import type { AuroraRestoreError } from '../errors';
import type { Notification } from '../ports/notifier';
import type { Facts, WaitingOn } from '../store/operation';

/**
 * What a step decided. A step observes and acts through its domain ports; the engine alone performs
 * what follows from an Outcome (saving, scheduling, notifying, counting, locking), so every decision
 * is testable without a table or a scheduler.
 */
export type Outcome =
  | {
      type: 'advance';
      next: StepName;
      facts?: Partial<Facts>;
      /**
       * The step just started something that takes minutes or hours: run the next step (its status
       * check) after the wait policy's first delay, or on an RDS event, instead of checking at once.
       */
      checkLater?: boolean;
      /**
       * The operation's result is delivered: from `next` on it only tidies up (e.g. deletes what it
       * kept for a while) and must stand in nobody's way. The engine announces and counts the success
       * now — `notification` published once, under the id a success at this step carries — releases
       * the lock and records `targetReleasedAt`; the operation's later end neither announces nor
       * counts a second success.
       */
      releaseTarget?: { notification?: Notification };
    }
  | {
      type: 'wait';
      /** Why we are waiting, in words a person reading the status understands. */
      reason: string;
      facts?: Partial<Facts>;
      /** The awaited work's progress in whole percent, when it reports one (e.g. a snapshot copy). */
      percentProgress?: number;
      /** Resources whose external events (see ExternalEventRouter) should wake the operation early. */
      waitingOn?: WaitingOn[];
      /** Overrides the wait policy (e.g. a quota that clears on its own time). */
      delaySeconds?: number;
      /**
       * A pause the step chose (e.g. a keep window before a delete), not a wait on work: the wait
       * deadline and maxChecks, which bound how long work may take, do not apply. The step bounds
       * it (delaySeconds is required).
       */
      timer?: boolean;
    }
  | {
      type: 'continue';
      /** What is left to do, for a person reading the status. */
      reason: string;
      facts?: Partial<Facts>;
    }
  | {
      type: 'succeed';
      facts?: Partial<Facts>;
      /** The summary the engine publishes once (a deterministic id, recorded in the state). */
      notification?: Notification;
    }
  | { type: 'fail'; error: AuroraRestoreError; facts?: Partial<Facts> };

/** Move on to `next`, recording what was learned. */
export const advance = (next: StepName, facts?: Partial<Facts>, options: { checkLater?: boolean; releaseTarget?: { notification?: Notification } } = {}): Outcome => ({
  type: 'advance',
  next,
  ...(facts ? { facts } : {}),
  ...(options.checkLater === true ? { checkLater: true } : {}),
  ...(options.releaseTarget !== undefined ? { releaseTarget: options.releaseTarget } : {}),
});

/** Not finished yet: check again later. An expected result, not an error. */
export const wait = (reason: string, details: Omit<Extract<Outcome, { type: 'wait' }>, 'type' | 'reason'> = {}): Outcome => ({
  type: 'wait',
  reason,
  ...details,
});

/**
 * More work in this step, none of it waiting on anything: run the step again soon (inline while the
 * invocation's budget allows, else in a fresh invocation), e.g. the next of several SQL scripts.
 */
export const proceed = (reason: string, facts?: Partial<Facts>): Outcome => ({ type: 'continue', reason, ...(facts ? { facts } : {}) });

/** The operation is done; `notification`, when given, is published once by the engine. */
export const succeed = (facts?: Partial<Facts>, notification?: Notification): Outcome => ({
  type: 'succeed',
  ...(facts ? { facts } : {}),
  ...(notification ? { notification } : {}),
});

/** The operation cannot go on until a person fixes the cause and resumes it. */
export const fail = (error: AuroraRestoreError, facts?: Partial<Facts>): Outcome => ({ type: 'fail', error, ...(facts ? { facts } : {}) });
