import type { RefreshRequestInput, RefreshStrategy } from '../../request/schema';
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

/** Where the demo's data comes from (`npm start -- --source …`). */
export type DemoSource = 'snapshot' | 'clone' | 'point-in-time';

/** How far back the demo's point-in-time restore goes. */
export const DEMO_RESTORE_HOURS_AGO = 2;

/**
 * The demo's source: the newest automated snapshot of prod-orders (re-encrypted with the staging
 * key, so it is copied), a clone of prod-orders, or a full-copy restore of it as of two hours ago.
 */
function demoSource(source: DemoSource, now: Date, maxAgeHours: number | undefined): Pick<RefreshRequestInput, 'source' | 'copy'> {
  switch (source) {
    case 'snapshot':
      return { source: { clusterId: DEMO.source, maxAgeHours: maxAgeHours ?? 26 }, copy: { mode: 'auto', kmsKeyId: DEMO.kmsKey } };
    case 'clone':
      return { source: { type: 'clone', clusterId: DEMO.source } };
    case 'point-in-time':
      return { source: { type: 'point-in-time', clusterId: DEMO.source, restoreTime: new Date(now.getTime() - DEMO_RESTORE_HOURS_AGO * 3_600_000).toISOString(), restoreType: 'full-copy' } };
  }
}

/**
 * The refresh the demo runs: from the chosen source, restored as staging-orders with a writer and
 * a reader, the master password reset from a secret, an analyst (read-only) and an application
 * (read-write) user, and a masking script. TLS is off only because the stand-in PostgreSQL has no
 * certificate. `refresh: "swap"` builds beside the target and checks the masking before the swap.
 */
export function demoRequest(options: { strategy: WaitStrategy; dryRun: boolean; maxAgeHours?: number; source?: DemoSource; now?: Date; refresh?: RefreshStrategy }): RefreshRequestInput {
  const swap = options.refresh === 'swap';
  return {
    requestedBy: 'npm start',
    ...(options.refresh !== undefined ? { strategy: options.refresh } : {}),
    // swap: the masking is checked on the new cluster before it takes staging-orders' name.
    ...(swap
      ? {
          verify: [
            { name: 'no unmasked e-mail', sql: "SELECT id FROM demo.customers WHERE email NOT LIKE '%@example.invalid'", expect: { empty: true as const } },
            { name: 'customers restored', sql: 'SELECT count(*) FROM demo.customers', expect: { equals: 2 } },
          ],
        }
      : {}),
    ...demoSource(options.source ?? 'snapshot', options.now ?? new Date(), options.maxAgeHours),
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
