import { snapshotCheckStep } from '../../../../src/steps/snapshot-check';
import { StepFailedError } from '../../../../src/errors';
import { rdsError, snapshot } from './support/rds-fixtures';
import { NOW, requestInput, stepContext, stubRds } from './support/step-context';
import { runAsEngine } from '../../../support/run-as-engine';

const SHARED_ARN = (id: string, account = '222222222222', region = 'eu-west-1') => `arn:aws:rds:${region}:${account}:cluster-snapshot:${id}`;

describe('snapshot-check', () => {
  it('picks the newest available snapshot of the source whatever order RDS lists them in, and records it', async () => {
    // Prepare
    const newest = snapshot({ id: 'rds:prod-2026-11-25-01-00', createdAt: new Date('2026-11-25T01:00:00Z'), sizeGb: 9216, encrypted: true, kmsKeyId: 'key-1' });
    const older = snapshot({ id: 'rds:prod-2026-11-24-01-00', createdAt: new Date('2026-11-24T01:00:00Z') });
    const stillCreating = snapshot({ id: 'rds:prod-2026-11-25-02-00', createdAt: new Date('2026-11-25T02:00:00Z'), status: 'creating' });
    const otherCluster = snapshot({ id: 'rds:other-2026-11-25-02-30', clusterId: 'other', createdAt: new Date('2026-11-25T02:30:00Z') });
    const rds = stubRds({ describeClusterSnapshots: jest.fn(async () => [older, stillCreating, otherCluster, newest]) });

    // Act
    const outcome = await runAsEngine(snapshotCheckStep, stepContext({ step: 'snapshot-check', rds }));

    // Assess
    expect(rds.describeClusterSnapshots).toHaveBeenCalledWith({ clusterId: 'prod', types: ['automated', 'manual'] });
    expect(outcome).toEqual({
      type: 'advance',
      next: 'delete-rds',
      facts: {
        sourceSnapshotId: 'rds:prod-2026-11-25-01-00',
        sourceSnapshotArn: 'arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:rds:prod-2026-11-25-01-00',
        snapshotCreateTime: '2026-11-25T01:00:00.000Z',
        snapshotType: 'automated',
        sizeGb: 9216,
        encrypted: true,
        sourceKmsKeyId: 'key-1',
        engineVersion: '16.4',
        snapshotClusterId: 'prod',
        copyNeeded: false,
        copyReason: 'same account and region, no re-encryption: the restore reads the snapshot directly',
        restoreSnapshotId: 'rds:prod-2026-11-25-01-00',
      },
    });
  });

  it('refuses a newest snapshot older than source.maxAgeHours, naming its age and the limit', async () => {
    // Prepare
    const stale = snapshot({ createdAt: new Date(NOW.getTime() - 30 * 3_600_000) });
    const rds = stubRds({ describeClusterSnapshots: jest.fn(async () => [stale]) });
    const request = requestInput({ source: { clusterId: 'prod', maxAgeHours: 26 } });

    // Act
    const outcome = await runAsEngine(snapshotCheckStep, stepContext({ step: 'snapshot-check', rds, request }));

    // Assess
    expect(outcome.type).toBe('fail');
    const error = (outcome as { error: Error }).error;
    expect(error).toBeInstanceOf(StepFailedError);
    expect(error.message).toContain('30.0 h ago');
    expect(error.message).toContain('source.maxAgeHours = 26');
  });

  it.each([
    ['no snapshot at all', [], 'none exists'],
    ['only unfinished ones', [snapshot({ status: 'creating' }), snapshot({ id: 'rds:prod-x', status: 'failed' })], '2 found but none available (1 creating, 1 failed)'],
  ])('fails naming the source and the filters when there is %s', async (_case, listed, detail) => {
    // Prepare
    const rds = stubRds({ describeClusterSnapshots: jest.fn(async () => listed) });

    // Act
    const outcome = await runAsEngine(snapshotCheckStep, stepContext({ step: 'snapshot-check', rds }));

    // Assess
    expect(outcome.type).toBe('fail');
    const message = (outcome as { error: Error }).error.message;
    expect(message).toContain('No available snapshot of cluster prod (types: automated, manual; region eu-west-1)');
    expect(message).toContain(detail);
  });

  it('keeps only shared snapshots of source.accountId and asks RDS in the source region', async () => {
    // Prepare
    const fromSource = snapshot({ id: 'prod-nightly-1', type: 'shared', arn: SHARED_ARN('prod-nightly-1', '222222222222', 'eu-central-1'), createdAt: new Date('2026-11-25T00:00:00Z') });
    const fromStranger = snapshot({ id: 'prod-nightly-2', type: 'shared', arn: SHARED_ARN('prod-nightly-2', '333333333333', 'eu-central-1'), createdAt: new Date('2026-11-25T02:00:00Z') });
    const rds = stubRds({ describeClusterSnapshots: jest.fn(async () => [fromStranger, fromSource]) });
    const request = requestInput({
      source: { clusterId: 'prod', accountId: '222222222222', region: 'eu-central-1', snapshotTypes: ['shared'] },
      copy: { kmsKeyId: 'alias/staging' },
    });

    // Act
    const outcome = await runAsEngine(snapshotCheckStep, stepContext({ step: 'snapshot-check', rds, request }));

    // Assess
    expect(rds.describeClusterSnapshots).toHaveBeenCalledWith({ clusterId: 'prod', types: ['shared'], region: 'eu-central-1' });
    expect(outcome).toMatchObject({
      type: 'advance',
      next: 'copy-snapshot',
      facts: {
        sourceSnapshotArn: fromSource.arn,
        copyNeeded: true,
        copyReason:
          'the snapshot belongs to account 222222222222; the snapshot is in region eu-central-1 and the target in eu-west-1; copy.kmsKeyId asks for re-encryption with alias/staging',
      },
    });
  });

  it('uses an explicit snapshot without discovery', async () => {
    // Prepare
    const named = snapshot({ id: 'prod-before-migration', type: 'manual' });
    const rds = stubRds({ describeClusterSnapshot: jest.fn(async () => named) });
    const request = requestInput({ source: { clusterId: 'prod', snapshot: 'prod-before-migration' } });

    // Act
    const outcome = await runAsEngine(snapshotCheckStep, stepContext({ step: 'snapshot-check', rds, request }));

    // Assess
    expect(rds.describeClusterSnapshot).toHaveBeenCalledWith('prod-before-migration', undefined);
    expect(rds.describeClusterSnapshots).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({ type: 'advance', next: 'delete-rds', facts: { sourceSnapshotId: 'prod-before-migration', restoreSnapshotId: 'prod-before-migration' } });
  });

  it.each([
    ['does not exist', undefined, 'Snapshot prod-before-migration does not exist in region eu-west-1'],
    ['is still being created', snapshot({ id: 'prod-before-migration', status: 'creating' }), 'Snapshot prod-before-migration is creating, not available'],
  ])('fails when the explicit snapshot %s', async (_case, described, message) => {
    // Prepare
    const rds = stubRds({ describeClusterSnapshot: jest.fn(async () => described) });
    const request = requestInput({ source: { snapshot: 'prod-before-migration' } });

    // Act
    const outcome = await runAsEngine(snapshotCheckStep, stepContext({ step: 'snapshot-check', rds, request }));

    // Assess
    expect(outcome.type).toBe('fail');
    expect((outcome as { error: Error }).error.message).toContain(message);
  });

  it.each([
    ['same account and region, mode auto', {}, snapshot(), 'delete-rds'],
    ['a re-encryption key', { kmsKeyId: 'alias/staging' }, snapshot(), 'copy-snapshot'],
    ['mode always', { mode: 'always' as const }, snapshot(), 'copy-snapshot'],
    ['another region (unencrypted)', {}, snapshot({ arn: 'arn:aws:rds:us-east-1:111111111111:cluster-snapshot:rds:prod-1' }), 'copy-snapshot'],
    ['another account (unencrypted)', {}, snapshot({ type: 'shared', arn: SHARED_ARN('prod-1') }), 'copy-snapshot'],
  ])('decides the next step for %s', async (_case, copy, found, next) => {
    // Prepare
    const rds = stubRds({ describeClusterSnapshots: jest.fn(async () => [found]) });
    const request = requestInput({ source: { clusterId: 'prod', snapshotTypes: ['automated', 'shared'] }, copy });

    // Act
    const outcome = await runAsEngine(snapshotCheckStep, stepContext({ step: 'snapshot-check', rds, request }));

    // Assess
    expect(outcome).toMatchObject({ type: 'advance', next });
  });

  it.each([
    ['copy.mode never with a snapshot of another account', { mode: 'never' as const }, snapshot({ type: 'shared', arn: SHARED_ARN('prod-1') }), 'copy.mode is "never", but a copy is needed: the snapshot belongs to account 222222222222'],
    ['an encrypted shared snapshot without copy.kmsKeyId', {}, snapshot({ type: 'shared', encrypted: true, arn: SHARED_ARN('prod-1') }), 'Set copy.kmsKeyId to a key of region eu-west-1'],
  ])('fails before anything is touched for %s', async (_case, copy, found, message) => {
    // Prepare
    const rds = stubRds({ describeClusterSnapshots: jest.fn(async () => [found]) });
    const request = requestInput({ source: { clusterId: 'prod', snapshotTypes: ['shared'] }, copy });

    // Act
    const outcome = await runAsEngine(snapshotCheckStep, stepContext({ step: 'snapshot-check', rds, request }));

    // Assess
    expect(outcome).toMatchObject({ type: 'fail', facts: { sourceSnapshotArn: found.arn } });
    expect((outcome as { error: Error }).error.message).toContain(message);
  });

  it('lets a throttling error through so that the dispatcher turns it into a wait', async () => {
    // Prepare
    const throttled = rdsError('Throttling');
    const rds = stubRds({ describeClusterSnapshots: jest.fn(async () => Promise.reject(throttled)) });

    // Act
    const run = snapshotCheckStep(stepContext({ step: 'snapshot-check', rds }));

    // Assess
    await expect(run).rejects.toBe(throttled);
  });

  it('fails with RDS\'s error and the resource for a permanent error', async () => {
    // Prepare
    const rds = stubRds({ describeClusterSnapshots: jest.fn(async () => Promise.reject(rdsError('AccessDenied', 'prod'))) });

    // Act
    const outcome = await runAsEngine(snapshotCheckStep, stepContext({ step: 'snapshot-check', rds }));

    // Assess
    expect(outcome.type).toBe('fail');
    expect((outcome as { error: Error }).error.message).toBe('Listing the snapshots of cluster prod failed: AccessDenied: AccessDenied raised by RDS (resource prod).');
  });

  it('adds what it found and decided to the dry-run plan', async () => {
    // Prepare
    const rds = stubRds({ describeClusterSnapshots: jest.fn(async () => [snapshot()]) });
    const request = requestInput({ dryRun: true });

    // Act
    const outcome = await runAsEngine(snapshotCheckStep, stepContext({ step: 'snapshot-check', rds, request, facts: { plan: ['start: earlier line'] } }));

    // Assess
    expect(outcome).toMatchObject({
      type: 'advance',
      next: 'delete-rds',
      facts: {
        plan: [
          'start: earlier line',
          'snapshot-check: would use snapshot arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:rds:prod-2026-11-25-01-00 of cluster prod (automated, created 2026-11-25T01:00:00.000Z, 500 GB, not encrypted)',
          'snapshot-check: would not copy it: same account and region, no re-encryption: the restore reads the snapshot directly',
        ],
      },
    });
  });
});
