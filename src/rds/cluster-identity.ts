import type { Cluster, RdsHome } from '../ports/rds';
import { parseRdsArn } from './rds-arn';

/**
 * A cluster's identity across accounts and regions, `account:region:cluster` in lower case: names
 * alone do not tell production's `orders` from staging's `orders` in another account.
 */
export function clusterIdentityKey(accountId: string | undefined, region: string, clusterId: string): string {
  return `${accountId ?? 'self'}:${region}:${clusterId}`.toLowerCase();
}

/** The identity of an existing cluster, from its own ARN (falling back on the port's home). */
export function identityOfCluster(cluster: Pick<Cluster, 'id' | 'arn'>, home: RdsHome): string {
  const arn = parseRdsArn(cluster.arn);
  return clusterIdentityKey(arn?.accountId ?? home.accountId, arn?.region ?? home.region, cluster.id);
}

/** The identity of the request's source cluster: its account and region when given, else the home's. */
export function identityOfSource(source: { clusterId?: string; accountId?: string; region?: string }, home: RdsHome): string | undefined {
  if (source.clusterId === undefined) return undefined;
  return clusterIdentityKey(source.accountId ?? home.accountId, source.region ?? home.region, source.clusterId);
}
