import type { KmsKey, KmsPort } from '../ports/kms';
import type { RdsEvent } from '../events/schema';
import type { RdsEventSource } from '../local/drive-operation';
import type { Clock } from '../ports/clock';
import type {
  AccountQuotas,
  Cluster,
  ClusterSnapshot,
  CopySnapshotInput,
  CreateInstanceInput,
  DeleteClusterInput,
  Instance,
  ManagedMasterSecret,
  MissingResource,
  RestoreResourceQuery,
  ModifyClusterInput,
  RdsHome,
  RdsPort,
  RestoreClusterInput,
  RestoreClusterToPointInTimeInput,
  SnapshotQuery,
} from '../ports/rds';
import { partitionOf } from '../rds/rds-arn';
import { CallLog, type SimulatedCall } from './call-log';
import { accountQuotas } from './account-quotas';
import { describeManagedMasterSecret, modifyCluster } from './cluster-credentials';
import { deleteCluster, describeCluster, restoreClusterFromSnapshot } from './cluster-model';
import { FaultInjection } from './fault-injection';
import { createInstance, deleteInstance, describeInstance, rebootInstance } from './instance-model';
import { restoreClusterToPointInTime } from './point-in-time-restore';
import { RdsEventEmission } from './rds-event-emission';
import { renameCluster, renameInstance } from './renames';
import { ResourceInventory } from './resource-inventory';
import { clusterView, instanceView, snapshotView } from './resource-records';
import { seedCluster, seedSnapshot, type SeedCluster, type SeedSnapshot } from './resource-seeding';
import { addTags } from './resource-tagging';
import { SeededRandom } from './seeded-random';
import {
  DEFAULT_QUOTAS,
  DEFAULT_TIMINGS,
  type EndpointResolver,
  type MasterCredentialsSink,
  type SimulationFaults,
  type SimulationQuotas,
  type SimulationTimings,
} from './simulation-config';
import type { SimulatedCompletion, SimulationContext } from './simulation-context';
import { copyClusterSnapshot } from './snapshot-copy';
import { deleteClusterSnapshot, describeClusterSnapshot, describeClusterSnapshots } from './snapshot-model';
import { Timeline } from './timeline';
import { VirtualDurations } from './virtual-durations';

export type { SimulatedCall } from './call-log';
export type { SeedCluster, SeedSnapshot } from './resource-seeding';
export type { SimulatedCompletion } from './simulation-context';

/** Where the simulated Aurora lives, how fast it works, and which faults it injects. */
export interface SimulatedAuroraOptions {
  clock: Clock;
  /** The account the port acts in (default 111111111111). */
  accountId?: string;
  /** The region the port acts in (default us-east-1). */
  region?: string;
  /** Seed of every random draw: durations, throttling, event loss, listing order. */
  seed?: number | string;
  timings?: Partial<SimulationTimings>;
  faults?: Partial<SimulationFaults>;
  quotas?: Partial<SimulationQuotas>;
  endpoints?: EndpointResolver;
  credentials?: MasterCredentialsSink;
  /**
   * Names this simulated account does not have (subnet groups, parameter groups, security groups)
   * or cannot order (instance classes); everything else a request names exists.
   */
  absentResources?: Partial<Record<MissingResource['kind'], string[]>>;
}

const DEFAULT_ACCOUNT = '111111111111';
const DEFAULT_REGION = 'us-east-1';

/**
 * A model of Aurora's control plane over a virtual clock — not a mock of SDK calls. Snapshots copy
 * at a configured throughput with integer PercentProgress; clusters and instances walk RDS's status
 * sequences (creating → backing-up → available; deleting → gone; resetting-master-credentials;
 * renaming; rebooting); clones share their source's volume, point-in-time restores read a
 * restorable window; the
 * same misuse raises the same error names as AWS; RDS events are emitted when transitions happen;
 * faults (failed copies, throttling, a restore ending in incompatible-parameters, lost events) can be
 * injected. Every random draw comes from a seed, so a run is reproducible.
 *
 * This class is the facade: it wires one shared world and passes each port call through the call
 * log to the model that owns the operation.
 */
export class SimulatedAurora implements RdsPort, KmsPort, RdsEventSource {
  public readonly accountId: string;
  public readonly region: string;
  /** Every call made through the port, in order. */
  public readonly calls: SimulatedCall[];
  /** Events handed to the driver. */
  public readonly deliveredEvents: RdsEvent[];
  /** Events that a fault swallowed. */
  public readonly lostEvents: RdsEvent[];
  /** When each long-running change really finished: what detection lag is measured against. */
  public readonly completions: SimulatedCompletion[];

  private readonly world: SimulationContext;
  private readonly absentResources: Partial<Record<MissingResource['kind'], string[]>>;
  private readonly callLog: CallLog;

  public constructor(options: SimulatedAuroraOptions) {
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT;
    this.region = options.region ?? DEFAULT_REGION;
    const timings = { ...DEFAULT_TIMINGS, ...options.timings };
    // One stream per kind of draw: a change in how often one kind is drawn never shifts the others.
    const seed = String(options.seed ?? 1);
    const durations = new SeededRandom(`${seed}:durations`);
    const throttling = new SeededRandom(`${seed}:throttling`);
    const eventLoss = new SeededRandom(`${seed}:events`);
    const ordering = new SeededRandom(`${seed}:ordering`);
    const timeline = new Timeline();
    const faults = new FaultInjection(options.faults, throttling, eventLoss);
    const events = new RdsEventEmission(timeline, faults);
    this.world = {
      accountId: this.accountId,
      region: this.region,
      clock: options.clock,
      timings,
      quotas: { ...DEFAULT_QUOTAS, ...options.quotas },
      faults,
      resources: new ResourceInventory(this.accountId, this.region),
      timeline,
      durations: new VirtualDurations(options.clock, timings, durations),
      events,
      listingOrder: ordering,
      completions: [],
      // The options object itself, not a copy: a caller that swaps a hook later is honoured.
      hooks: options,
    };
    this.callLog = new CallLog(options.clock, timeline, faults);
    this.absentResources = options.absentResources ?? {};
    this.calls = this.callLog.calls;
    this.deliveredEvents = events.delivered;
    this.lostEvents = events.lost;
    this.completions = this.world.completions;
  }

  // ---- seeding and inspection (not calls: neither logged nor throttled) ----

  /** Changes the injected faults from now on. */
  public setFaults(faults: Partial<SimulationFaults>): void {
    this.world.faults.set(faults);
  }

  /** Seeds a cluster (and its instances) as it exists before the run. */
  public addCluster(spec: SeedCluster): Cluster {
    return seedCluster(this.world, spec);
  }

  /** Seeds a snapshot. */
  public addSnapshot(spec: SeedSnapshot): ClusterSnapshot {
    return seedSnapshot(this.world, spec);
  }

  /** A cluster of this account and region as it is now, without making a call. */
  public peekCluster(id: string): Cluster | undefined {
    this.settle();
    const record = this.world.resources.homeCluster(id);
    return record === undefined ? undefined : clusterView(record);
  }

  /** An instance of this account and region as it is now, without making a call. */
  public peekInstance(id: string): Instance | undefined {
    this.settle();
    const record = this.world.resources.homeInstance(id);
    return record === undefined ? undefined : instanceView(record);
  }

  /** A snapshot (id in this region, or ARN) as it is now, without making a call. */
  public peekSnapshot(idOrArn: string): ClusterSnapshot | undefined {
    this.settle();
    const record = this.world.resources.findSnapshot(idOrArn, this.region);
    return record === undefined ? undefined : snapshotView(record, this.accountId, this.world.clock.now());
  }

  /** The calls that changed (or tried to change) something. */
  public writeCalls(): SimulatedCall[] {
    return this.callLog.writeCalls();
  }

  /** The calls answered with `Throttling`. */
  public throttledCalls(): SimulatedCall[] {
    return this.callLog.throttledCalls();
  }

  // ---- RdsEventSource ----

  public nextEventAt(): Date | undefined {
    return this.world.events.nextEventAt();
  }

  public takeEventsUntil(until: Date): RdsEvent[] {
    return this.world.events.takeEventsUntil(until);
  }

  // ---- RdsPort ----

  public findMissingResources(query: RestoreResourceQuery): Promise<MissingResource[]> {
    return this.callLog.run('findMissingResources', query.clusterId, async () => {
      const absent = this.absentResources;
      const named: MissingResource[] = [
        ...(query.subnetGroup !== undefined ? [{ kind: 'subnet-group' as const, name: query.subnetGroup }] : []),
        ...(query.clusterParameterGroup !== undefined ? [{ kind: 'cluster-parameter-group' as const, name: query.clusterParameterGroup }] : []),
        ...query.instanceParameterGroups.map((name) => ({ kind: 'instance-parameter-group' as const, name })),
        ...query.securityGroupIds.map((name) => ({ kind: 'security-group' as const, name })),
        ...query.instanceClasses.map((name) => ({ kind: 'instance-class' as const, name })),
      ];
      return named.filter((resource) => absent[resource.kind]?.includes(resource.name) === true);
    });
  }

  public accountQuotas(): Promise<AccountQuotas> {
    return this.callLog.run('accountQuotas', 'account', async () => accountQuotas(this.world));
  }

  public async home(): Promise<RdsHome> {
    return { partition: partitionOf(this.region), region: this.region, accountId: this.accountId };
  }

  public describeClusterSnapshots(query: SnapshotQuery): Promise<ClusterSnapshot[]> {
    return this.callLog.run('describeClusterSnapshots', query.clusterId ?? '*', () => describeClusterSnapshots(this.world, query));
  }

  public describeClusterSnapshot(idOrArn: string, region?: string): Promise<ClusterSnapshot | undefined> {
    return this.callLog.run('describeClusterSnapshot', idOrArn, () => describeClusterSnapshot(this.world, idOrArn, region));
  }

  public copyClusterSnapshot(input: CopySnapshotInput): Promise<ClusterSnapshot> {
    return this.callLog.run('copyClusterSnapshot', input.targetId, () => copyClusterSnapshot(this.world, input));
  }

  public deleteClusterSnapshot(id: string): Promise<void> {
    return this.callLog.run('deleteClusterSnapshot', id, () => deleteClusterSnapshot(this.world, id));
  }

  public addTags(arn: string, tags: Record<string, string>): Promise<void> {
    return this.callLog.run('addTags', arn, () => addTags(this.world, arn, tags));
  }

  public describeCluster(clusterId: string): Promise<Cluster | undefined> {
    return this.callLog.run('describeCluster', clusterId, () => describeCluster(this.world, clusterId));
  }

  public modifyCluster(input: ModifyClusterInput): Promise<void> {
    return this.callLog.run('modifyCluster', input.clusterId, () => modifyCluster(this.world, input));
  }

  public deleteCluster(input: DeleteClusterInput): Promise<void> {
    return this.callLog.run('deleteCluster', input.clusterId, () => deleteCluster(this.world, input));
  }

  public restoreClusterFromSnapshot(input: RestoreClusterInput): Promise<Cluster> {
    return this.callLog.run('restoreClusterFromSnapshot', input.clusterId, () => restoreClusterFromSnapshot(this.world, input));
  }

  public restoreClusterToPointInTime(input: RestoreClusterToPointInTimeInput): Promise<Cluster> {
    return this.callLog.run('restoreClusterToPointInTime', input.targetId, () => restoreClusterToPointInTime(this.world, input));
  }

  public renameCluster(clusterId: string, newClusterId: string): Promise<Cluster> {
    return this.callLog.run('renameCluster', clusterId, () => renameCluster(this.world, clusterId, newClusterId));
  }

  public describeManagedMasterSecret(clusterId: string): Promise<ManagedMasterSecret | undefined> {
    return this.callLog.run('describeManagedMasterSecret', clusterId, () => describeManagedMasterSecret(this.world, clusterId));
  }

  /** KMS, as far as RDS uses it: every key is Enabled, except those a fault makes unusable. */
  public async describeKey(keyId: string): Promise<KmsKey | undefined> {
    if (this.world.faults.isKmsKeyInaccessible(keyId)) {
      throw Object.assign(new Error(`User is not authorized to perform kms:DescribeKey on key ${keyId}`), { name: 'AccessDeniedException' });
    }
    return { keyId, arn: keyId.startsWith('arn:') ? keyId : `arn:aws:kms:${this.region}:${this.accountId}:${keyId.startsWith('alias/') ? keyId : `key/${keyId}`}`, state: 'Enabled' };
  }

  public describeInstance(instanceId: string): Promise<Instance | undefined> {
    return this.callLog.run('describeInstance', instanceId, () => describeInstance(this.world, instanceId));
  }

  public createInstance(input: CreateInstanceInput): Promise<Instance> {
    return this.callLog.run('createInstance', input.instanceId, () => createInstance(this.world, input));
  }

  public deleteInstance(instanceId: string): Promise<void> {
    return this.callLog.run('deleteInstance', instanceId, () => deleteInstance(this.world, instanceId));
  }

  public renameInstance(instanceId: string, newInstanceId: string): Promise<Instance> {
    return this.callLog.run('renameInstance', instanceId, () => renameInstance(this.world, instanceId, newInstanceId));
  }

  public rebootInstance(instanceId: string): Promise<Instance> {
    return this.callLog.run('rebootInstance', instanceId, () => rebootInstance(this.world, instanceId));
  }

  /** Applies the transitions virtual time has reached, so a peek sees the world as it is now. */
  private settle(): void {
    this.world.timeline.settle(this.world.clock.now());
  }
}
