import { OPERATION_TAG_KEY, TARGET_TAG_KEY } from '../../src/constants';
import { RdsError, type AccountQuotas, type Cluster, type ClusterSnapshot, type ManagedMasterSecret, type RdsPort } from '../../src/ports/rds';

/** A snapshot as RDS would describe it; override any field. */
export function fakeSnapshot(overrides: Partial<ClusterSnapshot> & { id: string }): ClusterSnapshot {
  return {
    arn: `arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:${overrides.id}`,
    clusterId: 'prod-orders',
    status: 'available',
    type: 'manual',
    createdAt: new Date('2026-11-24T03:00:00Z'),
    sizeGb: 100,
    encrypted: true,
    tags: {},
    ...overrides,
  };
}

/** A snapshot copy this tool made for `target` in operation `operationId`. */
export function toolCopy(id: string, target: string, operationId: string, createdAt: string, extra: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return fakeSnapshot({ id, createdAt: new Date(createdAt), tags: { [OPERATION_TAG_KEY]: operationId, [TARGET_TAG_KEY]: target }, ...extra });
}

/** A restored cluster as RDS would describe it; override any field. */
export function fakeCluster(overrides: Partial<Cluster> = {}): Cluster {
  return {
    id: 'staging-orders',
    arn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging-orders',
    status: 'available',
    deletionProtection: false,
    members: [{ instanceId: 'staging-orders-1', isWriter: true }],
    endpoint: 'staging-orders.cluster-abc.eu-west-1.rds.amazonaws.com',
    readerEndpoint: 'staging-orders.cluster-ro-abc.eu-west-1.rds.amazonaws.com',
    port: 5432,
    masterUsername: 'postgres',
    tags: {},
    ...overrides,
  };
}

function notUsed(name: string) {
  return jest.fn(async () => {
    throw new Error(`FakeRds.${name} is not expected in this test`);
  });
}

/**
 * An in-memory RDS for the last steps' tests: snapshots, clusters and managed master secrets in
 * maps, every method a jest.fn so a test can assert its input or make it fail once. Deleting a
 * snapshot removes it; tagging merges tags.
 */
export class FakeRds implements RdsPort {
  public readonly snapshots = new Map<string, ClusterSnapshot>();
  public readonly clusters = new Map<string, Cluster>();
  public readonly managedSecrets = new Map<string, ManagedMasterSecret>();

  public constructor(seed: { snapshots?: ClusterSnapshot[]; clusters?: Cluster[] } = {}) {
    for (const snapshot of seed.snapshots ?? []) this.snapshots.set(snapshot.id, snapshot);
    for (const cluster of seed.clusters ?? []) this.clusters.set(cluster.id, cluster);
  }

  public home = jest.fn(async () => ({ partition: 'aws', region: 'eu-west-1', accountId: '111111111111' }));
  public describeClusterSnapshots = jest.fn(async () => [...this.snapshots.values()]);
  public describeClusterSnapshot = jest.fn(async (idOrArn: string) => [...this.snapshots.values()].find((s) => s.id === idOrArn || s.arn === idOrArn));
  public deleteClusterSnapshot = jest.fn(async (id: string) => {
    if (!this.snapshots.delete(id)) throw new RdsError('DBClusterSnapshotNotFoundFault', `DBClusterSnapshot ${id} not found.`, id);
  });
  public addTags = jest.fn(async (arn: string, tags: Record<string, string>) => {
    const snapshot = [...this.snapshots.values()].find((s) => s.arn === arn);
    if (snapshot !== undefined) this.snapshots.set(snapshot.id, { ...snapshot, tags: { ...snapshot.tags, ...tags } });
  });
  public describeCluster = jest.fn(async (clusterId: string) => this.clusters.get(clusterId));
  public modifyCluster = jest.fn(async (input: Parameters<RdsPort['modifyCluster']>[0]) => {
    const cluster = this.clusters.get(input.clusterId);
    if (cluster === undefined) throw new RdsError('DBClusterNotFoundFault', `DBCluster ${input.clusterId} not found.`, input.clusterId);
    this.clusters.set(cluster.id, { ...cluster, status: 'resetting-master-credentials' });
  });
  public describeManagedMasterSecret = jest.fn(async (clusterId: string) => this.managedSecrets.get(clusterId));
  public copyClusterSnapshot = notUsed('copyClusterSnapshot');
  public deleteCluster = notUsed('deleteCluster');
  public restoreClusterFromSnapshot = notUsed('restoreClusterFromSnapshot');
  public describeInstance = notUsed('describeInstance');
  public findMissingResources = notUsed('findMissingResources');
  public createInstance = notUsed('createInstance');
  public deleteInstance = notUsed('deleteInstance');
  public restoreClusterToPointInTime = notUsed('restoreClusterToPointInTime');
  public renameCluster = notUsed('renameCluster');
  public renameInstance = notUsed('renameInstance');
  public rebootInstance = notUsed('rebootInstance');
  /** Room for one more refresh; a test of the quota check overrides it. */
  public accountQuotas = jest.fn(async (): Promise<AccountQuotas> => ({ clusters: { used: 2, max: 40 }, instances: { used: 4, max: 40 } }));

  /** Lets the cluster finish what it was doing (e.g. applying a new master password). */
  public settle(clusterId: string): void {
    const cluster = this.clusters.get(clusterId);
    if (cluster !== undefined) this.clusters.set(clusterId, { ...cluster, status: 'available' });
  }
}
