import { createHash, randomBytes } from 'node:crypto';
import type { RdsEvent } from '../events/schema';
import type { RdsEventSource } from '../local/drive-operation';
import type { Clock } from '../ports/clock';
import {
  RdsError,
  type Cluster,
  type ClusterSnapshot,
  type CopySnapshotInput,
  type CreateInstanceInput,
  type DeleteClusterInput,
  type Instance,
  type ManagedMasterSecret,
  type ModifyClusterInput,
  type RdsHome,
  type RdsPort,
  type RestoreClusterInput,
  type SnapshotQuery,
} from '../ports/rds';
import { isValidSnapshotId } from '../steps/rds/naming';
import { formatRdsArn, parseRdsArn, partitionOf } from '../steps/rds/rds-arn';
import { awsErrors } from './aws-errors';
import { buildRdsEvent, type EventSubject } from './rds-event-factory';
import {
  clusterView,
  compareVersions,
  instanceView,
  isValidMasterPassword,
  snapshotView,
  type ClusterRecord,
  type InstanceRecord,
  type SnapshotRecord,
} from './resource-records';
import { SeededRandom } from './seeded-random';
import {
  DEFAULT_QUOTAS,
  DEFAULT_TIMINGS,
  NO_FAULTS,
  WRITE_OPERATIONS,
  type EndpointResolver,
  type MasterCredentialsSink,
  type SimulatedEventId,
  type SimulatedOperation,
  type SimulationFaults,
  type SimulationQuotas,
  type SimulationTimings,
} from './simulation-config';
import { Timeline } from './timeline';

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
}

/** A long-running change that finished, at the virtual time it finished. */
export interface SimulatedCompletion {
  at: Date;
  kind: 'copy-available' | 'cluster-available' | 'instance-available' | 'cluster-gone' | 'instance-gone';
  id: string;
}

/** One call made to the simulated RDS, with its outcome. Inputs are not kept: one may hold a password. */
export interface SimulatedCall {
  at: Date;
  operation: SimulatedOperation;
  resource: string;
  write: boolean;
  /** `ok`, or the error name RDS answered with. */
  result: string;
}

/** A cluster to seed: the source, or an existing target. */
export interface SeedCluster {
  id: string;
  accountId?: string;
  region?: string;
  status?: string;
  deletionProtection?: boolean;
  tags?: Record<string, string>;
  instances?: { id: string; instanceClass?: string; status?: string }[];
  masterUsername?: string;
  engineVersion?: string;
  port?: number;
}

/** A snapshot to seed: automated or manual, of this account or shared from another one. */
export interface SeedSnapshot {
  id: string;
  clusterId: string;
  accountId?: string;
  region?: string;
  type?: 'automated' | 'manual';
  status?: string;
  createdAt: Date;
  sizeGb: number;
  encrypted?: boolean;
  kmsKeyId?: string;
  engineVersion?: string;
  masterUsername?: string;
  tags?: Record<string, string>;
  /** A manual snapshot of another account is visible here only when shared with this account. */
  sharedWithHome?: boolean;
}

const MINUTE = 60_000;
const DEFAULT_ACCOUNT = '111111111111';
const DEFAULT_REGION = 'us-east-1';
const CLUSTER_STATUSES_THAT_BLOCK_DELETE = new Set(['creating', 'deleting', 'modifying', 'resetting-master-credentials', 'renaming', 'upgrading']);

/**
 * A model of Aurora's control plane over a virtual clock — not a mock of SDK calls. Snapshots copy
 * at a configured throughput with integer PercentProgress; clusters and instances walk RDS's status
 * sequences (creating → backing-up → available; deleting → gone; resetting-master-credentials); the
 * same misuse raises the same error names as AWS; RDS events are emitted when transitions happen;
 * faults (failed copies, throttling, a restore ending in incompatible-parameters, lost events) can be
 * injected. Every random draw comes from a seed, so a run is reproducible.
 */
export class SimulatedAurora implements RdsPort, RdsEventSource {
  public readonly accountId: string;
  public readonly region: string;
  /** Every call made through the port, in order. */
  public readonly calls: SimulatedCall[] = [];
  /** Events handed to the driver. */
  public readonly deliveredEvents: RdsEvent[] = [];
  /** Events that a fault swallowed. */
  public readonly lostEvents: RdsEvent[] = [];
  /** When each long-running change really finished: what detection lag is measured against. */
  public readonly completions: SimulatedCompletion[] = [];

  private readonly clock: Clock;
  private readonly timings: SimulationTimings;
  private readonly quotas: SimulationQuotas;
  private faults: SimulationFaults;
  private readonly clusters = new Map<string, ClusterRecord>();
  private readonly instances = new Map<string, InstanceRecord>();
  private readonly snapshots = new Map<string, SnapshotRecord>();
  private readonly timeline = new Timeline();
  private readonly durations: SeededRandom;
  private readonly throttling: SeededRandom;
  private readonly eventLoss: SeededRandom;
  private readonly ordering: SeededRandom;

  public constructor(private readonly options: SimulatedAuroraOptions) {
    this.clock = options.clock;
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT;
    this.region = options.region ?? DEFAULT_REGION;
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.quotas = { ...DEFAULT_QUOTAS, ...options.quotas };
    this.faults = { ...NO_FAULTS, ...options.faults };
    const seed = String(options.seed ?? 1);
    this.durations = new SeededRandom(`${seed}:durations`);
    this.throttling = new SeededRandom(`${seed}:throttling`);
    this.eventLoss = new SeededRandom(`${seed}:events`);
    this.ordering = new SeededRandom(`${seed}:ordering`);
  }

  // ---- seeding and inspection (not calls: neither logged nor throttled) ----

  /** Changes the injected faults from now on. */
  public setFaults(faults: Partial<SimulationFaults>): void {
    this.faults = { ...this.faults, ...faults };
  }

  /** Seeds a cluster (and its instances) as it exists before the run. */
  public addCluster(spec: SeedCluster): Cluster {
    const accountId = spec.accountId ?? this.accountId;
    const region = spec.region ?? this.region;
    const id = spec.id.toLowerCase();
    const endpoints = this.endpointsOf(id, region, spec.port);
    const record: ClusterRecord = {
      id,
      arn: formatRdsArn({ region, accountId, resourceType: 'cluster', resourceId: id }),
      accountId,
      region,
      status: spec.status ?? 'available',
      deletionProtection: spec.deletionProtection ?? false,
      tags: { ...spec.tags },
      ...endpoints,
      masterUsername: spec.masterUsername ?? 'postgres',
      engineVersion: spec.engineVersion ?? '16.4',
      copyTagsToSnapshot: true,
      members: [],
    };
    this.clusters.set(this.key(accountId, region, id), record);
    for (const [index, instance] of (spec.instances ?? []).entries()) {
      const instanceId = instance.id.toLowerCase();
      this.instances.set(this.key(accountId, region, instanceId), {
        id: instanceId,
        arn: formatRdsArn({ region, accountId, resourceType: 'db', resourceId: instanceId }),
        clusterId: id,
        accountId,
        region,
        status: instance.status ?? 'available',
        instanceClass: instance.instanceClass ?? 'db.r6g.large',
        tags: { ...spec.tags },
      });
      record.members.push({ instanceId, isWriter: index === 0 });
    }
    return clusterView(record);
  }

  /** Seeds a snapshot. */
  public addSnapshot(spec: SeedSnapshot): ClusterSnapshot {
    const accountId = spec.accountId ?? this.accountId;
    const region = spec.region ?? this.region;
    const record: SnapshotRecord = {
      id: spec.id,
      arn: formatRdsArn({ region, accountId, resourceType: 'cluster-snapshot', resourceId: spec.id }),
      clusterId: spec.clusterId.toLowerCase(),
      accountId,
      region,
      type: spec.type ?? 'manual',
      status: spec.status ?? 'available',
      createdAt: spec.createdAt,
      sizeGb: spec.sizeGb,
      encrypted: spec.encrypted ?? false,
      ...(spec.kmsKeyId !== undefined ? { kmsKeyId: spec.kmsKeyId } : {}),
      engineVersion: spec.engineVersion ?? '16.4',
      masterUsername: spec.masterUsername ?? 'postgres',
      tags: { ...spec.tags },
      sharedWith: new Set(spec.sharedWithHome === true ? [this.accountId] : []),
    };
    this.snapshots.set(record.arn, record);
    return snapshotView(record, this.accountId, this.clock.now());
  }

  /** A cluster of this account and region as it is now, without making a call. */
  public peekCluster(id: string): Cluster | undefined {
    this.timeline.settle(this.clock.now());
    const record = this.homeCluster(id);
    return record === undefined ? undefined : clusterView(record);
  }

  /** An instance of this account and region as it is now, without making a call. */
  public peekInstance(id: string): Instance | undefined {
    this.timeline.settle(this.clock.now());
    const record = this.homeInstance(id);
    return record === undefined ? undefined : instanceView(record);
  }

  /** A snapshot (id in this region, or ARN) as it is now, without making a call. */
  public peekSnapshot(idOrArn: string): ClusterSnapshot | undefined {
    this.timeline.settle(this.clock.now());
    const record = this.findSnapshot(idOrArn, this.region);
    return record === undefined ? undefined : snapshotView(record, this.accountId, this.clock.now());
  }

  /** The calls that changed (or tried to change) something. */
  public writeCalls(): SimulatedCall[] {
    return this.calls.filter((call) => call.write);
  }

  /** The calls answered with `Throttling`. */
  public throttledCalls(): SimulatedCall[] {
    return this.calls.filter((call) => call.result === 'Throttling');
  }

  // ---- RdsEventSource ----

  public nextEventAt(): Date | undefined {
    return this.timeline.nextEventAt();
  }

  public takeEventsUntil(until: Date): RdsEvent[] {
    const events = this.timeline.takeEventsUntil(until);
    this.deliveredEvents.push(...events);
    return events;
  }

  // ---- RdsPort ----

  public async home(): Promise<RdsHome> {
    return { partition: partitionOf(this.region), region: this.region, accountId: this.accountId };
  }

  public describeClusterSnapshots(query: SnapshotQuery): Promise<ClusterSnapshot[]> {
    return this.call('describeClusterSnapshots', query.clusterId ?? '*', () => {
      const region = query.region ?? this.region;
      const clusterId = query.clusterId?.toLowerCase();
      const matches = [...this.snapshots.values()].filter((record) => {
        if (record.region !== region || (clusterId !== undefined && record.clusterId !== clusterId)) return false;
        if (record.accountId === this.accountId) return (query.types as string[]).includes(record.type);
        return query.types.includes('shared') && record.type === 'manual' && record.sharedWith.has(this.accountId);
      });
      // RDS documents no order: hand them out shuffled so that nothing relies on one.
      return this.ordering.shuffle(matches).map((record) => snapshotView(record, this.accountId, this.clock.now()));
    });
  }

  public describeClusterSnapshot(idOrArn: string, region?: string): Promise<ClusterSnapshot | undefined> {
    return this.call('describeClusterSnapshot', idOrArn, () => {
      const record = this.findSnapshot(idOrArn, region ?? this.region);
      return record === undefined ? undefined : snapshotView(record, this.accountId, this.clock.now());
    });
  }

  public copyClusterSnapshot(input: CopySnapshotInput): Promise<ClusterSnapshot> {
    return this.call('copyClusterSnapshot', input.targetId, () => {
      const now = this.clock.now();
      if (!isValidSnapshotId(input.targetId)) {
        throw awsErrors.invalidValue(input.targetId, `The parameter TargetDBClusterSnapshotIdentifier is not a valid identifier: ${input.targetId}`);
      }
      if (this.findSnapshot(input.targetId, this.region) !== undefined) throw awsErrors.snapshotExists(input.targetId);
      const source = this.findSnapshot(input.source, this.region);
      if (source === undefined) throw awsErrors.snapshotNotFound(input.source);
      if (source.status !== 'available') throw awsErrors.invalidSnapshotState(input.source, `Snapshot ${source.id} is not available (status ${source.status}).`);
      const crossRegion = source.region !== this.region;
      const crossAccount = source.accountId !== this.accountId;
      if (source.encrypted && (crossRegion || crossAccount) && input.kmsKeyId === undefined) {
        throw awsErrors.invalidCombination(
          input.targetId,
          crossAccount
            ? 'KmsKeyId must be specified to copy an encrypted snapshot shared from another AWS account.'
            : 'KmsKeyId must be specified for a cross-region copy of an encrypted snapshot.',
        );
      }
      if (input.kmsKeyId !== undefined && this.faults.inaccessibleKmsKeys.includes(input.kmsKeyId)) throw awsErrors.kmsNotAccessible(input.targetId, input.kmsKeyId);
      this.checkSnapshotQuota(input.targetId, now);

      const copy: SnapshotRecord = {
        id: input.targetId,
        arn: formatRdsArn({ region: this.region, accountId: this.accountId, resourceType: 'cluster-snapshot', resourceId: input.targetId }),
        clusterId: source.clusterId,
        accountId: this.accountId,
        region: this.region,
        type: 'manual',
        status: crossRegion || crossAccount ? 'copying' : 'creating',
        // A copy keeps the original's creation time: it holds the same data.
        createdAt: new Date(source.createdAt),
        sizeGb: source.sizeGb,
        encrypted: source.encrypted || input.kmsKeyId !== undefined,
        ...(input.kmsKeyId !== undefined ? { kmsKeyId: input.kmsKeyId } : source.kmsKeyId !== undefined ? { kmsKeyId: source.kmsKeyId } : {}),
        engineVersion: source.engineVersion,
        masterUsername: source.masterUsername,
        tags: { ...(input.copyTags ? source.tags : {}), ...input.tags },
        sharedWith: new Set(),
        copy: { startedAt: now.getTime(), durationMs: this.copyDurationMs(source.sizeGb) },
      };
      this.snapshots.set(copy.arn, copy);
      this.scheduleCopyEnd(copy);
      return snapshotView(copy, this.accountId, now);
    });
  }

  public deleteClusterSnapshot(id: string): Promise<void> {
    return this.call('deleteClusterSnapshot', id, () => {
      const record = this.findSnapshot(id, this.region);
      if (record === undefined || record.accountId !== this.accountId) throw awsErrors.snapshotNotFound(id);
      if (record.type === 'automated') throw awsErrors.invalidSnapshotState(id, 'Only manual snapshots may be deleted; automated ones expire with the retention period.');
      if (record.status === 'deleting') throw awsErrors.invalidSnapshotState(id, `Snapshot ${id} is already being deleted.`);
      // Deleting a copy in progress cancels it.
      this.timeline.cancel(this.snapshotKey(record));
      record.status = 'deleting';
      this.timeline.schedule(this.after(this.timings.snapshotDeleteMinutes), this.snapshotKey(record), () => this.snapshots.delete(record.arn));
    });
  }

  public addTags(arn: string, tags: Record<string, string>): Promise<void> {
    return this.call('addTags', arn, () => {
      const parts = parseRdsArn(arn);
      if (parts === undefined) throw awsErrors.invalidValue(arn, `${arn} is not a valid ARN.`);
      const target =
        parts.resourceType === 'cluster'
          ? this.homeCluster(parts.resourceId)
          : parts.resourceType === 'db'
            ? this.homeInstance(parts.resourceId)
            : parts.resourceType === 'cluster-snapshot'
              ? this.snapshots.get(arn)
              : undefined;
      if (target === undefined || target.accountId !== this.accountId || target.region !== this.region) {
        if (parts.resourceType === 'db') throw awsErrors.instanceNotFound(parts.resourceId);
        if (parts.resourceType === 'cluster-snapshot') throw awsErrors.snapshotNotFound(parts.resourceId);
        throw awsErrors.clusterNotFound(parts.resourceId);
      }
      Object.assign(target.tags, tags);
    });
  }

  public describeCluster(clusterId: string): Promise<Cluster | undefined> {
    return this.call('describeCluster', clusterId, () => {
      const record = this.homeCluster(clusterId);
      return record === undefined ? undefined : clusterView(record);
    });
  }

  public modifyCluster(input: ModifyClusterInput): Promise<void> {
    return this.call('modifyCluster', input.clusterId, async () => {
      const cluster = this.homeCluster(input.clusterId);
      if (cluster === undefined) throw awsErrors.clusterNotFound(input.clusterId);
      if (cluster.status === 'creating' || cluster.status === 'deleting') {
        throw awsErrors.invalidClusterState(cluster.id, `DB cluster ${cluster.id} is not available for modification with status ${cluster.status}.`);
      }
      const password = input.masterUserPassword;
      if (password !== undefined && input.manageMasterUserPassword === true) {
        throw awsErrors.invalidCombination(cluster.id, 'You can\'t specify MasterUserPassword and ManageMasterUserPassword together.');
      }
      const changesCredentials = password !== undefined || input.manageMasterUserPassword !== undefined;
      if (changesCredentials && cluster.status !== 'available') {
        throw awsErrors.invalidClusterState(cluster.id, `DB cluster ${cluster.id} is ${cluster.status}; its master credentials can be changed once it is available.`);
      }
      if (input.manageMasterUserPassword === false && cluster.managedSecret !== undefined && password === undefined) {
        throw awsErrors.invalidCombination(cluster.id, 'MasterUserPassword is required when you turn off ManageMasterUserPassword.');
      }
      if (password !== undefined && !isValidMasterPassword(password)) {
        // Like RDS, the message describes the rule and never repeats the value.
        throw awsErrors.invalidValue(cluster.id, 'The parameter MasterUserPassword is not a valid password. Only printable ASCII characters besides \'/\', \'@\', \'"\', \' \' may be used.');
      }
      if (input.deletionProtection !== undefined) cluster.deletionProtection = input.deletionProtection;
      if (!changesCredentials) return;

      cluster.status = 'resetting-master-credentials';
      const done = this.after(this.timings.resetCredentialsMinutes);
      this.timeline.schedule(done, this.clusterKey(cluster), () => {
        if (cluster.status === 'resetting-master-credentials') cluster.status = 'available';
      });
      if (password !== undefined) {
        if (input.manageMasterUserPassword === false) delete cluster.managedSecret;
        await this.options.credentials?.passwordChanged?.(cluster.id, cluster.masterUsername, password);
      } else if (input.manageMasterUserPassword === true && cluster.managedSecret === undefined) {
        const secret: ManagedMasterSecret = { secretArn: this.managedSecretArn(cluster), status: 'creating' };
        cluster.managedSecret = secret;
        this.timeline.schedule(this.after(this.timings.managedSecretMinutes), this.clusterKey(cluster), () => {
          secret.status = 'active';
        });
        const generated = randomBytes(24).toString('base64url');
        await this.options.credentials?.managedSecretCreated?.(cluster.id, secret.secretArn, cluster.masterUsername, generated);
      }
    });
  }

  public deleteCluster(input: DeleteClusterInput): Promise<void> {
    return this.call('deleteCluster', input.clusterId, () => {
      const cluster = this.homeCluster(input.clusterId);
      if (cluster === undefined) throw awsErrors.clusterNotFound(input.clusterId);
      // The port's type allows only one of the two; a caller going around it still gets RDS's answer.
      const finalSnapshot = input.finalSnapshot as { skip: boolean; snapshotId?: string };
      if (finalSnapshot.skip && finalSnapshot.snapshotId !== undefined) {
        throw awsErrors.invalidCombination(cluster.id, 'FinalDBSnapshotIdentifier can not be specified when deleting a cluster with SkipFinalSnapshot true.');
      }
      if (!finalSnapshot.skip && finalSnapshot.snapshotId === undefined) {
        throw awsErrors.invalidCombination(cluster.id, 'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.');
      }
      if (cluster.deletionProtection) throw awsErrors.invalidCombination(cluster.id, 'Cannot delete protected Cluster, please disable deletion protection and try again.');
      if (cluster.status === 'deleting') throw awsErrors.invalidClusterState(cluster.id, `Cluster ${cluster.id} is already being deleted.`);
      if (CLUSTER_STATUSES_THAT_BLOCK_DELETE.has(cluster.status)) throw awsErrors.invalidClusterState(cluster.id, `Cluster ${cluster.id} is ${cluster.status} and cannot be deleted now.`);
      const members = cluster.members.map((member) => this.homeInstance(member.instanceId));
      if (members.some((instance) => instance !== undefined && instance.status !== 'deleting')) {
        throw awsErrors.invalidClusterState(cluster.id, 'Cluster cannot be deleted, it still contains DB instances in non-deleting state.');
      }
      let finalSnapshotDone = 0;
      if (finalSnapshot.snapshotId !== undefined) {
        if (!isValidSnapshotId(finalSnapshot.snapshotId)) throw awsErrors.invalidValue(cluster.id, `The parameter FinalDBSnapshotIdentifier is not a valid identifier: ${finalSnapshot.snapshotId}`);
        if (this.findSnapshot(finalSnapshot.snapshotId, this.region) !== undefined) throw awsErrors.snapshotExists(finalSnapshot.snapshotId);
        finalSnapshotDone = this.takeFinalSnapshot(cluster, finalSnapshot.snapshotId).getTime();
      }
      this.timeline.cancel(this.clusterKey(cluster));
      cluster.status = 'deleting';
      const instancesGone = Math.max(this.clock.now().getTime(), ...members.map((instance) => instance?.goneAt ?? 0));
      const gone = new Date(Math.max(instancesGone, finalSnapshotDone) + this.duration(this.timings.clusterDeleteMinutes));
      const key = this.clusterKey(cluster);
      this.timeline.schedule(gone, key, () => {
        this.clusters.delete(this.key(cluster.accountId, cluster.region, cluster.id));
        this.completions.push({ at: gone, kind: 'cluster-gone', id: cluster.id });
      });
      this.emit(gone, key, 'RDS-EVENT-0171', cluster);
    });
  }

  public restoreClusterFromSnapshot(input: RestoreClusterInput): Promise<Cluster> {
    return this.call('restoreClusterFromSnapshot', input.clusterId, () => {
      const clusterId = input.clusterId.toLowerCase();
      if (this.homeCluster(clusterId) !== undefined) throw awsErrors.clusterExists(clusterId);
      const snapshot = this.findSnapshot(input.snapshot, this.region);
      if (snapshot === undefined || snapshot.region !== this.region) throw awsErrors.snapshotNotFound(input.snapshot);
      if (snapshot.status !== 'available') throw awsErrors.invalidSnapshotState(input.snapshot, `Snapshot ${snapshot.id} is not available (status ${snapshot.status}).`);
      if (input.engineVersion !== undefined && compareVersions(input.engineVersion, snapshot.engineVersion) < 0) {
        throw awsErrors.invalidCombination(clusterId, `Cannot restore snapshot ${snapshot.id} of engine version ${snapshot.engineVersion} to the lower version ${input.engineVersion}.`);
      }
      const kmsKeyId = input.kmsKeyId ?? snapshot.kmsKeyId;
      if (kmsKeyId !== undefined && this.faults.inaccessibleKmsKeys.includes(kmsKeyId)) throw awsErrors.kmsNotAccessible(clusterId, kmsKeyId);
      if (input.serverlessV2Scaling !== undefined && input.serverlessV2Scaling.minCapacity > input.serverlessV2Scaling.maxCapacity) {
        throw awsErrors.invalidValue(clusterId, 'ServerlessV2ScalingConfiguration MinCapacity must not exceed MaxCapacity.');
      }
      const endpoints = this.endpointsOf(clusterId, this.region, input.port);
      const cluster: ClusterRecord = {
        id: clusterId,
        arn: formatRdsArn({ region: this.region, accountId: this.accountId, resourceType: 'cluster', resourceId: clusterId }),
        accountId: this.accountId,
        region: this.region,
        status: 'creating',
        deletionProtection: input.deletionProtection,
        tags: { ...input.tags },
        ...endpoints,
        masterUsername: snapshot.masterUsername,
        engineVersion: input.engineVersion ?? snapshot.engineVersion,
        ...(input.serverlessV2Scaling !== undefined ? { serverlessV2Scaling: { ...input.serverlessV2Scaling } } : {}),
        copyTagsToSnapshot: input.copyTagsToSnapshot,
        members: [],
      };
      const key = this.clusterKey(cluster);
      this.clusters.set(this.key(cluster.accountId, cluster.region, cluster.id), cluster);
      const created = this.after(this.timings.restoreMinutes + this.timings.restoreMinutesPerTb * (snapshot.sizeGb / 1024));
      const failure = this.faults.restoreEndsIn;
      if (failure !== undefined) {
        this.timeline.schedule(created, key, () => {
          cluster.status = failure;
        });
      } else {
        const available = new Date(created.getTime() + this.duration(this.timings.backingUpMinutes));
        this.timeline.schedule(created, key, () => {
          cluster.status = 'backing-up';
        });
        this.timeline.schedule(available, key, () => {
          cluster.status = 'available';
          this.completions.push({ at: available, kind: 'cluster-available', id: cluster.id });
        });
        this.emit(available, key, 'RDS-EVENT-0170', cluster);
      }
      return clusterView(cluster);
    });
  }

  public describeManagedMasterSecret(clusterId: string): Promise<ManagedMasterSecret | undefined> {
    return this.call('describeManagedMasterSecret', clusterId, () => {
      const cluster = this.homeCluster(clusterId);
      if (cluster === undefined) throw awsErrors.clusterNotFound(clusterId);
      return cluster.managedSecret === undefined ? undefined : { ...cluster.managedSecret };
    });
  }

  public describeInstance(instanceId: string): Promise<Instance | undefined> {
    return this.call('describeInstance', instanceId, () => {
      const record = this.homeInstance(instanceId);
      return record === undefined ? undefined : instanceView(record);
    });
  }

  public createInstance(input: CreateInstanceInput): Promise<Instance> {
    return this.call('createInstance', input.instanceId, () => {
      const instanceId = input.instanceId.toLowerCase();
      if (this.homeInstance(instanceId) !== undefined) throw awsErrors.instanceExists(instanceId);
      const cluster = this.homeCluster(input.clusterId);
      if (cluster === undefined) throw awsErrors.clusterNotFound(input.clusterId);
      if (cluster.status !== 'available') throw awsErrors.invalidClusterState(cluster.id, `DB cluster ${cluster.id} is ${cluster.status}; instances can be added once it is available.`);
      if (input.instanceClass === 'db.serverless' && cluster.serverlessV2Scaling === undefined) {
        throw awsErrors.invalidCombination(instanceId, `Set ServerlessV2ScalingConfiguration on cluster ${cluster.id} before adding a db.serverless instance.`);
      }
      if (input.performanceInsights?.kmsKeyId !== undefined && this.faults.inaccessibleKmsKeys.includes(input.performanceInsights.kmsKeyId)) {
        throw awsErrors.kmsNotAccessible(instanceId, input.performanceInsights.kmsKeyId);
      }
      const instance: InstanceRecord = {
        id: instanceId,
        arn: formatRdsArn({ region: this.region, accountId: this.accountId, resourceType: 'db', resourceId: instanceId }),
        clusterId: cluster.id,
        accountId: this.accountId,
        region: this.region,
        status: 'creating',
        instanceClass: input.instanceClass,
        tags: { ...input.tags },
      };
      const key = this.instanceKey(instance);
      this.instances.set(this.key(instance.accountId, instance.region, instance.id), instance);
      cluster.members.push({ instanceId, isWriter: !cluster.members.some((member) => member.isWriter) });
      const available = this.after(this.timings.instanceCreateMinutes);
      this.timeline.schedule(available, key, () => {
        instance.status = 'available';
        this.completions.push({ at: available, kind: 'instance-available', id: instance.id });
      });
      this.emit(available, key, 'RDS-EVENT-0005', instance);
      return instanceView(instance);
    });
  }

  public deleteInstance(instanceId: string): Promise<void> {
    return this.call('deleteInstance', instanceId, () => {
      const instance = this.homeInstance(instanceId);
      if (instance === undefined) throw awsErrors.instanceNotFound(instanceId);
      if (instance.status === 'deleting') throw awsErrors.invalidInstanceState(instance.id, `Instance ${instance.id} is already being deleted.`);
      if (instance.status === 'creating') throw awsErrors.invalidInstanceState(instance.id, `Instance ${instance.id} is not in available state.`);
      const key = this.instanceKey(instance);
      this.timeline.cancel(key);
      instance.status = 'deleting';
      const gone = this.after(this.timings.instanceDeleteMinutes);
      instance.goneAt = gone.getTime();
      this.timeline.schedule(gone, key, () => {
        this.instances.delete(this.key(instance.accountId, instance.region, instance.id));
        const cluster = this.homeCluster(instance.clusterId);
        if (cluster !== undefined) cluster.members = cluster.members.filter((member) => member.instanceId !== instance.id);
        this.completions.push({ at: gone, kind: 'instance-gone', id: instance.id });
      });
      this.emit(gone, key, 'RDS-EVENT-0003', instance);
    });
  }

  // ---- internals ----

  /** Runs one port call: settles virtual time, logs the call, and may throttle it. */
  private async call<T>(operation: SimulatedOperation, resource: string, body: () => T | Promise<T>): Promise<T> {
    const now = this.clock.now();
    this.timeline.settle(now);
    const record: SimulatedCall = { at: now, operation, resource, write: WRITE_OPERATIONS.has(operation), result: 'ok' };
    this.calls.push(record);
    try {
      const throttled =
        (this.faults.throttleOperations === undefined || this.faults.throttleOperations.includes(operation)) && this.throttling.chance(this.faults.throttleRate);
      if (throttled) throw awsErrors.throttled(resource);
      return await body();
    } catch (error) {
      record.result = error instanceof RdsError ? error.code : 'Error';
      throw error;
    }
  }

  private checkSnapshotQuota(targetId: string, now: Date): void {
    const busyUntil = this.faults.snapshotQuotaBusyUntil;
    if (busyUntil !== undefined && now.getTime() < busyUntil.getTime()) {
      throw awsErrors.snapshotQuota(targetId, `Cannot copy snapshot: ${this.quotas.concurrentCopies} snapshot copies are already in progress in ${this.region}.`);
    }
    const own = [...this.snapshots.values()].filter((record) => record.accountId === this.accountId && record.region === this.region && record.type === 'manual');
    if (own.length >= this.quotas.manualSnapshots) {
      throw awsErrors.snapshotQuota(targetId, `Cannot create more than ${this.quotas.manualSnapshots} manual snapshots.`);
    }
    const copying = own.filter((record) => record.copy !== undefined && (record.status === 'copying' || record.status === 'creating'));
    if (copying.length >= this.quotas.concurrentCopies) {
      throw awsErrors.snapshotQuota(targetId, `Cannot copy snapshot: ${copying.length} snapshot copies are already in progress in ${this.region}.`);
    }
  }

  private copyDurationMs(sizeGb: number): number {
    const hours = sizeGb / 1024 / this.timings.copyTbPerHour;
    return this.duration(this.timings.copyOverheadMinutes + hours * 60);
  }

  private scheduleCopyEnd(copy: SnapshotRecord): void {
    const progress = copy.copy as NonNullable<SnapshotRecord['copy']>;
    const key = this.snapshotKey(copy);
    const failure = this.faults.copyFails;
    if (failure !== undefined) {
      const percent = Math.max(0, Math.min(99, Math.floor(failure.atPercent)));
      const at = new Date(progress.startedAt + (progress.durationMs * percent) / 100);
      this.timeline.schedule(at, key, () => {
        if (failure.mode === 'vanish') {
          this.snapshots.delete(copy.arn);
          return;
        }
        copy.status = 'failed';
        progress.frozenPercent = percent;
      });
      return;
    }
    const done = new Date(progress.startedAt + progress.durationMs);
    this.timeline.schedule(done, key, () => {
      copy.status = 'available';
      progress.frozenPercent = 100;
      this.completions.push({ at: done, kind: 'copy-available', id: copy.id });
    });
  }

  /** The snapshot RDS takes when a cluster is deleted with FinalDBSnapshotIdentifier; returns when it is done. */
  private takeFinalSnapshot(cluster: ClusterRecord, snapshotId: string): Date {
    const record: SnapshotRecord = {
      id: snapshotId,
      arn: formatRdsArn({ region: this.region, accountId: this.accountId, resourceType: 'cluster-snapshot', resourceId: snapshotId }),
      clusterId: cluster.id,
      accountId: this.accountId,
      region: this.region,
      type: 'manual',
      status: 'creating',
      createdAt: this.clock.now(),
      sizeGb: 0,
      encrypted: false,
      engineVersion: cluster.engineVersion,
      masterUsername: cluster.masterUsername,
      tags: cluster.copyTagsToSnapshot ? { ...cluster.tags } : {},
      sharedWith: new Set(),
    };
    this.snapshots.set(record.arn, record);
    const done = this.after(this.timings.finalSnapshotMinutes);
    this.timeline.schedule(done, this.snapshotKey(record), () => {
      record.status = 'available';
    });
    return done;
  }

  private emit(at: Date, resourceKey: string, eventId: SimulatedEventId, subject: EventSubject): void {
    const event = buildRdsEvent(eventId, { id: subject.id, arn: subject.arn, accountId: subject.accountId, region: subject.region }, at, this.timeline.nextSequence());
    const lostByRule = this.faults.lostEvents.some(
      (rule) => rule.eventId === eventId && (rule.sourceIdentifier === undefined || rule.sourceIdentifier.toLowerCase() === subject.id),
    );
    if (lostByRule || this.eventLoss.chance(this.faults.eventLossRate)) {
      this.lostEvents.push(event);
      return;
    }
    this.timeline.emit(at, resourceKey, event);
  }

  private findSnapshot(idOrArn: string, region: string): SnapshotRecord | undefined {
    if (idOrArn.startsWith('arn:')) {
      const record = this.snapshots.get(idOrArn);
      if (record === undefined) return undefined;
      return record.accountId === this.accountId || record.sharedWith.has(this.accountId) ? record : undefined;
    }
    return [...this.snapshots.values()].find((record) => record.id === idOrArn && record.accountId === this.accountId && record.region === region);
  }

  private homeCluster(id: string): ClusterRecord | undefined {
    return this.clusters.get(this.key(this.accountId, this.region, id.toLowerCase()));
  }

  private homeInstance(id: string): InstanceRecord | undefined {
    return this.instances.get(this.key(this.accountId, this.region, id.toLowerCase()));
  }

  private endpointsOf(clusterId: string, region: string, port: number | undefined): Pick<ClusterRecord, 'endpoint' | 'readerEndpoint' | 'port'> {
    const resolved = this.options.endpoints?.(clusterId);
    if (resolved !== undefined) return { endpoint: resolved.writer, readerEndpoint: resolved.reader, port: resolved.port ?? port ?? 5432 };
    const suffix = createHash('sha256').update(`${this.accountId}:${region}`).digest('hex').slice(0, 12);
    return {
      endpoint: `${clusterId}.cluster-c${suffix}.${region}.rds.amazonaws.com`,
      readerEndpoint: `${clusterId}.cluster-ro-c${suffix}.${region}.rds.amazonaws.com`,
      port: port ?? 5432,
    };
  }

  private managedSecretArn(cluster: ClusterRecord): string {
    const suffix = createHash('sha256').update(cluster.arn).digest('hex');
    return `arn:${partitionOf(this.region)}:secretsmanager:${this.region}:${this.accountId}:secret:rds!cluster-${suffix.slice(0, 8)}-${suffix.slice(8, 12)}-${suffix.slice(12, 18)}`;
  }

  private key(accountId: string, region: string, id: string): string {
    return `${accountId}/${region}/${id}`;
  }

  /** The timeline's name for a cluster (clusters and instances may share an identifier). */
  private clusterKey(cluster: ClusterRecord): string {
    return `cluster:${this.key(cluster.accountId, cluster.region, cluster.id)}`;
  }

  private instanceKey(instance: InstanceRecord): string {
    return `instance:${this.key(instance.accountId, instance.region, instance.id)}`;
  }

  private snapshotKey(snapshot: SnapshotRecord): string {
    return `snapshot:${snapshot.arn}`;
  }

  /** A duration in milliseconds drawn around `minutes`. */
  private duration(minutes: number): number {
    return Math.max(1000, Math.round(this.durations.spread(minutes * MINUTE, this.timings.spread)));
  }

  private after(minutes: number): Date {
    return new Date(this.clock.now().getTime() + this.duration(minutes));
  }
}
