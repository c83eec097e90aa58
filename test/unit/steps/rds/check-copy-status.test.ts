import { checkCopyStatusStep } from '../../../../src/steps/check-copy-status';
import { rdsError, snapshot } from './support/rds-fixtures';
import { requestInput, stepContext, stubRds } from './support/step-context';
import { runAsEngine } from '../../../support/run-as-engine';

const COPY_ID = 'aurora-restore-staging-20261125-030000-a1b2c3';
const facts = { copySnapshotId: COPY_ID };

describe('check-copy-status', () => {
  it.each([
    ['available', 100, { type: 'advance', next: 'delete-rds', facts: { copySnapshotArn: `arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:${COPY_ID}`, restoreSnapshotId: COPY_ID } }],
    ['copying', 42, { type: 'wait', reason: `copying snapshot to ${COPY_ID}: copying, 42%`, percentProgress: 42, waitingOn: [{ kind: 'snapshot', id: COPY_ID }] }],
    ['creating', 0, { type: 'wait', reason: `copying snapshot to ${COPY_ID}: creating, 0%`, percentProgress: 0, waitingOn: [{ kind: 'snapshot', id: COPY_ID }] }],
    ['pending', undefined, { type: 'wait', reason: `copying snapshot to ${COPY_ID}: pending, 0%`, waitingOn: [{ kind: 'snapshot', id: COPY_ID }] }],
  ])('a copy that is %s (%s %%) gives %j', async (status, percentProgress, expected) => {
    // Prepare
    const rds = stubRds({ describeClusterSnapshot: jest.fn(async () => snapshot({ id: COPY_ID, status, ...(percentProgress !== undefined ? { percentProgress } : {}) })) });

    // Act
    const outcome = await runAsEngine(checkCopyStatusStep, stepContext({ step: 'check-copy-status', rds, facts }));

    // Assess
    expect(outcome).toEqual(expected);
  });

  it.each([
    ['failed', snapshot({ id: COPY_ID, status: 'failed', percentProgress: 37 }), `Snapshot copy ${COPY_ID} is failed at 37%. The target was not touched.`],
    ['incompatible-restore', snapshot({ id: COPY_ID, status: 'incompatible-restore' }), `Snapshot copy ${COPY_ID} is incompatible-restore`],
    ['gone', undefined, `Snapshot copy ${COPY_ID} no longer exists`],
  ])('fails with a clear message when the copy is %s', async (_case, described, message) => {
    // Prepare
    const rds = stubRds({ describeClusterSnapshot: jest.fn(async () => described) });

    // Act
    const outcome = await runAsEngine(checkCopyStatusStep, stepContext({ step: 'check-copy-status', rds, facts }));

    // Assess
    expect(outcome.type).toBe('fail');
    expect((outcome as { error: Error }).error.message).toContain(message);
  });

  it('lets a throttled describe through to become a wait', async () => {
    // Prepare
    const throttled = rdsError('ThrottlingException');
    const rds = stubRds({ describeClusterSnapshot: jest.fn(async () => Promise.reject(throttled)) });

    // Act
    const run = checkCopyStatusStep(stepContext({ step: 'check-copy-status', rds, facts }));

    // Assess
    await expect(run).rejects.toBe(throttled);
  });

  it('moves on without looking in a dry run (nothing was copied)', async () => {
    // Prepare
    const rds = stubRds();

    // Act
    const outcome = await runAsEngine(checkCopyStatusStep, stepContext({ step: 'check-copy-status', rds, request: requestInput({ dryRun: true }) }));

    // Assess
    expect(outcome).toEqual({ type: 'advance', next: 'delete-rds' });
  });
});
