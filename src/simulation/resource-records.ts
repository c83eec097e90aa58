import type { Cluster, ClusterSnapshot, Instance, ManagedMasterSecret, RestoredClusterSettings } from '../ports/rds';

/**
 * A restored cluster's settings that the simulation keeps as given (port, scaling and backup
 * retention live on the record itself); the maintenance window is set after the restore.
 */
export type RestoredSettings = Pick<
  RestoredClusterSettings,
  'subnetGroup' | 'securityGroupIds' | 'clusterParameterGroup' | 'iamDatabaseAuthentication' | 'storageType' | 'cloudwatchLogsExports' | 'preferredBackupWindow'
> &
  Pick<Cluster, 'preferredMaintenanceWindow'>;

const RESTORED_SETTING_NAMES = [
  'subnetGroup',
  'clusterParameterGroup',
  'iamDatabaseAuthentication',
  'storageType',
  'preferredBackupWindow',
  'preferredMaintenanceWindow',
] as const satisfies readonly (keyof RestoredSettings)[];

/** The settings of a restore input that RDS reports back on the cluster (a copy: the caller's arrays are not shared). */
export function restoredSettings(input: RestoredSettings): RestoredSettings {
  const settings: RestoredSettings = Object.fromEntries(RESTORED_SETTING_NAMES.flatMap((name) => (input[name] !== undefined ? [[name, input[name]]] : [])));
  if (input.securityGroupIds !== undefined) settings.securityGroupIds = [...input.securityGroupIds];
  if (input.cloudwatchLogsExports !== undefined) settings.cloudwatchLogsExports = [...input.cloudwatchLogsExports];
  return settings;
}

/** A cluster as the simulation holds it. */

export interface ClusterRecord {
  id: string;
  arn: string;
  /** Immutable for the cluster's life, like RDS's DbClusterResourceId: a cluster recreated under the same name gets another. */
  resourceId: string;
  accountId: string;
  region: string;
  status: string;
  deletionProtection: boolean;
  tags: Record<string, string>;
  endpoint: string;
  readerEndpoint: string;
  port: number;
  masterUsername: string;
  engineVersion: string;
  serverlessV2Scaling?: { minCapacity: number; maxCapacity: number };
  /** Settings a refresh carries over; as the restore (or the seed) set them. */
  settings?: RestoredSettings;
  copyTagsToSnapshot: boolean;
  members: { instanceId: string; isWriter: boolean }[];
  managedSecret?: ManagedMasterSecret;
  /** Size of the cluster volume: what a full-copy restore copies. */
  sizeGb: number;
  /**
   * The storage volume: its own, or — for a copy-on-write clone — the one it shares pages with.
   * Fixed at creation (unlike id and ARN, which a rename changes), so clones of a source are counted
   * on it.
   */
  volume: { id: string; copyOnWrite: boolean };
  /** Since when the cluster has a continuous backup (epoch ms); undefined until it is first available. */
  backupsSince?: number;
  backupRetentionDays: number;
}

/** An instance as the simulation holds it. */
export interface InstanceRecord {
  id: string;
  arn: string;
  clusterId: string;
  accountId: string;
  region: string;
  status: string;
  instanceClass: string;
  parameterGroup?: string;
  promotionTier?: number;
  performanceInsights?: { enabled: boolean; kmsKeyId?: string; retentionDays?: number };
  caCertificate?: string;
  /** A parameter group waits for a reboot to apply (cleared by a reboot). */
  pendingReboot?: boolean;
  tags: Record<string, string>;
  /** When a deletion in progress completes. */
  goneAt?: number;
}

/** A cluster snapshot as the simulation holds it. */
export interface SnapshotRecord {
  id: string;
  arn: string;
  clusterId: string;
  accountId: string;
  region: string;
  type: 'automated' | 'manual';
  status: string;
  createdAt: Date;
  sizeGb: number;
  encrypted: boolean;
  kmsKeyId?: string;
  engineVersion: string;
  masterUsername: string;
  tags: Record<string, string>;
  /** Accounts this (manual) snapshot is shared with. */
  sharedWith: Set<string>;
  /** A copy in progress: progress grows linearly from `startedAt` over `durationMs`. */
  copy?: { startedAt: number; durationMs: number; frozenPercent?: number };
}

/**
 * The restorable window at `now`: from the retention period back (not before the backups began)
 * to a few minutes ago, as RDS reports EarliestRestorableTime and LatestRestorableTime.
 */
export function restorableWindow(record: ClusterRecord, now: Date, latestLagMinutes: number): { earliest: Date; latest: Date } | undefined {
  if (record.backupsSince === undefined || record.status === 'creating' || record.status === 'deleting') return undefined;
  const earliest = Math.max(record.backupsSince, now.getTime() - record.backupRetentionDays * 86_400_000);
  const latest = Math.max(earliest, now.getTime() - latestLagMinutes * 60_000);
  return { earliest: new Date(earliest), latest: new Date(latest) };
}

/** The port's view of a cluster: a copy, so callers never hold the simulation's state. The window is shown when `at` is given. */
export function clusterView(record: ClusterRecord, at?: { now: Date; latestLagMinutes: number }): Cluster {
  const window = at === undefined ? undefined : restorableWindow(record, at.now, at.latestLagMinutes);
  return {
    ...(window !== undefined ? { earliestRestorableTime: window.earliest, latestRestorableTime: window.latest } : {}),
    id: record.id,
    arn: record.arn,
    resourceId: record.resourceId,
    status: record.status,
    deletionProtection: record.deletionProtection,
    members: record.members.map((member) => ({ ...member })),
    endpoint: record.endpoint,
    readerEndpoint: record.readerEndpoint,
    port: record.port,
    masterUsername: record.masterUsername,
    engineVersion: record.engineVersion,
    ...restoredSettings(record.settings ?? {}),
    ...(record.serverlessV2Scaling !== undefined ? { serverlessV2Scaling: { ...record.serverlessV2Scaling } } : {}),
    backupRetentionDays: record.backupRetentionDays,
    copyTagsToSnapshot: record.copyTagsToSnapshot,
    tags: { ...record.tags },
  };
}

/** The port's view of an instance. */
export function instanceView(record: InstanceRecord): Instance {
  return {
    id: record.id,
    arn: record.arn,
    clusterId: record.clusterId,
    status: record.status,
    instanceClass: record.instanceClass,
    ...(record.parameterGroup !== undefined ? { parameterGroup: record.parameterGroup } : {}),
    ...(record.promotionTier !== undefined ? { promotionTier: record.promotionTier } : {}),
    ...(record.performanceInsights !== undefined ? { performanceInsights: { ...record.performanceInsights } } : {}),
    ...(record.caCertificate !== undefined ? { caCertificate: record.caCertificate } : {}),
    ...(record.pendingReboot === true ? { pendingReboot: true } : {}),
    tags: { ...record.tags },
  };
}

/**
 * The port's view of a snapshot as `viewer` sees it. PercentProgress is an integer, as RDS reports
 * it, and stays below 100 until the copy is available; a snapshot of another account is `shared`.
 */
export function snapshotView(record: SnapshotRecord, viewerAccountId: string, now: Date): ClusterSnapshot {
  let percentProgress = 100;
  if (record.copy !== undefined) {
    percentProgress =
      record.copy.frozenPercent ??
      Math.max(0, Math.min(99, Math.floor((100 * (now.getTime() - record.copy.startedAt)) / record.copy.durationMs)));
  } else if (record.status !== 'available') {
    percentProgress = 0;
  }
  return {
    id: record.id,
    arn: record.arn,
    clusterId: record.clusterId,
    status: record.status,
    type: record.accountId === viewerAccountId ? record.type : 'shared',
    createdAt: new Date(record.createdAt),
    sizeGb: record.sizeGb,
    percentProgress,
    encrypted: record.encrypted,
    ...(record.kmsKeyId !== undefined ? { kmsKeyId: record.kmsKeyId } : {}),
    engineVersion: record.engineVersion,
    tags: { ...record.tags },
  };
}

/** RDS's rule for master passwords: 8–128 printable ASCII characters other than / @ " and space. */
export function isValidMasterPassword(password: string): boolean {
  return password.length >= 8 && password.length <= 128 && /^[\x21-\x7e]+$/.test(password) && !/[/@"]/.test(password);
}

/** Compares dotted engine versions numerically (16.4 < 16.10). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
