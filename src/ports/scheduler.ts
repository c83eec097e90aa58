import type { ContinuationEvent } from '../events/schema';

/** One status check to run later. */
export interface ScheduledCheck {
  /** Deterministic: the same wait always produces the same name (≤ 64 chars of [0-9a-zA-Z-_.]). */
  name: string;
  /** When to fire; already at least one minute ahead and whole seconds. */
  at: Date;
  payload: ContinuationEvent;
  /** Deterministic idempotency token for CreateSchedule. */
  clientToken: string;
}

/** The scheduler port: one-time entries that invoke the dispatcher later. */
export interface SchedulerPort {
  /** Creates the entry; an entry of the same name already existing counts as success. */
  schedule(check: ScheduledCheck): Promise<void>;
  /** Deletes an entry; one that no longer exists counts as success. */
  cancel(name: string): Promise<void>;
}
