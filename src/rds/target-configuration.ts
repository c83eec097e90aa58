import type { Cluster, Instance } from '../ports/rds';
import type { RefreshRequest } from '../request/schema';
import type { Facts } from '../store/operation';

type Target = RefreshRequest['target'];
/** What preflight records of the existing target, to carry over where the request is silent. */
export type TargetConfiguration = NonNullable<Facts['targetConfiguration']>;

/** The existing target's settings, as preflight records them (its instances by id). */
export function configurationOf(cluster: Cluster, instances: Instance[]): TargetConfiguration {
  return {
    ...(cluster.subnetGroup !== undefined ? { subnetGroup: cluster.subnetGroup } : {}),
    ...(cluster.securityGroupIds !== undefined && cluster.securityGroupIds.length > 0 ? { securityGroupIds: cluster.securityGroupIds } : {}),
    ...(cluster.clusterParameterGroup !== undefined ? { clusterParameterGroup: cluster.clusterParameterGroup } : {}),
    ...(cluster.port !== undefined ? { port: cluster.port } : {}),
    ...(cluster.iamDatabaseAuthentication !== undefined ? { iamDatabaseAuthentication: cluster.iamDatabaseAuthentication } : {}),
    ...(cluster.serverlessV2Scaling !== undefined ? { serverlessV2Scaling: cluster.serverlessV2Scaling } : {}),
    instances: instances.map((instance) => ({
      id: instance.id,
      instanceClass: instance.instanceClass,
      ...(instance.parameterGroup !== undefined ? { parameterGroup: instance.parameterGroup } : {}),
      ...(instance.promotionTier !== undefined ? { promotionTier: instance.promotionTier } : {}),
    })),
  };
}

/**
 * The target to build: the request's, with the existing target's settings wherever the request is
 * silent — a refreshed cluster comes back as the cluster it replaced. Instances keep the request's
 * ids and classes; an instance the old target had under the same id also keeps its parameter group
 * and promotion tier. A request value always wins.
 */
export function effectiveTarget(target: Target, carried: TargetConfiguration | undefined): Target {
  if (carried === undefined) return target;
  const { instances: carriedInstances, ...cluster } = carried;
  const byId = new Map(carriedInstances.map((instance) => [instance.id, instance]));
  return {
    ...cluster,
    ...Object.fromEntries(Object.entries(target).filter(([, value]) => value !== undefined)),
    instances: target.instances.map((instance) => {
      const old = byId.get(instance.id);
      return {
        ...(old?.parameterGroup !== undefined ? { parameterGroup: old.parameterGroup } : {}),
        ...(old?.promotionTier !== undefined ? { promotionTier: old.promotionTier } : {}),
        ...Object.fromEntries(Object.entries(instance).filter(([, value]) => value !== undefined)),
      } as Target['instances'][number];
    }),
  } as Target;
}

/** The settings carried over, in words, for the dry run's plan and the log: `name value (from the existing target)`. */
export function carriedOverSettings(target: Target, carried: TargetConfiguration | undefined): string[] {
  if (carried === undefined) return [];
  const lines: string[] = [];
  const { instances, ...cluster } = carried;
  for (const [name, value] of Object.entries(cluster)) {
    if ((target as Record<string, unknown>)[name] === undefined) lines.push(`${name} ${JSON.stringify(value)}`);
  }
  for (const instance of target.instances) {
    const old = instances.find((candidate) => candidate.id === instance.id);
    if (old?.parameterGroup !== undefined && instance.parameterGroup === undefined) lines.push(`instance ${instance.id} parameterGroup "${old.parameterGroup}"`);
    if (old?.promotionTier !== undefined && instance.promotionTier === undefined) lines.push(`instance ${instance.id} promotionTier ${old.promotionTier}`);
    if (old !== undefined && old.instanceClass !== instance.instanceClass) lines.push(`instance ${instance.id} class changes from ${old.instanceClass} to ${instance.instanceClass} (as the request says)`);
  }
  return lines;
}
