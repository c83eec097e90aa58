import { TRANSIENT_ERROR_NAMES } from '../errors';
/**
 * The RDS port: the only way steps reach RDS. Two implementations: the AWS adapter
 * (`@aws-sdk/client-rds`) and the simulated Aurora. Domain shapes only — no SDK types leak out — so
 * the simulation and the tests speak the same language as the steps.
 *
 * Errors: implementations raise `RdsError` with the AWS error name (e.g. `DBClusterNotFoundFault`)
 * so steps can classify them the same way whichever implementation runs.
 */

/** A cluster snapshot as the steps need it. */
export interface ClusterSnapshot {
  id: string;
  arn: string;
  clusterId: string;
  status: string;
  type: string;
  createdAt?: Date;
  sizeGb: number;
  percentProgress?: number;
  encrypted: boolean;
  kmsKeyId?: string;
  engineVersion?: string;
  tags: Record<string, string>;
}

/**
 * The settings a restore gives a cluster and RDS reports back on it: what a refresh carries over to
 * the cluster that replaces it, where the request is silent.
 */
export interface RestoredClusterSettings {
  subnetGroup?: string;
  securityGroupIds?: string[];
  clusterParameterGroup?: string;
  port?: number;
  iamDatabaseAuthentication?: boolean;
  serverlessV2Scaling?: { minCapacity: number; maxCapacity: number };
  /** `aurora` (standard) or `aurora-iopt1` (I/O-Optimized). */
  storageType?: string;
  cloudwatchLogsExports?: string[];
  backupRetentionDays?: number;
  /** Daily, UTC, `hh24:mi-hh24:mi`. */
  preferredBackupWindow?: string;
}

/** A cluster as the steps need it. */
export interface Cluster extends RestoredClusterSettings {
  id: string;
  arn: string;
  /** RDS's immutable id of the cluster (`DbClusterResourceId`): a cluster renamed or recreated under the same name has another. */
  resourceId?: string;
  status: string;
  deletionProtection: boolean;
  members: { instanceId: string; isWriter: boolean }[];
  endpoint?: string;
  readerEndpoint?: string;
  masterUsername?: string;
  engineVersion?: string;
  /**
   * The window a point-in-time restore or a clone can read from (EarliestRestorableTime,
   * LatestRestorableTime); absent while RDS has no backup of the cluster yet.
   */
  earliestRestorableTime?: Date;
  latestRestorableTime?: Date;
  /** Weekly, UTC, `ddd:hh24:mi-ddd:hh24:mi`. */
  preferredMaintenanceWindow?: string;
  copyTagsToSnapshot?: boolean;
  /** Members whose cluster parameter group waits for a reboot to apply (DBClusterParameterGroupStatus `pending-reboot`). */
  membersPendingReboot?: string[];
  tags: Record<string, string>;
}

/** An instance as the steps need it. */
export interface Instance {
  id: string;
  arn: string;
  clusterId?: string;
  status: string;
  instanceClass: string;
  parameterGroup?: string;
  promotionTier?: number;
  performanceInsights?: PerformanceInsights;
  /** The CA certificate the instance's TLS certificate is signed by (e.g. `rds-ca-rsa2048-g1`). */
  caCertificate?: string;
  /** Its parameter group (or its cluster's) waits for a reboot to apply (ParameterApplyStatus `pending-reboot`). */
  pendingReboot?: boolean;
  tags: Record<string, string>;
}

/** An instance's Performance Insights settings. */
export interface PerformanceInsights {
  enabled: boolean;
  kmsKeyId?: string;
  retentionDays?: number;
}

/** Filters for snapshot discovery. Implementations page through every result. */
export interface SnapshotQuery {
  clusterId?: string;
  /** Which snapshot types to return. `shared` returns snapshots shared with this account. */
  types: ('automated' | 'manual' | 'shared')[];
  /** Region to look in when the source is not in the port's own region. */
  region?: string;
}

/**
 * Where the port works: the partition, region and (when known) account of the calls it makes. Steps
 * compare it with a snapshot's ARN to tell whether a copy is needed.
 */
export interface RdsHome {
  partition: string;
  region: string;
  /** Unknown when the deployment does not say which account it runs in. */
  accountId?: string;
}

export interface CopySnapshotInput {
  /** Identifier (same account and region) or ARN (shared or cross-region) of the snapshot to copy. */
  source: string;
  targetId: string;
  kmsKeyId?: string;
  /** Region of the source when it differs from ours; the SDK presigns the cross-region request. */
  sourceRegion?: string;
  copyTags: boolean;
  tags: Record<string, string>;
}

export interface DeleteClusterInput {
  clusterId: string;
  /** Either skip the final snapshot, or name it — RDS accepts exactly one. */
  finalSnapshot: { skip: true } | { skip: false; snapshotId: string };
}

export interface RestoreClusterInput extends RestoredClusterSettings {
  clusterId: string;
  snapshot: string;
  engine: 'aurora-postgresql';
  engineVersion?: string;
  kmsKeyId?: string;
  deletionProtection: boolean;
  copyTagsToSnapshot: boolean;
  tags: Record<string, string>;
}

/**
 * RestoreDBClusterToPointInTime: a new cluster from the source cluster's continuous backup, at a
 * given time or at the latest restorable one. `copy-on-write` is Aurora's clone (shares the source's
 * storage pages, minutes whatever the size); `full-copy` copies the volume.
 * The settings are the snapshot restore's, less the engine version: a point-in-time restore keeps
 * the source's.
 */
export interface RestoreClusterToPointInTimeInput extends Omit<RestoreClusterInput, 'clusterId' | 'snapshot' | 'engine' | 'engineVersion'> {
  sourceClusterId: string;
  targetId: string;
  restoreType: 'copy-on-write' | 'full-copy';
  /** Exactly one of the two: RDS refuses both, and neither. */
  restoreTime?: Date;
  useLatestRestorableTime?: boolean;
}

export interface CreateInstanceInput {
  instanceId: string;
  clusterId: string;
  instanceClass: string;
  engine: 'aurora-postgresql';
  parameterGroup?: string;
  promotionTier?: number;
  availabilityZone?: string;
  performanceInsights?: PerformanceInsights;
  caCertificate?: string;
  tags: Record<string, string>;
}

export interface ModifyClusterInput {
  clusterId: string;
  deletionProtection?: boolean;
  /** Never logged or stored: passed straight to RDS. */
  masterUserPassword?: string;
  manageMasterUserPassword?: boolean;
  masterUserSecretKmsKeyId?: string;
  /** Not settable at restore: applied once the restored cluster is available. */
  preferredMaintenanceWindow?: string;
  applyImmediately: true;
}

/** The resources a restore names, looked up before anything is copied or deleted. */
export interface RestoreResourceQuery {
  /** The cluster the restore will create, which the resources are for (named in errors and logs). */
  clusterId: string;
  subnetGroup?: string;
  clusterParameterGroup?: string;
  instanceParameterGroups: string[];
  securityGroupIds: string[];
  /** Instance classes, checked as orderable for aurora-postgresql (at `engineVersion` when given). */
  instanceClasses: string[];
  engineVersion?: string;
}

/** One resource a restore names that RDS (or EC2, for security groups) cannot find or offer. */
export interface MissingResource {
  kind: 'subnet-group' | 'cluster-parameter-group' | 'instance-parameter-group' | 'security-group' | 'instance-class';
  name: string;
}

/** A quota's use and maximum, as DescribeAccountAttributes reports it. */
export interface QuotaUse {
  used: number;
  max: number;
}

/** The quotas a refresh consumes; absent when RDS does not report one. */
export interface AccountQuotas {
  clusters?: QuotaUse;
  instances?: QuotaUse;
}

/** A cluster's RDS-managed master secret, when RDS manages the password. */
export interface ManagedMasterSecret {
  secretArn: string;
  status: string;
}

export interface RdsPort {
  /** The partition, region and account this port acts in. */
  home(): Promise<RdsHome>;
  /** Every snapshot matching the query, all pages, in no particular order. */
  describeClusterSnapshots(query: SnapshotQuery): Promise<ClusterSnapshot[]>;
  /**
   * One snapshot by id or ARN, or undefined if it does not exist. An ARN is looked up in its own
   * region; an id in `region` when given, else in the port's region.
   */
  describeClusterSnapshot(idOrArn: string, region?: string): Promise<ClusterSnapshot | undefined>;
  copyClusterSnapshot(input: CopySnapshotInput): Promise<ClusterSnapshot>;
  deleteClusterSnapshot(id: string): Promise<void>;
  addTags(arn: string, tags: Record<string, string>): Promise<void>;

  /** A cluster by id, or undefined if it does not exist (`DBClusterNotFoundFault`). */
  describeCluster(clusterId: string): Promise<Cluster | undefined>;
  modifyCluster(input: ModifyClusterInput): Promise<void>;
  deleteCluster(input: DeleteClusterInput): Promise<void>;
  restoreClusterFromSnapshot(input: RestoreClusterInput): Promise<Cluster>;
  /** A clone (copy-on-write) or a point-in-time restore (full copy or copy-on-write) of a cluster of this account and region. */
  restoreClusterToPointInTime(input: RestoreClusterToPointInTimeInput): Promise<Cluster>;
  /**
   * ModifyDBCluster NewDBClusterIdentifier, applied immediately: the cluster is `renaming`, then
   * available under the new id; its endpoints follow the identifier, its instances keep theirs.
   */
  renameCluster(clusterId: string, newClusterId: string): Promise<Cluster>;
  /** The RDS-managed master secret of a cluster, if RDS manages its password. */
  describeManagedMasterSecret(clusterId: string): Promise<ManagedMasterSecret | undefined>;

  /** Which of the resources a restore names do not exist (or, for instance classes, cannot be ordered). Read-only. */
  findMissingResources(query: RestoreResourceQuery): Promise<MissingResource[]>;
  /** The account's RDS quotas that a refresh consumes (DescribeAccountAttributes): clusters and instances, used and allowed. */
  accountQuotas(): Promise<AccountQuotas>;

  /** An instance by id, or undefined if it does not exist (`DBInstanceNotFound`). */
  describeInstance(instanceId: string): Promise<Instance | undefined>;
  createInstance(input: CreateInstanceInput): Promise<Instance>;
  deleteInstance(instanceId: string): Promise<void>;
  /** ModifyDBInstance NewDBInstanceIdentifier, applied immediately. */
  renameInstance(instanceId: string, newInstanceId: string): Promise<Instance>;
  /** RebootDBInstance, e.g. to apply a parameter group left `pending-reboot`. */
  rebootInstance(instanceId: string): Promise<Instance>;
}

/** An error from RDS (or the simulation), carrying AWS's error name and, when known, the resource. */
export class RdsError extends Error {
  public constructor(
    /** AWS's error name, e.g. DBClusterNotFoundFault, InvalidDBClusterStateFault, ThrottlingException. */
    public readonly code: string,
    message: string,
    public readonly resourceId?: string,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = code;
    this.retryable = options?.retryable ?? (TRANSIENT_ERROR_NAMES.has(code) || RDS_QUOTA_CODES.has(code));
  }

  /** True for throttling and service-side failures: the same call may succeed later. */
  public readonly retryable: boolean;
}

/** Quotas that free up on their own (a snapshot copy finishing elsewhere): retried like throttling. */
const RDS_QUOTA_CODES: ReadonlySet<string> = new Set(['SnapshotQuotaExceeded', 'SnapshotQuotaExceededFault']);
