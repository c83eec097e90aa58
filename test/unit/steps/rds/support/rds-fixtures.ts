import { RdsError, type Cluster, type ClusterSnapshot, type Instance } from '../../../../../src/ports/rds';

/** A snapshot of the home account unless the ARN says otherwise. */
export function snapshot(overrides: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  const id = overrides.id ?? 'rds:prod-2026-11-25-01-00';
  return {
    id,
    arn: `arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:${id}`,
    clusterId: 'prod',
    status: 'available',
    type: 'automated',
    createdAt: new Date('2026-11-25T01:00:00Z'),
    sizeGb: 500,
    encrypted: false,
    engineVersion: '16.4',
    tags: {},
    ...overrides,
  };
}

/** A cluster of the home account, managed and unprotected unless told otherwise. */
export function cluster(overrides: Partial<Cluster> = {}): Cluster {
  const id = overrides.id ?? 'staging';
  return {
    id,
    arn: `arn:aws:rds:eu-west-1:111111111111:cluster:${id}`,
    status: 'available',
    deletionProtection: false,
    members: [{ instanceId: `${id}-1`, isWriter: true }],
    endpoint: `${id}.cluster-abc.eu-west-1.rds.amazonaws.com`,
    readerEndpoint: `${id}.cluster-ro-abc.eu-west-1.rds.amazonaws.com`,
    port: 5432,
    masterUsername: 'postgres',
    tags: { 'aurora-restore:managed': 'true' },
    ...overrides,
  };
}

/** An instance of the target cluster. */
export function instance(overrides: Partial<Instance> = {}): Instance {
  const id = overrides.id ?? 'staging-1';
  return { id, arn: `arn:aws:rds:eu-west-1:111111111111:db:${id}`, clusterId: 'staging', status: 'available', instanceClass: 'db.r6g.large', tags: {}, ...overrides };
}

/** An RDS error as the adapter raises it. */
export function rdsError(code: string, resourceId = 'resource-1'): RdsError {
  return new RdsError(code, `${code} raised by RDS`, resourceId);
}
