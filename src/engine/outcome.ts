import type { StepName } from '../constants';
import type { AuroraRestoreError } from '../errors';
import type { Facts, WaitingOn } from '../store/operation';

/**
 * What a step decided. Steps only decide; the dispatcher alone performs what follows from an
 * Outcome (saving, scheduling, notifying), so every decision is testable without AWS.
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
    }
  | {
      type: 'wait';
      /** Why we are waiting, in words a person reading the status understands. */
      reason: string;
      facts?: Partial<Facts>;
      /** RDS's PercentProgress when it reports one. */
      percentProgress?: number;
      /** Resources whose RDS events should wake the operation early. */
      waitingOn?: WaitingOn[];
      /** Overrides the wait policy (e.g. a quota that clears on its own time). */
      delaySeconds?: number;
    }
  | { type: 'succeed'; facts?: Partial<Facts> }
  | { type: 'fail'; error: AuroraRestoreError; facts?: Partial<Facts> };

/** Move on to `next`, recording what was learned. */
export const advance = (next: StepName, facts?: Partial<Facts>, options: { checkLater?: boolean } = {}): Outcome => ({
  type: 'advance',
  next,
  ...(facts ? { facts } : {}),
  ...(options.checkLater === true ? { checkLater: true } : {}),
});

/** Not finished yet: check again later. An expected result, not an error. */
export const wait = (reason: string, details: Omit<Extract<Outcome, { type: 'wait' }>, 'type' | 'reason'> = {}): Outcome => ({
  type: 'wait',
  reason,
  ...details,
});

/** The operation is done. */
export const succeed = (facts?: Partial<Facts>): Outcome => ({ type: 'succeed', ...(facts ? { facts } : {}) });

/** The operation cannot go on until a person fixes the cause and resumes it. */
export const fail = (error: AuroraRestoreError, facts?: Partial<Facts>): Outcome => ({ type: 'fail', error, ...(facts ? { facts } : {}) });
