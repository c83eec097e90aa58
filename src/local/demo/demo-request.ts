import type { RefreshRequestInput } from '../../request/schema';
import type { WaitStrategy } from '../../engine/wait-policy';

/** Names the local demo uses, so the printed plan reads like a real one. */
export const DEMO = {
  source: 'prod-orders',
  target: 'staging-orders',
  instances: ['staging-orders-writer', 'staging-orders-reader'],
  masterSecret: 'staging/orders/master',
  readonlySecret: 'staging/orders/analyst',
  readwriteSecret: 'staging/orders/app',
  kmsKey: 'alias/staging-data',
} as const;

/**
 * The refresh the demo runs: the newest automated snapshot of prod-orders, re-encrypted with the
 * staging key (so it is copied), restored as staging-orders with a writer and a reader, the master
 * password reset from a secret, an analyst (read-only) and an application (read-write) user, and a
 * masking script. TLS is off only because the stand-in PostgreSQL has no certificate.
 */
export function demoRequest(options: { strategy: WaitStrategy; dryRun: boolean; maxAgeHours?: number }): RefreshRequestInput {
  return {
    requestedBy: 'npm start',
    source: { clusterId: DEMO.source, maxAgeHours: options.maxAgeHours ?? 26 },
    target: {
      clusterId: DEMO.target,
      instances: [
        { id: DEMO.instances[0], instanceClass: 'db.r6g.2xlarge', promotionTier: 0 },
        { id: DEMO.instances[1], instanceClass: 'db.r6g.large', promotionTier: 1 },
      ],
      subnetGroup: 'staging-db',
      securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
      tags: { environment: 'staging' },
    },
    copy: { mode: 'auto', kmsKeyId: DEMO.kmsKey },
    users: {
      masterPassword: { secret: DEMO.masterSecret },
      database: 'postgres',
      tls: 'disable',
      roles: [
        { name: 'analyst', passwordSecret: DEMO.readonlySecret, grants: [{ preset: 'readonly', schemas: ['demo'] }] },
        { name: 'orders_app', passwordSecret: DEMO.readwriteSecret, grants: [{ preset: 'readwrite', schemas: ['demo'] }] },
      ],
      postRestoreSql: [{ file: 'mask-customers.sql' }],
    },
    archive: { mode: 'delete' },
    waiting: { strategy: options.strategy },
    dryRun: options.dryRun,
  };
}
