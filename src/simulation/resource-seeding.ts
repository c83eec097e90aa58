import type { Cluster, ClusterSnapshot } from '../ports/rds';
import { formatRdsArn } from '../rds/rds-arn';
import { clusterEndpoints } from './cluster-endpoints';
import { clusterView, restoredSettings, snapshotView, type ClusterRecord, type InstanceRecord, type RestoredSettings, type SnapshotRecord } from './resource-records';
import type { SimulationContext } from './simulation-context';

/**
 * The world as it is before a run, put in place directly rather than through the port: seeding is
 * not a call, so it is neither logged nor throttled, and it may create what the port never would
 * (another account's snapshots, a source cluster in another region).
 */

/** A cluster to seed: the source, or an existing target. */
export interface SeedCluster {
  id: string;
  accountId?: string;
  region?: string;
  status?: string;
  deletionProtection?: boolean;
  tags?: Record<string, string>;
  instances?: { id: string; instanceClass?: string; status?: string; parameterGroup?: string; promotionTier?: number; performanceInsights?: InstanceRecord['performanceInsights']; caCertificate?: string }[];
  /** Settings a refresh carries over (groups, IAM authentication, storage type, log exports, windows). */
  settings?: RestoredSettings;
  backupRetentionDays?: number;
  copyTagsToSnapshot?: boolean;
  serverlessV2Scaling?: { minCapacity: number; maxCapacity: number };
  masterUsername?: string;
  engineVersion?: string;
  port?: number;
  /** Size of the cluster volume (default 100 GB): what a full-copy point-in-time restore copies. */
  sizeGb?: number;
  /** Since when it has been backed up continuously (default: the whole retention period). */
  backupsSince?: Date;
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

/** Seeds a cluster (and its instances; the first one is the writer). */
export function seedCluster(world: SimulationContext, spec: SeedCluster): Cluster {
  const accountId = spec.accountId ?? world.accountId;
  const region = spec.region ?? world.region;
  const id = spec.id.toLowerCase();
  const endpoints = clusterEndpoints(world.hooks.endpoints, world.accountId, id, region, spec.port);
  const record: ClusterRecord = {
    id,
    arn: formatRdsArn({ region, accountId, resourceType: 'cluster', resourceId: id }),
    resourceId: world.resources.newClusterResourceId(),
    accountId,
    region,
    status: spec.status ?? 'available',
    deletionProtection: spec.deletionProtection ?? false,
    tags: { ...spec.tags },
    ...endpoints,
    masterUsername: spec.masterUsername ?? 'postgres',
    engineVersion: spec.engineVersion ?? '16.4',
    copyTagsToSnapshot: spec.copyTagsToSnapshot ?? true,
    ...(spec.settings !== undefined ? { settings: restoredSettings(spec.settings) } : {}),
    ...(spec.serverlessV2Scaling !== undefined ? { serverlessV2Scaling: { ...spec.serverlessV2Scaling } } : {}),
    members: [],
    sizeGb: spec.sizeGb ?? 100,
    volume: { id: `${accountId}/${region}/${id}@seed`, copyOnWrite: false },
    backupRetentionDays: spec.backupRetentionDays ?? world.timings.backupRetentionDays,
    backupsSince: (spec.backupsSince ?? new Date(world.clock.now().getTime() - (spec.backupRetentionDays ?? world.timings.backupRetentionDays) * 86_400_000)).getTime(),
  };
  world.resources.putCluster(record);
  for (const [index, instance] of (spec.instances ?? []).entries()) {
    const instanceId = instance.id.toLowerCase();
    world.resources.putInstance({
      id: instanceId,
      arn: formatRdsArn({ region, accountId, resourceType: 'db', resourceId: instanceId }),
      clusterId: id,
      accountId,
      region,
      status: instance.status ?? 'available',
      instanceClass: instance.instanceClass ?? 'db.r6g.large',
      ...(instance.parameterGroup !== undefined ? { parameterGroup: instance.parameterGroup } : {}),
      ...(instance.promotionTier !== undefined ? { promotionTier: instance.promotionTier } : {}),
      ...(instance.performanceInsights !== undefined ? { performanceInsights: { ...instance.performanceInsights } } : {}),
      ...(instance.caCertificate !== undefined ? { caCertificate: instance.caCertificate } : {}),
      tags: { ...spec.tags },
    });
    record.members.push({ instanceId, isWriter: index === 0 });
  }
  return clusterView(record);
}

/** Seeds a snapshot. */
export function seedSnapshot(world: SimulationContext, spec: SeedSnapshot): ClusterSnapshot {
  const accountId = spec.accountId ?? world.accountId;
  const region = spec.region ?? world.region;
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
    sharedWith: new Set(spec.sharedWithHome === true ? [world.accountId] : []),
  };
  world.resources.putSnapshot(record);
  return snapshotView(record, world.accountId, world.clock.now());
}
