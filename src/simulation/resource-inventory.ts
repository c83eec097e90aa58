import type { ClusterRecord, InstanceRecord, SnapshotRecord } from './resource-records';

/** How clusters and instances are keyed: identifiers are unique only within an account and a region. */
export function resourceKey(accountId: string, region: string, id: string): string {
  return `${accountId}/${region}/${id}`;
}

/**
 * Every resource that exists in the simulated world, of every account and region, and what the home
 * account can see of it. Lookups live here so that every operation applies the same visibility rules
 * (lower-cased identifiers, snapshots of other accounts only when shared).
 */
export class ResourceInventory {
  private readonly clusters = new Map<string, ClusterRecord>();
  private readonly instances = new Map<string, InstanceRecord>();
  // By ARN: a snapshot identifier is unique only within an account and a region.
  private readonly snapshots = new Map<string, SnapshotRecord>();

  /** `accountId` and `region` are the home the port acts in. */
  public constructor(
    private readonly accountId: string,
    private readonly region: string,
  ) {}

  /** Adds (or replaces) a cluster. */
  private clusterSerial = 0;

  /** A new cluster resource id, unique in this simulation, in RDS's format (`cluster-` and 26 characters). */
  public newClusterResourceId(): string {
    this.clusterSerial += 1;
    return `cluster-${String(this.clusterSerial).padStart(26, '0')}`;
  }

  public putCluster(record: ClusterRecord): void {
    this.clusters.set(resourceKey(record.accountId, record.region, record.id), record);
  }

  /** Removes a cluster that is gone. */
  public removeCluster(record: ClusterRecord): void {
    this.clusters.delete(resourceKey(record.accountId, record.region, record.id));
  }

  /** A cluster of the home account and region. */
  public homeCluster(id: string): ClusterRecord | undefined {
    return this.clusters.get(resourceKey(this.accountId, this.region, id.toLowerCase()));
  }

  /** Every cluster of the home account and region. */
  public homeClusters(): ClusterRecord[] {
    return [...this.clusters.values()].filter((record) => record.accountId === this.accountId && record.region === this.region);
  }

  /** Adds (or replaces) an instance. */
  public putInstance(record: InstanceRecord): void {
    this.instances.set(resourceKey(record.accountId, record.region, record.id), record);
  }

  /** Removes an instance that is gone. */
  public removeInstance(record: InstanceRecord): void {
    this.instances.delete(resourceKey(record.accountId, record.region, record.id));
  }

  /** Every instance of the home account and region. */
  public homeInstances(): InstanceRecord[] {
    return [...this.instances.values()].filter((record) => record.accountId === this.accountId && record.region === this.region);
  }

  /** An instance of the home account and region. */
  public homeInstance(id: string): InstanceRecord | undefined {
    return this.instances.get(resourceKey(this.accountId, this.region, id.toLowerCase()));
  }

  /** Adds (or replaces) a snapshot. */
  public putSnapshot(record: SnapshotRecord): void {
    this.snapshots.set(record.arn, record);
  }

  /** Removes a snapshot that is gone. */
  public removeSnapshot(record: SnapshotRecord): void {
    this.snapshots.delete(record.arn);
  }

  /** A snapshot by ARN, whoever owns it. */
  public snapshotByArn(arn: string): SnapshotRecord | undefined {
    return this.snapshots.get(arn);
  }

  /** Every snapshot of every account and region, in the order they were added. */
  public allSnapshots(): SnapshotRecord[] {
    return [...this.snapshots.values()];
  }

  /** A snapshot the home account can see: its own by identifier in `region`, or by ARN its own or one shared with it. */
  public findSnapshot(idOrArn: string, region: string): SnapshotRecord | undefined {
    if (idOrArn.startsWith('arn:')) {
      const record = this.snapshots.get(idOrArn);
      if (record === undefined) return undefined;
      return record.accountId === this.accountId || record.sharedWith.has(this.accountId) ? record : undefined;
    }
    return [...this.snapshots.values()].find((record) => record.id === idOrArn && record.accountId === this.accountId && record.region === region);
  }
}


/**
 * The names resources go by on the timeline, so that deleting a resource cancels exactly its own
 * pending transitions and events. Each kind has its own prefix: a cluster and an instance may share
 * an identifier.
 */

/** The timeline's name for a cluster. */
export function clusterKey(cluster: ClusterRecord): string {
  return `cluster:${resourceKey(cluster.accountId, cluster.region, cluster.id)}`;
}

/** The timeline's name for an instance. */
export function instanceKey(instance: InstanceRecord): string {
  return `instance:${resourceKey(instance.accountId, instance.region, instance.id)}`;
}

/** The timeline's name for a snapshot. */
export function snapshotKey(snapshot: SnapshotRecord): string {
  return `snapshot:${snapshot.arn}`;
}
