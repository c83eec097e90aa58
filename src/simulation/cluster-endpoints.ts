import { createHash } from 'node:crypto';
import type { ClusterRecord } from './resource-records';
import type { EndpointResolver } from './simulation-config';

/**
 * A cluster's endpoints: those a local run points at its PostgreSQL, else names shaped like RDS's.
 * The suffix is derived from the home account and region, not drawn, so it costs no random draw and
 * stays the same from run to run.
 */
export function clusterEndpoints(
  resolver: EndpointResolver | undefined,
  homeAccountId: string,
  clusterId: string,
  region: string,
  port: number | undefined,
): Pick<ClusterRecord, 'endpoint' | 'readerEndpoint' | 'port'> {
  const resolved = resolver?.(clusterId);
  if (resolved !== undefined) return { endpoint: resolved.writer, readerEndpoint: resolved.reader, port: resolved.port ?? port ?? 5432 };
  const suffix = createHash('sha256').update(`${homeAccountId}:${region}`).digest('hex').slice(0, 12);
  return {
    endpoint: `${clusterId}.cluster-c${suffix}.${region}.rds.amazonaws.com`,
    readerEndpoint: `${clusterId}.cluster-ro-c${suffix}.${region}.rds.amazonaws.com`,
    port: port ?? 5432,
  };
}
