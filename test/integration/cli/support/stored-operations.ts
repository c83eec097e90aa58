import type { Operation } from '../../../../src/store/operation';
import { request } from '../../../support/factories';

const RUNNING: Operation = {
  operationId: '20261125-030000-a1b2c3',
  target: 'staging-orders',
  createdAt: '2026-11-25T03:00:00.000Z',
  updatedAt: '2026-11-25T05:00:00.000Z',
  status: 'RUNNING',
  step: 'check-copy-status',
  token: 'token-check-copy-1',
  version: 7,
  request: request({ requestedBy: 'nightly:staging' }),
  facts: { sourceSnapshotId: 'rds:prod-orders-2026-11-25-02-00', sizeGb: 9216, copyNeeded: true },
  stepRuns: {
    'snapshot-check': { attempts: 1, checks: 0, startedAt: '2026-11-25T03:00:01.000Z', endedAt: '2026-11-25T03:00:03.000Z', durationMs: 2000 },
    'copy-snapshot': { attempts: 1, checks: 0, startedAt: '2026-11-25T03:00:03.000Z', endedAt: '2026-11-25T03:00:05.000Z', durationMs: 2000 },
    'check-copy-status': { attempts: 1, checks: 4, startedAt: '2026-11-25T03:00:05.000Z' },
  },
  progress: [
    { at: '2026-11-25T04:00:00.000Z', percent: 20 },
    { at: '2026-11-25T05:00:00.000Z', percent: 42 },
  ],
  eta: '2026-11-25T09:30:00.000Z',
  waitReason: 'snapshot copy at 42 %',
  nextCheckAt: '2026-11-25T06:00:00.000Z',
  scheduleName: 'ar-20261125-030000-a1b2c3-cc-a1-c4',
  totalChecks: 4,
};

const FAILED: Operation = {
  ...RUNNING,
  operationId: '20261124-030000-d4e5f6',
  createdAt: '2026-11-24T03:00:00.000Z',
  updatedAt: '2026-11-24T03:10:00.000Z',
  status: 'FAILED',
  step: 'delete-rds',
  stepRuns: {
    'delete-rds': { attempts: 1, checks: 0, startedAt: '2026-11-24T03:09:00.000Z', endedAt: '2026-11-24T03:10:00.000Z', durationMs: 60_000 },
  },
  progress: undefined,
  eta: undefined,
  waitReason: undefined,
  nextCheckAt: undefined,
  scheduleName: undefined,
  finishedAt: '2026-11-24T03:10:00.000Z',
  error: { name: 'SafetyViolationError', message: 'staging-orders lacks the managed tag aurora-restore:managed=true', step: 'delete-rds', causes: ['SafetyViolationError: staging-orders lacks the managed tag aurora-restore:managed=true'], at: '2026-11-24T03:10:00.000Z' },
};

const CANCELLED: Operation = {
  ...FAILED,
  operationId: '20261123-030000-0a0b0c',
  target: 'qa-orders',
  createdAt: '2026-11-23T03:00:00.000Z',
  status: 'CANCELLED',
  step: 'check-copy-status',
  stepRuns: { 'check-copy-status': { attempts: 1, checks: 2, startedAt: '2026-11-23T03:00:05.000Z' } },
  finishedAt: '2026-11-23T04:00:00.000Z',
  error: undefined,
  request: request({ target: { clusterId: 'qa-orders', instances: [{ id: 'qa-orders-1', instanceClass: 'db.r6g.large' }] } }),
};

const SUCCEEDED: Operation = {
  ...FAILED,
  operationId: '20261122-030000-1a2b3c',
  createdAt: '2026-11-22T03:00:00.000Z',
  status: 'SUCCEEDED',
  step: 'sns-notification',
  request: request({ dryRun: true }),
  stepRuns: { 'sns-notification': { attempts: 1, checks: 0, startedAt: '2026-11-22T03:02:00.000Z', endedAt: '2026-11-22T03:02:01.000Z', durationMs: 1000 } },
  finishedAt: '2026-11-22T03:02:01.000Z',
  error: undefined,
  facts: { plan: ['delete-rds: would delete cluster staging-orders', 'restore-snapshot: would restore cluster staging-orders'] },
};

/** The stored item without the keys a spread left undefined (the store drops them). */
function clean(operation: Operation): Operation {
  return Object.fromEntries(Object.entries(operation).filter(([, value]) => value !== undefined)) as Operation;
}

/** One operation in each status, as the dispatcher leaves them: newest first is RUNNING, FAILED, CANCELLED, SUCCEEDED. */
export const OPERATIONS = { RUNNING: clean(RUNNING), FAILED: clean(FAILED), CANCELLED: clean(CANCELLED), SUCCEEDED: clean(SUCCEEDED) };
