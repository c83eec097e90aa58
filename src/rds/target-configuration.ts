import { OPERATION_TAG_KEY, TARGET_TAG_KEY } from '../constants';
import type { Cluster, Instance } from '../ports/rds';
import type { InstanceSpec, RefreshRequest } from '../request/schema';
import type { Facts, Operation } from '../store/operation';
import { restoresFromCluster } from './point-in-time-source';
import { isOlderVersion } from './restore-readiness';

type Target = RefreshRequest['target'];
/** The target as the refresh builds it: every setting resolved, the instances always known. */
export type BuiltTarget = Omit<Target, 'instances'> & { instances: InstanceSpec[] };
/** What preflight records of the existing target, to carry over where the request is silent. */
export type TargetConfiguration = NonNullable<Facts['targetConfiguration']>;
type CarriedInstance = TargetConfiguration['instances'][number];

const defined = <T extends object>(entries: T): Partial<T> => Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as Partial<T>;

/**
 * Tags of the old target worth carrying: not AWS's own (RDS refuses `aws:` keys) and not this
 * tool's (`toolTagKeys`: the deployment's managed tag), which every restore sets anew.
 */
function carriedTags(tags: Record<string, string>, toolTagKeys: readonly string[]): Record<string, string> {
  const ours = new Set([OPERATION_TAG_KEY, TARGET_TAG_KEY, ...toolTagKeys]);
  return Object.fromEntries(Object.entries(tags).filter(([key]) => !key.toLowerCase().startsWith('aws:') && !ours.has(key)));
}

/** Readers Aurora Auto Scaling adds and removes itself: its policy, not a refresh, makes them again. */
export const AUTO_SCALING_INSTANCE_PREFIX = 'application-autoscaling-';

/**
 * The existing target's settings, as preflight records them (its instances by id; the readers
 * Aurora Auto Scaling made are left out, named in `autoScaledInstanceIds`).
 */
export function configurationOf(cluster: Cluster, instances: Instance[], toolTagKeys: readonly string[] = []): TargetConfiguration {
  const tags = carriedTags(cluster.tags, toolTagKeys);
  const autoScaled = instances.filter((instance) => instance.id.startsWith(AUTO_SCALING_INSTANCE_PREFIX)).map((instance) => instance.id);
  return {
    ...defined({
      subnetGroup: cluster.subnetGroup,
      securityGroupIds: cluster.securityGroupIds !== undefined && cluster.securityGroupIds.length > 0 ? cluster.securityGroupIds : undefined,
      clusterParameterGroup: cluster.clusterParameterGroup,
      port: cluster.port,
      iamDatabaseAuthentication: cluster.iamDatabaseAuthentication,
      serverlessV2Scaling: cluster.serverlessV2Scaling,
      engineVersion: cluster.engineVersion,
      storageType: cluster.storageType,
      cloudwatchLogsExports: cluster.cloudwatchLogsExports !== undefined && cluster.cloudwatchLogsExports.length > 0 ? cluster.cloudwatchLogsExports : undefined,
      backupRetentionDays: cluster.backupRetentionDays,
      preferredBackupWindow: cluster.preferredBackupWindow,
      preferredMaintenanceWindow: cluster.preferredMaintenanceWindow,
      deletionProtection: cluster.deletionProtection,
      copyTagsToSnapshot: cluster.copyTagsToSnapshot,
      tags: Object.keys(tags).length > 0 ? tags : undefined,
      autoScaledInstanceIds: autoScaled.length > 0 ? autoScaled : undefined,
    }),
    instances: instances.filter((instance) => !autoScaled.includes(instance.id)).map((instance) => ({
      id: instance.id,
      instanceClass: instance.instanceClass,
      ...defined({ parameterGroup: instance.parameterGroup, promotionTier: instance.promotionTier, performanceInsights: instance.performanceInsights, caCertificate: instance.caCertificate }),
    })),
  };
}

/** `16.4` → `16`: parameter groups belong to a major version's family (aurora-postgresql16). */
const majorOf = (version: string) => version.split('.')[0];

/** Why a setting of the old target is not carried over, for the plan and the log. */
interface NotCarried {
  setting: string;
  reason: string;
}

/**
 * What the old target's settings become for this restore. The engine version is carried only for
 * a snapshot restore within the snapshot's major version and not below it (Aurora cannot restore to
 * an older version, and a point-in-time restore keeps its source's); parameter groups only when the
 * cluster is built on the old target's major version, since a group of another family is refused.
 */
function applicable(carried: TargetConfiguration, request: RefreshRequest, facts: Facts): { usable: TargetConfiguration; dropped: NotCarried[] } {
  const dropped: NotCarried[] = [];
  let usable = carried;
  const source = facts.engineVersion;
  const fromCluster = restoresFromCluster(request.source);
  if (carried.engineVersion !== undefined && request.target.engineVersion === undefined) {
    const { engineVersion: old, ...rest } = usable;
    const reason = fromCluster
      ? `a ${request.source.type} restore keeps the source's version${source !== undefined ? ` (${source})` : ''}`
      : source === undefined
        ? "the snapshot's version is not known"
        : majorOf(old!) !== majorOf(source)
          ? `the snapshot is of major version ${majorOf(source)} (${source})`
          : isOlderVersion(old!, source)
            ? `the snapshot is newer (${source}) and Aurora cannot restore to an older version`
            : undefined;
    if (reason !== undefined) {
      usable = rest as TargetConfiguration;
      dropped.push({ setting: `engineVersion ${JSON.stringify(old)}`, reason });
    }
  }
  const built = request.target.engineVersion ?? usable.engineVersion ?? source;
  if (carried.engineVersion !== undefined && built !== undefined && majorOf(carried.engineVersion) !== majorOf(built)) {
    const reason = `the new cluster runs major version ${majorOf(built)}, the old one ran ${majorOf(carried.engineVersion)}: its parameter groups belong to another family`;
    if (usable.clusterParameterGroup !== undefined) dropped.push({ setting: `clusterParameterGroup ${JSON.stringify(usable.clusterParameterGroup)}`, reason });
    for (const instance of usable.instances) if (instance.parameterGroup !== undefined) dropped.push({ setting: `instance ${instance.id} parameterGroup ${JSON.stringify(instance.parameterGroup)}`, reason });
    const { clusterParameterGroup: _group, ...rest } = usable;
    usable = { ...rest, instances: usable.instances.map(({ parameterGroup: _p, ...instance }) => instance) };
  }
  return { usable, dropped };
}

function carriedInstance(instance: InstanceSpec, old: CarriedInstance | undefined): InstanceSpec {
  if (old === undefined) return instance;
  const { id: _id, instanceClass: _class, ...settings } = old;
  return { ...settings, ...defined(instance) } as InstanceSpec;
}

/** An instance of the old target, rebuilt as it was (a request that names no instances). */
function rebuiltInstance(old: CarriedInstance): InstanceSpec {
  return defined(old) as InstanceSpec;
}

/**
 * The target to build: the request's, with the existing target's settings wherever the request is
 * silent — a refreshed cluster comes back as the cluster it replaced. A request that names
 * instances gets those ids and classes, and an instance the old target had under the same id also
 * keeps its parameter group, promotion tier, Performance Insights and CA certificate; a request
 * that names none gets the old target's instances back as they were. A request value always wins;
 * tags are one setting (a request that names tags gets exactly those, plus this tool's).
 */
export function effectiveTarget(request: RefreshRequest, facts: Facts): BuiltTarget {
  const carried = facts.targetConfiguration;
  if (carried === undefined) return { ...request.target, instances: request.target.instances ?? [] };
  const { usable } = applicable(carried, request, facts);
  const { instances: carriedInstances, autoScaledInstanceIds: _autoScaled, ...cluster } = usable;
  const byId = new Map(carriedInstances.map((instance) => [instance.id, instance]));
  return {
    ...cluster,
    ...defined(request.target),
    instances: request.target.instances?.map((instance) => carriedInstance(instance, byId.get(instance.id))) ?? carriedInstances.map(rebuiltInstance),
  } as BuiltTarget;
}

/**
 * The instances a refresh builds, by their final ids: the request's, or — when it names none — the
 * old target's as preflight recorded them. Empty only before preflight has run (or when neither
 * exists, which preflight refuses).
 */
export function instancesToBuild(operation: Pick<Operation, 'request' | 'facts'>): InstanceSpec[] {
  return effectiveTarget(operation.request, operation.facts).instances;
}

const show = (value: unknown) => JSON.stringify(value);

/** Differences between one instance as it will be built and as the old target had it. */
function instanceDifferences(built: InstanceSpec, old: CarriedInstance | undefined): string[] {
  if (old === undefined) return [`instance ${built.id} is new (the old target had no instance of that id)`];
  const lines: string[] = [];
  if (old.instanceClass !== built.instanceClass) lines.push(`instance ${built.id} class changes from ${old.instanceClass} to ${built.instanceClass}`);
  for (const name of ['parameterGroup', 'promotionTier', 'performanceInsights', 'caCertificate'] as const) {
    if (show(old[name]) !== show(built[name])) lines.push(`instance ${built.id} ${name} changes from ${show(old[name]) ?? '(RDS default)'} to ${show(built[name]) ?? '(RDS default)'}`);
  }
  return lines;
}

/**
 * The configuration part of the dry run's plan: what is carried over from the existing target,
 * what is not and why, and every difference between what will be built and what exists.
 */
export function configurationPlan(request: RefreshRequest, facts: Facts): string[] {
  const carried = facts.targetConfiguration;
  if (carried === undefined) return [];
  const { usable, dropped } = applicable(carried, request, facts);
  const built = effectiveTarget(request, facts);
  const recorded = facts.targetConfigurationFrom;
  // The old target as preflight read it, or — when it no longer exists — as an earlier refresh did.
  const source = recorded === undefined ? 'the existing target' : `the target as operation ${recorded.operationId} recorded it (${recorded.recordedAt})`;
  const lines: string[] = recorded === undefined ? [] : [`${request.target.clusterId} does not exist: it is rebuilt as operation ${recorded.operationId} recorded it at ${recorded.recordedAt}`];
  const { instances: oldInstances, autoScaledInstanceIds: _autoScaled, ...oldCluster } = carried;
  const { instances: _usableInstances, autoScaledInstanceIds: _skipped, ...usableCluster } = usable;
  for (const [name, value] of Object.entries(usableCluster)) {
    if ((request.target as Record<string, unknown>)[name] === undefined) lines.push(`would carry over from ${source}: ${name} ${show(value)}`);
  }
  for (const instance of request.target.instances ?? []) {
    const old = usable.instances.find((candidate) => candidate.id === instance.id);
    for (const name of ['parameterGroup', 'promotionTier', 'performanceInsights', 'caCertificate'] as const) {
      if (old?.[name] !== undefined && instance[name] === undefined) lines.push(`would carry over from ${source}: instance ${instance.id} ${name} ${show(old[name])}`);
    }
  }
  if (request.target.instances === undefined) {
    lines.push(`would rebuild the existing target's instances: ${usable.instances.map((instance) => `${instance.id} (${instance.instanceClass})`).join(', ')}`);
  }
  if (carried.autoScaledInstanceIds !== undefined) {
    lines.push(`would not rebuild ${carried.autoScaledInstanceIds.join(', ')}: Aurora Auto Scaling made ${carried.autoScaledInstanceIds.length === 1 ? 'it' : 'them'} and makes readers again by its own policy`);
  }
  for (const { setting, reason } of dropped) lines.push(`would not carry over ${setting}: ${reason}`);
  const differences: string[] = [];
  // Without a version of its own, the new cluster runs the snapshot's (or the source cluster's).
  const builtSettings: Record<string, unknown> = { ...built, engineVersion: built.engineVersion ?? facts.engineVersion };
  for (const [name, value] of Object.entries(oldCluster)) {
    const next = builtSettings[name];
    if (show(next) !== show(value)) differences.push(`${name} changes from ${show(value)} to ${show(next) ?? '(RDS default)'}`);
  }
  for (const instance of built.instances) differences.push(...instanceDifferences(instance, oldInstances.find((old) => old.id === instance.id)));
  for (const old of oldInstances) if (!built.instances.some((instance) => instance.id === old.id)) differences.push(`instance ${old.id} (${old.instanceClass}) is not rebuilt`);
  return [...lines, ...differences.map((difference) => `differs from ${source}: ${difference}`)];
}
