import {
  DescribeDBClusterParameterGroupsCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBSubnetGroupsCommand,
  DescribeOrderableDBInstanceOptionsCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { MissingResource, RestoreResourceQuery } from '../../ports/rds';
import { toRdsError } from './to-rds-error';

/** Finds which of the given security group ids exist (EC2's DescribeSecurityGroups, in the function's region). */
export type SecurityGroupLookup = (ids: string[]) => Promise<string[]>;

/** RDS's "not found" answers for the groups a restore names. */
const NOT_FOUND = new Set(['DBSubnetGroupNotFoundFault', 'DBParameterGroupNotFound', 'DBParameterGroupNotFoundFault', 'DBClusterParameterGroupNotFound', 'DBClusterParameterGroupNotFoundFault']);

/** True when the describe finds the resource; false on RDS's not-found; other errors leave as RdsError. */
async function exists(name: string, describe: () => Promise<unknown>): Promise<boolean> {
  try {
    await describe();
    return true;
  } catch (error) {
    const rdsError = toRdsError(error, name);
    if (NOT_FOUND.has(rdsError.code)) return false;
    throw rdsError;
  }
}

async function offers(client: RDSClient, instanceClass: string | undefined, engineVersion: string | undefined): Promise<boolean> {
  try {
    const output = await client.send(
      new DescribeOrderableDBInstanceOptionsCommand({
        Engine: 'aurora-postgresql',
        ...(instanceClass !== undefined ? { DBInstanceClass: instanceClass } : {}),
        ...(engineVersion !== undefined ? { EngineVersion: engineVersion } : {}),
        MaxRecords: 20,
      }),
    );
    return (output.OrderableDBInstanceOptions ?? []).length > 0;
  } catch (error) {
    throw toRdsError(error, instanceClass ?? 'aurora-postgresql');
  }
}

/**
 * True unless RDS positively says the class cannot be ordered: an endpoint that offers no options
 * at all for the engine (an emulator, a region still loading its catalogue) tells nothing, and a
 * refresh is not refused on nothing.
 */
async function orderable(client: RDSClient, instanceClass: string, engineVersion: string | undefined): Promise<boolean> {
  if (await offers(client, instanceClass, engineVersion)) return true;
  return !(await offers(client, undefined, engineVersion));
}

/**
 * Looks up everything a restore names — subnet group, cluster and instance parameter groups,
 * security groups, instance classes — read-only, so a typo is refused before a day-long copy and
 * before the old target is deleted.
 */
export async function findMissingRestoreResources(client: RDSClient, securityGroups: SecurityGroupLookup, query: RestoreResourceQuery): Promise<MissingResource[]> {
  const missing: MissingResource[] = [];
  const { subnetGroup, clusterParameterGroup } = query;
  if (subnetGroup !== undefined && !(await exists(subnetGroup, () => client.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: subnetGroup }))))) {
    missing.push({ kind: 'subnet-group', name: subnetGroup });
  }
  if (
    clusterParameterGroup !== undefined &&
    !(await exists(clusterParameterGroup, () => client.send(new DescribeDBClusterParameterGroupsCommand({ DBClusterParameterGroupName: clusterParameterGroup }))))
  ) {
    missing.push({ kind: 'cluster-parameter-group', name: clusterParameterGroup });
  }
  for (const name of new Set(query.instanceParameterGroups)) {
    if (!(await exists(name, () => client.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: name }))))) missing.push({ kind: 'instance-parameter-group', name });
  }
  if (query.securityGroupIds.length > 0) {
    const found = new Set(await securityGroups(query.securityGroupIds));
    for (const id of query.securityGroupIds) if (!found.has(id)) missing.push({ kind: 'security-group', name: id });
  }
  for (const instanceClass of new Set(query.instanceClasses)) {
    if (!(await orderable(client, instanceClass, query.engineVersion))) missing.push({ kind: 'instance-class', name: instanceClass });
  }
  return missing;
}
