import type { StepName } from '../constants';
import type { AuroraRestoreError } from '../errors';
import type { StartEvent } from '../events/schema';
import type { Notification } from '../ports/notifier';
import type { Facts, Operation, WaitingOn } from '../store/operation';
import type { Logger } from '../observability/logger';
import type { StepPorts, StepRegistry } from './step';

/** Where an external event (e.g. an RDS event) points: the target whose lock names the operation, and the resource. */
export type EventLocation =
  | {
      target: string;
      resource: WaitingOn;
      /**
       * The event reports the resource done (e.g. an instance created): when the operation still
       * awaits others of its kind, the event is only noted and one check runs when the last reports.
       */
      completesResource: boolean;
    }
  | { ignored: string };

/**
 * How external events reach operations. The engine knows waits, locks and `waitingOn`; the domain
 * side (src/rds) knows what an event names and how to find the target from it.
 */
export interface ExternalEventRouter<Event> {
  /** The event's delivery id (the same event delivered twice carries the same id), if it has one. */
  deliveryId(event: Event): string | undefined;
  /** Words for the log: what the event says about which resource. */
  describe(event: Event): string;
  /** Finds the target and resource the event is about (may read the domain, e.g. an instance's cluster). */
  locate(event: Event): Promise<EventLocation>;
  /** True when the resource announces its changes with events (a wait on it polls only as a safety net). */
  announces(resource: WaitingOn): boolean;
  /** True when `resource` is one of the operation's own, awaited by its event-driven steps even before a wait names it. */
  ownsResource(operation: Operation, resource: WaitingOn): boolean;
}

/** The notifications the engine sends itself when an operation ends without its last step. */
export interface EndNotifications {
  failed(operation: Operation): Notification | undefined;
  cancelled(operation: Operation): Notification | undefined;
}

/** Everything domain-specific the engine is given: the steps, how errors read and classify, notifications and events. */
export interface Pipeline<Event> {
  steps: StepRegistry;
  /** Where a new operation begins. */
  firstStep: StepName;
  /** Refuses a valid request the deployment does not allow (checked before anything is written), or undefined. */
  admit(request: StartEvent['request']): AuroraRestoreError | undefined;
  /** A thrown error in words for the saved error and the notification (e.g. `CODE: message (resource)`). */
  describeError(error: unknown): string;
  /** True for errors that mean "the resource is busy, try again after a wait" (e.g. an invalid state for the call). */
  isResourceBusy(error: unknown): boolean;
  /** The amount of data the operation moves, in GB: a wait's deadline grows with it. */
  dataSizeGb(operation: Operation): number | undefined;
  notifications: EndNotifications;
  events: ExternalEventRouter<Event>;
  /**
   * Undoes what is the operation's own and now useless when it fails (e.g. a copy made before a
   * refusal, deletion protection switched off before a delete that never came). Best effort: a
   * failure here is logged, never thrown. Returns what was done, in words, for the saved state.
   */
  compensate(operation: Operation, ports: StepPorts, log: Logger): Promise<string[]>;
  /**
   * Where the `rollback` command sends the operation: the step that undoes its work, with what that
   * step needs to know, or why it cannot be rolled back (read-only: it may observe the domain, e.g.
   * whether what serves the target is still this operation's). The engine moves the operation there
   * (its pending check cancelled, its lock taken again when it had ended or released its target;
   * refused while another operation holds it) and runs it like any step.
   */
  rollback(operation: Operation, now: Date, ports: StepPorts): Promise<{ step: StepName; facts?: Partial<Facts> } | { refused: string }>;
}
