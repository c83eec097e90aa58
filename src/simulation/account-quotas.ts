import type { AccountQuotas } from '../ports/rds';
import { awsErrors } from './aws-errors';
import type { SimulationContext } from './simulation-context';

/**
 * RDS's per-account quotas on clusters and instances: DescribeAccountAttributes reports them, and a
 * restore or CreateDBInstance past them is refused. Everything of the home account and region
 * counts, whatever its status (a cluster being deleted still holds its place until it is gone).
 */
export function accountQuotas(world: SimulationContext): AccountQuotas {
  return {
    clusters: { used: world.resources.homeClusters().length, max: world.quotas.clusters },
    instances: { used: world.resources.homeInstances().length, max: world.quotas.instances },
  };
}

/** Refuses one more cluster past the quota, as RDS does. */
export function ensureClusterQuota(world: SimulationContext, clusterId: string): void {
  if (world.resources.homeClusters().length >= world.quotas.clusters) throw awsErrors.clusterQuota(clusterId, world.quotas.clusters);
}

/** Refuses one more instance past the quota, as RDS does. */
export function ensureInstanceQuota(world: SimulationContext, instanceId: string): void {
  if (world.resources.homeInstances().length >= world.quotas.instances) throw awsErrors.instanceQuota(instanceId, world.quotas.instances);
}
