import type { Clock } from '../ports/clock';
import type { FaultInjection } from './fault-injection';
import type { RdsEventEmission } from './rds-event-emission';
import type { ResourceInventory } from './resource-inventory';
import type { SeededRandom } from './seeded-random';
import type { EndpointResolver, MasterCredentialsSink, SimulationQuotas, SimulationTimings } from './simulation-config';
import type { Timeline } from './timeline';
import type { VirtualDurations } from './virtual-durations';

/** How the simulation reaches the local world it may stand in for; read when used, not copied. */
export interface SimulationHooks {
  endpoints?: EndpointResolver;
  credentials?: MasterCredentialsSink;
}

/**
 * The one world the snapshot, cluster and instance models act on. They share it rather than each
 * holding a part, because RDS's rules cross them (deleting a cluster waits for its instances and its
 * final snapshot) and because one timeline and one set of seeded streams keep a run reproducible.
 */
export interface SimulationContext {
  /** The home account the port acts in. */
  readonly accountId: string;
  /** The home region the port acts in. */
  readonly region: string;
  readonly clock: Clock;
  readonly timings: SimulationTimings;
  readonly quotas: SimulationQuotas;
  readonly faults: FaultInjection;
  readonly resources: ResourceInventory;
  readonly timeline: Timeline;
  readonly durations: VirtualDurations;
  readonly events: RdsEventEmission;
  /** The order snapshot listings are handed out in: RDS documents none. */
  readonly listingOrder: SeededRandom;
  /** When each long-running change really finished. */
  readonly completions: SimulatedCompletion[];
  readonly hooks: SimulationHooks;
}

/**
 * The moment a long-running change really finished. The simulation records it apart from statuses and
 * events because it is the ground truth that detection lag is measured against.
 */

/** A long-running change that finished, at the virtual time it finished. */
export interface SimulatedCompletion {
  at: Date;
  kind: 'copy-available' | 'cluster-available' | 'instance-available' | 'cluster-gone' | 'instance-gone' | 'cluster-renamed' | 'instance-renamed' | 'instance-rebooted';
  id: string;
}
