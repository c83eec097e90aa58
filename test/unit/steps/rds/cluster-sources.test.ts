import { RdsError } from '../../../../src/ports/rds';
import type { RefreshRequestInput } from '../../../../src/request/schema';
import { deleteRdsStep } from '../../../../src/steps/delete-rds';
import { restoreSnapshotStep } from '../../../../src/steps/restore-snapshot';
import { snapshotCheckStep } from '../../../../src/steps/snapshot-check';
import { runAsEngine } from '../../../support/run-as-engine';
import { cluster, rdsError } from './support/rds-fixtures';
import { NOW, OPERATION_ID, requestInput, stepContext, stubRds } from './support/step-context';

const HOUR = 3_600_000;
const WINDOW = { earliestRestorableTime: new Date(NOW.getTime() - 24 * HOUR), latestRestorableTime: new Date(NOW.getTime() - 5 * 60_000) };
const prod = cluster({ id: 'prod', engineVersion: '16.6', tags: {}, ...WINDOW });
const staging = cluster({ id: 'staging' });

function sourced(source: RefreshRequestInput['source']): RefreshRequestInput {
  return requestInput({ source });
}

const CLONE = sourced({ type: 'clone', clusterId: 'prod' });
const AT_TWO_HOURS_AGO = sourced({ type: 'point-in-time', clusterId: 'prod', restoreTime: new Date(NOW.getTime() - 2 * HOUR).toISOString() });

describe('snapshot-check for a cluster source', () => {
  it('records the source cluster and its window, and goes straight to the delete without looking for snapshots', async () => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => prod) });

    // Act
    const outcome = await runAsEngine(snapshotCheckStep, stepContext({ step: 'snapshot-check', rds, request: CLONE }));

    // Assess
    expect(outcome).toEqual({
      type: 'advance',
      next: 'delete-rds',
      facts: {
        sourceClusterArn: prod.arn,
        restoreType: 'copy-on-write',
        engineVersion: '16.6',
        sourceEarliestRestorableTime: WINDOW.earliestRestorableTime.toISOString(),
        sourceLatestRestorableTime: WINDOW.latestRestorableTime.toISOString(),
        copyNeeded: false,
        copyReason: 'a clone reads source cluster prod directly: no snapshot, no copy',
      },
    });
    expect(rds.describeCluster).toHaveBeenCalledWith('prod');
  });

  it.each([
    ['a source that does not exist', undefined, 'Source cluster prod does not exist in this account and region'],
    ['a source without a restorable window yet', cluster({ id: 'prod', status: 'creating' }), 'Source cluster prod is creating and RDS reports no restorable window for it yet'],
  ])('fails for %s', async (_case, source, message) => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => source) });

    // Act
    const outcome = await runAsEngine(snapshotCheckStep, stepContext({ step: 'snapshot-check', rds, request: CLONE }));

    // Assess
    expect(outcome).toMatchObject({ type: 'fail', error: { name: 'StepFailedError', message: expect.stringContaining(message) } });
  });
});

describe('delete-rds for a cluster source', () => {
  it.each([
    ['the source cluster is gone', undefined, 'the source cluster prod of a point-in-time restore (full-copy) no longer exists'],
    ['the window has moved past the restore time', cluster({ id: 'prod', earliestRestorableTime: new Date(NOW.getTime() - HOUR), latestRestorableTime: WINDOW.latestRestorableTime }), `source.restoreTime ${new Date(NOW.getTime() - 2 * HOUR).toISOString()} is outside the restorable window of cluster prod, ${new Date(NOW.getTime() - HOUR).toISOString()} to ${WINDOW.latestRestorableTime.toISOString()}: it is before the earliest restorable time`],
  ])('refuses to delete the target when %s', async (_case, source, message) => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async (id: string) => (id === 'staging' ? staging : source)) });

    // Act
    const outcome = await runAsEngine(deleteRdsStep, stepContext({ step: 'delete-rds', rds, request: AT_TWO_HOURS_AGO }));

    // Assess
    expect(outcome).toMatchObject({ type: 'fail', error: { name: 'SafetyViolationError', message: expect.stringContaining(`Refusing to delete cluster staging: ${message}`) } });
    expect(rds.deleteInstance).not.toHaveBeenCalled();
    expect(rds.deleteCluster).not.toHaveBeenCalled();
  });
});

describe('restore-snapshot for a cluster source', () => {
  it('restores the target from the source cluster with the request\'s settings and this operation\'s tags', async () => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => undefined), restoreClusterToPointInTime: jest.fn(async () => cluster({ id: 'staging', status: 'creating' })) });

    // Act
    const outcome = await runAsEngine(restoreSnapshotStep, stepContext({ step: 'restore-snapshot', rds, request: AT_TWO_HOURS_AGO }));

    // Assess
    expect(rds.restoreClusterToPointInTime).toHaveBeenCalledWith({
      sourceClusterId: 'prod',
      targetId: 'staging',
      restoreType: 'full-copy',
      restoreTime: new Date(NOW.getTime() - 2 * HOUR),
      deletionProtection: false,
      copyTagsToSnapshot: true,
      tags: { 'aurora-restore:managed': 'true', 'aurora-restore:operation-id': OPERATION_ID, 'aurora-restore:target': 'staging' },
    });
    expect(rds.restoreClusterFromSnapshot).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({ type: 'advance', next: 'check-restore-status', checkLater: true });
  });

  it.each([
    ['a refused clone names the clone limit and what to do', CLONE, new RdsError('InvalidRestoreFault', 'DB cluster prod already has 15 copy-on-write clones.', 'staging'), 'RDS refused another copy-on-write clone of prod'],
    ['a refused time names the window', AT_TWO_HOURS_AGO, new RdsError('InvalidRestoreFault', 'The requested restore time is outside the restorable window.', 'staging'), 'The restore time must lie in the source cluster\'s restorable window'],
  ])('fails with RDS\'s error: %s', async (_case, request, error, hint) => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => undefined), restoreClusterToPointInTime: jest.fn(async () => Promise.reject(error)) });

    // Act
    const outcome = await runAsEngine(restoreSnapshotStep, stepContext({ step: 'restore-snapshot', rds, request }));

    // Assess
    expect(outcome).toMatchObject({ type: 'fail', error: { name: 'StepFailedError', message: expect.stringContaining(`InvalidRestoreFault: ${error.message}`) } });
    expect(outcome).toMatchObject({ error: { message: expect.stringContaining(hint) } });
  });

  it('gives no clone-limit advice for a clone refused for another reason', async () => {
    const error = new RdsError('InvalidRestoreFault', 'Cannot clone a cluster with no DB instances.', 'staging');
    const rds = stubRds({ describeCluster: jest.fn(async () => undefined), restoreClusterToPointInTime: jest.fn(async () => Promise.reject(error)) });
    const outcome = await runAsEngine(restoreSnapshotStep, stepContext({ step: 'restore-snapshot', rds, request: CLONE }));
    expect(outcome).toMatchObject({ type: 'fail', error: { message: expect.stringContaining('Cannot clone a cluster with no DB instances.') } });
    expect(outcome).not.toMatchObject({ error: { message: expect.stringContaining('RDS refused another copy-on-write clone') } });
  });

  it('waits when the source is busy, as for any RDS state error', async () => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => undefined), restoreClusterToPointInTime: jest.fn(async () => Promise.reject(rdsError('InvalidDBClusterStateFault', 'prod'))) });

    // Act
    const outcome = await runAsEngine(restoreSnapshotStep, stepContext({ step: 'restore-snapshot', rds, request: CLONE }));

    // Assess
    expect(outcome).toMatchObject({ type: 'wait' });
  });
});
