import type { Operation } from '../../../src/store/operation';
import { request } from '../../support/factories';

/** A whole refresh as the sns-notification step sees it: every step done, facts recorded. */
export function finishedOperation(overrides: Partial<Operation> = {}): Operation {
  return {
    operationId: '20261125-030000-a1b2c3',
    target: 'staging-orders',
    createdAt: '2026-11-25T03:00:00.000Z',
    updatedAt: '2026-11-26T05:04:00.000Z',
    status: 'RUNNING',
    step: 'sns-notification',
    token: 'token',
    version: 40,
    request: request({
      users: { masterPassword: { secret: 'staging/master' }, roles: [{ name: 'app_reader', passwordSecret: 'staging/app-reader' }] },
      archive: { mode: 'delete' },
      requestedBy: 'nightly',
    }),
    facts: {
      sourceSnapshotArn: 'arn:aws:rds:eu-west-1:222222222222:cluster-snapshot:rds:prod-orders-2026-11-25-02-00',
      snapshotCreateTime: '2026-11-25T02:00:00.000Z',
      sizeGb: 9216,
      copySnapshotId: 'aurora-restore-staging-orders-20261125',
      restoreSnapshotId: 'aurora-restore-staging-orders-20261125',
      writerEndpoint: 'staging-orders.cluster-abc.eu-west-1.rds.amazonaws.com',
      readerEndpoint: 'staging-orders.cluster-ro-abc.eu-west-1.rds.amazonaws.com',
      port: 5432,
      masterPasswordSet: true,
      rolesConfigured: ['app_reader'],
      rolesDropped: ['prod_app'],
      sqlScriptsRun: ['sql/mask.sql'],
      archiveDeletedSnapshotIds: ['aurora-restore-staging-orders-20261125'],
    },
    stepRuns: {
      'snapshot-check': { attempts: 1, checks: 0, startedAt: '2026-11-25T03:00:00.000Z', endedAt: '2026-11-25T03:00:01.000Z', durationMs: 1000 },
      'copy-snapshot': { attempts: 1, checks: 0, startedAt: '2026-11-25T03:00:02.000Z', endedAt: '2026-11-25T03:00:05.000Z', durationMs: 3000 },
      'check-copy-status': { attempts: 1, checks: 30, startedAt: '2026-11-25T03:00:05.000Z', endedAt: '2026-11-26T03:30:05.000Z', durationMs: 88_200_000 },
      'sns-notification': { attempts: 1, checks: 0, startedAt: '2026-11-26T05:04:00.000Z' },
    },
    totalChecks: 37,
    ...overrides,
  };
}
