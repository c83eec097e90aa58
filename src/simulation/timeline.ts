import type { RdsEvent } from '../events/schema';

interface Transition {
  at: number;
  sequence: number;
  /** The resource the transition belongs to, so deleting the resource can cancel it. */
  resource: string;
  apply: () => void;
}

interface PendingEvent {
  at: number;
  sequence: number;
  resource: string;
  event: RdsEvent;
}

/**
 * The simulation's future: status transitions due at given virtual times, and the RDS events they
 * emit. Both are decided when an action starts (a delete takes N minutes), so the next event is
 * known before virtual time reaches it and the driver can jump straight to it.
 */
export class Timeline {
  private transitions: Transition[] = [];
  private events: PendingEvent[] = [];
  private sequence = 0;

  /** Runs `apply` once virtual time reaches `at`. */
  public schedule(at: Date, resource: string, apply: () => void): void {
    this.transitions.push({ at: at.getTime(), sequence: (this.sequence += 1), resource, apply });
    this.transitions.sort((a, b) => a.at - b.at || a.sequence - b.sequence);
  }

  /** Emits `event` at `at`. */
  public emit(at: Date, resource: string, event: RdsEvent): void {
    this.events.push({ at: at.getTime(), sequence: (this.sequence += 1), resource, event });
    this.events.sort((a, b) => a.at - b.at || a.sequence - b.sequence);
  }

  /** Forgets every future transition and event of a resource (it was deleted before they happened). */
  public cancel(resource: string): void {
    this.transitions = this.transitions.filter((transition) => transition.resource !== resource);
    this.events = this.events.filter((event) => event.resource !== resource);
  }

  /** Applies, in time order, every transition due at or before `now`. */
  public settle(now: Date): void {
    const until = now.getTime();
    for (let next = this.transitions[0]; next !== undefined && next.at <= until; next = this.transitions[0]) {
      this.transitions.shift();
      next.apply();
    }
  }

  /** When the next event is due, if any. */
  public nextEventAt(): Date | undefined {
    const next = this.events[0];
    return next === undefined ? undefined : new Date(next.at);
  }

  /** Removes and returns the events due at or before `until`. */
  public takeEventsUntil(until: Date): RdsEvent[] {
    const due = this.events.filter((event) => event.at <= until.getTime());
    this.events = this.events.filter((event) => event.at > until.getTime());
    return due.map((event) => event.event);
  }

  /** A number unique within this timeline, for event ids. */
  public nextSequence(): number {
    return (this.sequence += 1);
  }
}
