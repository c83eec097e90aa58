import type { ContinuationEvent } from '../events/schema';
import type { Clock } from '../ports/clock';
import type { ScheduledCheck, SchedulerPort } from '../ports/scheduler';

/** A schedule entry held by the local scheduler. */
export interface LocalEntry {
  name: string;
  at: Date;
  payload: ContinuationEvent;
  createdAt: Date;
}

/**
 * Stands in for EventBridge Scheduler: keeps one-time entries and hands out the earliest due one.
 * It enforces what Scheduler enforces — unique names (a duplicate is a conflict, which the real
 * adapter treats as success), the one-minute minimum, and deletion after firing.
 */
export class LocalScheduler implements SchedulerPort {
  private readonly entries = new Map<string, LocalEntry>();
  public readonly created: LocalEntry[] = [];
  public readonly cancelled: string[] = [];

  public constructor(private readonly clock: Clock) {}

  public async schedule(check: ScheduledCheck): Promise<void> {
    if (this.entries.has(check.name)) return;
    const now = this.clock.now();
    if (check.at.getTime() < now.getTime() + 59_000) {
      throw new Error(`schedule ${check.name} is less than a minute ahead (${check.at.toISOString()} at ${now.toISOString()})`);
    }
    const entry = { name: check.name, at: check.at, payload: check.payload, createdAt: now };
    this.entries.set(check.name, entry);
    this.created.push(entry);
  }

  public async cancel(name: string): Promise<void> {
    if (this.entries.delete(name)) this.cancelled.push(name);
  }

  /** The earliest pending entry, removed (ActionAfterCompletion DELETE), or undefined. */
  public takeNext(): LocalEntry | undefined {
    let next: LocalEntry | undefined;
    for (const entry of this.entries.values()) if (next === undefined || entry.at < next.at) next = entry;
    if (next !== undefined) this.entries.delete(next.name);
    return next;
  }

  /** The earliest pending entry without removing it. */
  public peek(): LocalEntry | undefined {
    let next: LocalEntry | undefined;
    for (const entry of this.entries.values()) if (next === undefined || entry.at < next.at) next = entry;
    return next;
  }

  public get pending(): number {
    return this.entries.size;
  }
}
