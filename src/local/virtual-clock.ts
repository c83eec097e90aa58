import type { Clock } from '../ports/clock';

/**
 * A clock that moves only when told to. The simulated Aurora, the local scheduler and the
 * dispatcher all read it, so a 24-hour copy passes in milliseconds of wall time.
 */
export class VirtualClock implements Clock {
  private current: number;

  public constructor(start: Date = new Date('2026-01-01T00:00:00Z')) {
    this.current = start.getTime();
  }

  public now(): Date {
    return new Date(this.current);
  }

  /** Moves forward to `to`; never backwards. */
  public advanceTo(to: Date): void {
    this.current = Math.max(this.current, to.getTime());
  }

  public advanceBy(ms: number): void {
    this.current += Math.max(0, ms);
  }
}
