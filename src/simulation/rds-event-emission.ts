import type { RdsEvent } from '../events/schema';
import type { FaultInjection } from './fault-injection';
import { buildRdsEvent, type EventSubject } from './rds-event-factory';
import type { SimulatedEventId } from './simulation-config';
import type { Timeline } from './timeline';

/**
 * Where an RDS event goes once a transition emits it: swallowed by a fault (RDS events are best
 * effort) or queued on the timeline until the driver takes it. Both ends are kept, so a test can
 * tell a wait that woke on an event from one that only polled.
 */
export class RdsEventEmission {
  /** Events handed to the driver. */
  public readonly delivered: RdsEvent[] = [];
  /** Events that a fault swallowed. */
  public readonly lost: RdsEvent[] = [];

  public constructor(
    private readonly timeline: Timeline,
    private readonly faults: FaultInjection,
  ) {}

  /** Emits an event about `subject` at `at`, cancelled with the resource `resourceKey` names on the timeline. */
  public emit(at: Date, resourceKey: string, eventId: SimulatedEventId, subject: EventSubject): void {
    const event = buildRdsEvent(eventId, { id: subject.id, arn: subject.arn, accountId: subject.accountId, region: subject.region }, at, this.timeline.nextSequence());
    if (this.faults.losesEvent(eventId, subject.id)) {
      this.lost.push(event);
      return;
    }
    this.timeline.emit(at, resourceKey, event);
  }

  /** When the next event will be delivered, if any is pending. */
  public nextEventAt(): Date | undefined {
    return this.timeline.nextEventAt();
  }

  /** Hands the events due by `until` to the driver. */
  public takeEventsUntil(until: Date): RdsEvent[] {
    const events = this.timeline.takeEventsUntil(until);
    this.delivered.push(...events);
    return events;
  }
}
