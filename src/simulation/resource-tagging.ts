import { parseRdsArn } from '../rds/rds-arn';
import { awsErrors } from './aws-errors';
import type { SimulationContext } from './simulation-context';

/**
 * AddTagsToResource, which addresses clusters, instances and snapshots alike by ARN, so it belongs to
 * none of their models. Only the home account's resources in the home region can be tagged.
 */
export function addTags(world: SimulationContext, arn: string, tags: Record<string, string>): void {
  const parts = parseRdsArn(arn);
  if (parts === undefined) throw awsErrors.invalidValue(arn, `${arn} is not a valid ARN.`);
  const target =
    parts.resourceType === 'cluster'
      ? world.resources.homeCluster(parts.resourceId)
      : parts.resourceType === 'db'
        ? world.resources.homeInstance(parts.resourceId)
        : parts.resourceType === 'cluster-snapshot'
          ? world.resources.snapshotByArn(arn)
          : undefined;
  if (target === undefined || target.accountId !== world.accountId || target.region !== world.region) {
    if (parts.resourceType === 'db') throw awsErrors.instanceNotFound(parts.resourceId);
    if (parts.resourceType === 'cluster-snapshot') throw awsErrors.snapshotNotFound(parts.resourceId);
    throw awsErrors.clusterNotFound(parts.resourceId);
  }
  Object.assign(target.tags, tags);
}
