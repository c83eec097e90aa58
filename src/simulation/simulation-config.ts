/** The RDS event ids the simulation emits (the ones the dispatcher wakes on). */
export type SimulatedEventId = 'RDS-EVENT-0170' | 'RDS-EVENT-0171' | 'RDS-EVENT-0172' | 'RDS-EVENT-0005' | 'RDS-EVENT-0003' | 'RDS-EVENT-0006';

/** How long things take in virtual time. Every duration is drawn with ± `spread` around its value. */
export interface SimulationTimings {
  /** Copy throughput; the default copies 9 TB in about 24 h. */
  copyTbPerHour: number;
  /** Fixed part of every copy (setting up, finishing). */
  copyOverheadMinutes: number;
  /** Restore: `creating`, growing a little with the snapshot size… */
  restoreMinutes: number;
  restoreMinutesPerTb: number;
  /** …then `backing-up` before `available`. */
  backingUpMinutes: number;
  instanceCreateMinutes: number;
  instanceDeleteMinutes: number;
  /** After the last instance is gone. */
  clusterDeleteMinutes: number;
  finalSnapshotMinutes: number;
  resetCredentialsMinutes: number;
  snapshotDeleteMinutes: number;
  managedSecretMinutes: number;
  /** A copy-on-write clone: minutes whatever the size, since no data is copied. */
  cloneMinutes: number;
  /** A full-copy point-in-time restore: a fixed part plus the volume copied… */
  pointInTimeMinutes: number;
  pointInTimeMinutesPerTb: number;
  /** ModifyDBCluster / ModifyDBInstance with a new identifier: `renaming` this long. */
  renameMinutes: number;
  rebootMinutes: number;
  /** Backup retention of seeded and restored clusters: the restorable window reaches this far back. */
  backupRetentionDays: number;
  /** How far LatestRestorableTime trails the present (RDS: typically within 5 minutes). */
  latestRestorableLagMinutes: number;
  /** Relative spread of every duration, e.g. 0.15 for ±15 %. */
  spread: number;
}

/** The defaults: realistic orders of magnitude for Aurora PostgreSQL. */
export const DEFAULT_TIMINGS: SimulationTimings = {
  copyTbPerHour: 0.375,
  copyOverheadMinutes: 4,
  restoreMinutes: 18,
  restoreMinutesPerTb: 1.5,
  backingUpMinutes: 4,
  instanceCreateMinutes: 9,
  instanceDeleteMinutes: 7,
  clusterDeleteMinutes: 3,
  finalSnapshotMinutes: 6,
  resetCredentialsMinutes: 2,
  snapshotDeleteMinutes: 1,
  managedSecretMinutes: 1,
  cloneMinutes: 10,
  pointInTimeMinutes: 20,
  pointInTimeMinutesPerTb: 10,
  renameMinutes: 2,
  rebootMinutes: 3,
  backupRetentionDays: 1,
  latestRestorableLagMinutes: 5,
  spread: 0.15,
};

/** Statuses a restore can end in instead of `available`. */
export type RestoreFailureStatus = 'incompatible-parameters' | 'incompatible-restore' | 'incompatible-network' | 'inaccessible-encryption-credentials' | 'failed';

/** The port operations, as the call log names them. */
export type SimulatedOperation =
  | 'describeClusterSnapshots'
  | 'describeClusterSnapshot'
  | 'copyClusterSnapshot'
  | 'deleteClusterSnapshot'
  | 'addTags'
  | 'describeCluster'
  | 'modifyCluster'
  | 'deleteCluster'
  | 'restoreClusterFromSnapshot'
  | 'restoreClusterToPointInTime'
  | 'renameCluster'
  | 'describeManagedMasterSecret'
  | 'describeInstance'
  | 'createInstance'
  | 'deleteInstance'
  | 'findMissingResources'
  | 'accountQuotas'
  | 'renameInstance'
  | 'rebootInstance';

/** Operations that change something; a dry run must make none. */
export const WRITE_OPERATIONS: ReadonlySet<SimulatedOperation> = new Set([
  'copyClusterSnapshot',
  'deleteClusterSnapshot',
  'addTags',
  'modifyCluster',
  'deleteCluster',
  'restoreClusterFromSnapshot',
  'restoreClusterToPointInTime',
  'renameCluster',
  'createInstance',
  'deleteInstance',
  'renameInstance',
  'rebootInstance',
]);

/** Faults to inject. All are off by default. */
export interface SimulationFaults {
  /** Copies stop at this percentage: the snapshot turns `failed`, or vanishes as RDS does on some KMS errors. */
  copyFails?: { atPercent: number; mode?: 'failed' | 'vanish' };
  /** Fraction of calls answered with `Throttling` (drawn from the seeded generator). */
  throttleRate: number;
  /** Limits throttling to these operations; all when absent. */
  throttleOperations?: readonly SimulatedOperation[];
  /** A restored cluster ends in this status instead of `available`. */
  restoreEndsIn?: RestoreFailureStatus;
  /** Events never delivered (RDS events are best effort). A missing sourceIdentifier matches every resource. */
  lostEvents: readonly { eventId: SimulatedEventId; sourceIdentifier?: string }[];
  /** Fraction of events lost at random. */
  eventLossRate: number;
  /** Copies are refused with SnapshotQuotaExceeded until this time (another team's copies filling the quota). */
  snapshotQuotaBusyUntil?: Date;
  /** KMS keys this account cannot use. */
  inaccessibleKmsKeys: readonly string[];
}

/** No faults. */
export const NO_FAULTS: SimulationFaults = { throttleRate: 0, lostEvents: [], eventLossRate: 0, inaccessibleKmsKeys: [] };

/** RDS's default quotas that the simulation enforces. */
export interface SimulationQuotas {
  /** Manual cluster snapshots per region (copies count). */
  manualSnapshots: number;
  /** Snapshot copies in progress per destination region. */
  concurrentCopies: number;
  /** Copy-on-write clones sharing one source volume (clones of clones included); AWS allows 15. */
  copyOnWriteClonesPerSource: number;
  /** DB clusters per account and region (RDS's default 40). */
  clusters: number;
  /** DB instances per account and region (RDS's default 40). */
  instances: number;
}

/** RDS's defaults. */
export const DEFAULT_QUOTAS: SimulationQuotas = { manualSnapshots: 100, concurrentCopies: 5, copyOnWriteClonesPerSource: 15, clusters: 40, instances: 40 };

/**
 * Where the simulation sends master credentials instead of keeping them: a local run forwards them
 * to the PostgreSQL standing in for the cluster and to its in-memory Secrets Manager.
 */
export interface MasterCredentialsSink {
  /** ModifyDBCluster set a new master password. */
  passwordChanged?(clusterId: string, username: string, password: string): void | Promise<void>;
  /** RDS now manages the master password in this secret (JSON with username and password). */
  managedSecretCreated?(clusterId: string, secretArn: string, username: string, password: string): void | Promise<void>;
}

/** What a restored cluster's endpoints are; a local run points them at its PostgreSQL. */
export type EndpointResolver = (clusterId: string) => { writer: string; reader: string; port?: number };
