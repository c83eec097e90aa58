import { copySnapshotStep } from '../../../../src/steps/copy-snapshot';
import { SafetyViolationError } from '../../../../src/errors';
import type { Facts } from '../../../../src/store/operation';
import { rdsError, snapshot } from './support/rds-fixtures';
import { OPERATION_ID, requestInput, stepContext, stubRds } from './support/step-context';
import { runAsEngine } from '../../../support/run-as-engine';

const COPY_ID = `aurora-restore-staging-${OPERATION_ID}`;
const OUR_TAGS = { 'aurora-restore:operation-id': OPERATION_ID, 'aurora-restore:target': 'staging' };
const SHARED_ARN = 'arn:aws:rds:eu-central-1:222222222222:cluster-snapshot:prod-nightly';

const sharedFacts: Facts = { sourceSnapshotId: 'prod-nightly', sourceSnapshotArn: SHARED_ARN, snapshotType: 'shared', sizeGb: 9216 };
const sharedRequest = requestInput({ source: { clusterId: 'prod', accountId: '222222222222', region: 'eu-central-1', snapshotTypes: ['shared'] }, copy: { kmsKeyId: 'alias/staging' } });

describe('copy-snapshot', () => {
  it('copies a shared cross-region snapshot by ARN with the KMS key, the source region and our tags', async () => {
    // Prepare
    const copy = snapshot({ id: COPY_ID, arn: `arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:${COPY_ID}`, status: 'copying', tags: OUR_TAGS });
    const rds = stubRds({ describeClusterSnapshot: jest.fn(async () => undefined), copyClusterSnapshot: jest.fn(async () => copy) });

    // Act
    const outcome = await runAsEngine(copySnapshotStep, stepContext({ step: 'copy-snapshot', rds, request: sharedRequest, facts: sharedFacts }));

    // Assess
    expect(rds.copyClusterSnapshot).toHaveBeenCalledWith({
      source: SHARED_ARN,
      targetId: COPY_ID,
      kmsKeyId: 'alias/staging',
      sourceRegion: 'eu-central-1',
      copyTags: false,
      tags: OUR_TAGS,
    });
    expect(outcome).toEqual({
      type: 'advance',
      next: 'check-copy-status',
      facts: { copySnapshotId: COPY_ID, copySnapshotArn: copy.arn, copyAdopted: false, restoreSnapshotId: COPY_ID },
      checkLater: true,
    });
  });

  it('names a snapshot of this account and region by its identifier', async () => {
    // Prepare
    const rds = stubRds({ describeClusterSnapshot: jest.fn(async () => undefined), copyClusterSnapshot: jest.fn(async () => snapshot({ id: COPY_ID })) });
    const facts: Facts = { sourceSnapshotId: 'rds:prod-1', sourceSnapshotArn: 'arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:rds:prod-1', snapshotType: 'automated' };

    // Act
    await runAsEngine(copySnapshotStep, stepContext({ step: 'copy-snapshot', rds, request: requestInput({ copy: { mode: 'always', copyTags: true } }), facts }));

    // Assess
    expect(rds.copyClusterSnapshot).toHaveBeenCalledWith({ source: 'rds:prod-1', targetId: COPY_ID, copyTags: true, tags: OUR_TAGS });
  });

  it('adopts its own copy on a repeat, without copying again', async () => {
    // Prepare
    const ours = snapshot({ id: COPY_ID, status: 'copying', tags: OUR_TAGS });
    const rds = stubRds({ describeClusterSnapshot: jest.fn(async () => ours) });

    // Act
    const outcome = await runAsEngine(copySnapshotStep, stepContext({ step: 'copy-snapshot', rds, request: sharedRequest, facts: sharedFacts }));

    // Assess
    expect(rds.copyClusterSnapshot).not.toHaveBeenCalled();
    expect(outcome).toEqual({ type: 'advance', next: 'check-copy-status', facts: { copySnapshotId: COPY_ID, copySnapshotArn: ours.arn, copyAdopted: true, restoreSnapshotId: COPY_ID } });
  });

  it('refuses a snapshot under its name that another operation made, touching nothing', async () => {
    // Prepare
    const foreign = snapshot({ id: COPY_ID, tags: { 'aurora-restore:operation-id': 'someone-else' } });
    const rds = stubRds({ describeClusterSnapshot: jest.fn(async () => foreign) });

    // Act
    const outcome = await runAsEngine(copySnapshotStep, stepContext({ step: 'copy-snapshot', rds, request: sharedRequest, facts: sharedFacts }));

    // Assess
    expect(outcome.type).toBe('fail');
    expect((outcome as { error: Error }).error).toBeInstanceOf(SafetyViolationError);
    expect(rds.deleteClusterSnapshot).not.toHaveBeenCalled();
    expect(rds.copyClusterSnapshot).not.toHaveBeenCalled();
  });

  it.each([
    ['failed', true, `deleting the failed copy ${COPY_ID} before copying again`],
    ['deleting', false, `waiting for the failed copy ${COPY_ID} to be deleted before copying again`],
  ])('clears its own %s copy before copying again', async (status, deletes, reason) => {
    // Prepare
    const rds = stubRds({ describeClusterSnapshot: jest.fn(async () => snapshot({ id: COPY_ID, status, tags: OUR_TAGS })), deleteClusterSnapshot: jest.fn(async () => undefined) });

    // Act
    const outcome = await runAsEngine(copySnapshotStep, stepContext({ step: 'copy-snapshot', rds, request: sharedRequest, facts: sharedFacts }));

    // Assess
    expect(outcome).toEqual({ type: 'wait', reason, waitingOn: [{ kind: 'snapshot', id: COPY_ID }] });
    expect(rds.deleteClusterSnapshot).toHaveBeenCalledTimes(deletes ? 1 : 0);
  });

  it.each([
    ['SnapshotQuotaExceededFault', 'wait', 'RDS snapshot quota reached (SnapshotQuotaExceededFault: SnapshotQuotaExceededFault raised by RDS'],
    ['DBClusterSnapshotAlreadyExistsFault', 'wait', `snapshot ${COPY_ID} appeared while copying; checking whose it is`],
    ['KMSKeyNotAccessibleFault', 'fail', 'Check that the key exists in this region and that its key policy lets this account use it.'],
    ['DBClusterSnapshotNotFoundFault', 'fail', `Copying snapshot ${SHARED_ARN} to ${COPY_ID} failed: DBClusterSnapshotNotFoundFault`],
    ['InvalidDBClusterSnapshotStateFault', 'wait', 'InvalidDBClusterSnapshotStateFault raised by RDS'],
  ])('answers %s from CopyDBClusterSnapshot with a %s', async (code, type, text) => {
    // Prepare
    const rds = stubRds({ describeClusterSnapshot: jest.fn(async () => undefined), copyClusterSnapshot: jest.fn(async () => Promise.reject(rdsError(code, COPY_ID))) });

    // Act
    const outcome = await runAsEngine(copySnapshotStep, stepContext({ step: 'copy-snapshot', rds, request: sharedRequest, facts: sharedFacts }));

    // Assess
    expect(outcome.type).toBe(type);
    const said = outcome.type === 'wait' ? outcome.reason : (outcome as { error: Error }).error.message;
    expect(said).toContain(text);
  });

  it('plans the copy in a dry run without calling RDS beyond where it is', async () => {
    // Prepare
    const rds = stubRds();

    // Act
    const outcome = await runAsEngine(copySnapshotStep, stepContext({ step: 'copy-snapshot', rds, request: { ...sharedRequest, dryRun: true }, facts: sharedFacts }));

    // Assess
    expect(outcome).toEqual({
      type: 'advance',
      next: 'check-copy-status',
      facts: {
        plan: [
          `copy-snapshot: would copy ${SHARED_ARN} to ${COPY_ID}, encrypted with alias/staging, from region eu-central-1, tagged aurora-restore:operation-id=${OPERATION_ID}, aurora-restore:target=staging`,
        ],
      },
    });
    expect(rds.describeClusterSnapshot).not.toHaveBeenCalled();
  });
});
