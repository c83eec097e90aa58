import { SeededRandom } from './seeded-random';
import { NO_FAULTS, type RestoreFailureStatus, type SimulatedEventId, type SimulatedOperation, type SimulationFaults } from './simulation-config';

/**
 * The faults in force and every decision that depends on them, in one place, so that the models ask
 * "does this fail?" instead of reading fault settings. Throttling and event loss draw from their own
 * seeded streams: one fault's draws never shift another's, and a seed reproduces a run.
 */
export class FaultInjection {
  private faults: SimulationFaults;

  public constructor(
    faults: Partial<SimulationFaults> | undefined,
    private readonly throttling: SeededRandom,
    private readonly eventLoss: SeededRandom,
  ) {
    this.faults = { ...NO_FAULTS, ...faults };
  }

  /** Changes the injected faults from now on. */
  public set(faults: Partial<SimulationFaults>): void {
    this.faults = { ...this.faults, ...faults };
  }

  /** Whether a call is answered with `Throttling`; operations outside `throttleOperations` draw nothing. */
  public throttles(operation: SimulatedOperation): boolean {
    return (this.faults.throttleOperations === undefined || this.faults.throttleOperations.includes(operation)) && this.throttling.chance(this.faults.throttleRate);
  }

  /** Whether an event is lost; one a rule already loses draws nothing. */
  public losesEvent(eventId: SimulatedEventId, sourceIdentifier: string): boolean {
    const lostByRule = this.faults.lostEvents.some(
      (rule) => rule.eventId === eventId && (rule.sourceIdentifier === undefined || rule.sourceIdentifier.toLowerCase() === sourceIdentifier),
    );
    return lostByRule || this.eventLoss.chance(this.faults.eventLossRate);
  }

  /** Whether this account cannot use a KMS key. */
  public isKmsKeyInaccessible(kmsKeyId: string): boolean {
    return this.faults.inaccessibleKmsKeys.includes(kmsKeyId);
  }

  /** Whether another team's copies fill the copy quota at `now`. */
  public isSnapshotQuotaBusy(now: Date): boolean {
    const busyUntil = this.faults.snapshotQuotaBusyUntil;
    return busyUntil !== undefined && now.getTime() < busyUntil.getTime();
  }

  /** How a copy started now ends, when it is to fail. */
  public copyFailure(): SimulationFaults['copyFails'] {
    return this.faults.copyFails;
  }

  /** The status a restore started now ends in instead of `available`, if any. */
  public restoreFailure(): RestoreFailureStatus | undefined {
    return this.faults.restoreEndsIn;
  }
}
