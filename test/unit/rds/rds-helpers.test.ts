import { appendPlan } from '../../../src/rds/dry-run-plan';
import { formatRdsArn, isRdsArn, parseRdsArn, partitionOf } from '../../../src/rds/rds-arn';
import { describeRdsError, labelError, rdsCall } from '../../../src/rds/rds-errors';
import { resourceVerdict, snapshotVerdict } from '../../../src/rds/rds-statuses';
import { StepFailedError } from '../../../src/errors';
import { rdsError } from '../steps/rds/support/rds-fixtures';
import { stepContext, stubRds } from '../steps/rds/support/step-context';

describe('RDS ARNs', () => {
  it('splits an automated snapshot ARN, keeping the rds: prefix of its id', () => {
    // Act
    const parts = parseRdsArn('arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:rds:prod-2026-11-25-03-00');

    // Assess
    expect(parts).toEqual({ partition: 'aws', region: 'eu-west-1', accountId: '123456789012', resourceType: 'cluster-snapshot', resourceId: 'rds:prod-2026-11-25-03-00' });
  });

  it.each([
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['eu-west-1', 'aws'],
  ])('puts region %s in partition %s', (region, partition) => {
    // Act
    const arn = formatRdsArn({ region, accountId: '123456789012', resourceType: 'cluster', resourceId: 'x' });

    // Assess
    expect(partitionOf(region)).toBe(partition);
    expect(parseRdsArn(arn)?.partition).toBe(partition);
  });

  it('does not take an identifier for an ARN', () => {
    // Assess
    expect(isRdsArn('rds:prod-2026-11-25-03-00')).toBe(false);
    expect(parseRdsArn('prod')).toBeUndefined();
  });
});

describe('dry-run plan', () => {
  it('replaces the lines of a step that ran before instead of repeating them', () => {
    // Prepare
    const context = stepContext({ step: 'delete-rds', rds: stubRds(), facts: { plan: ['snapshot-check: would use x', 'delete-rds: old line'] } });

    // Act
    const facts = appendPlan(context, ['would delete cluster staging']);

    // Assess
    expect(facts.plan).toEqual(['snapshot-check: would use x', 'delete-rds: would delete cluster staging']);
  });
});

describe('RDS failures', () => {
  it('states the code, the message and the resource', () => {
    // Act
    const text = describeRdsError(rdsError('InvalidDBClusterStateFault', 'staging'));

    // Assess
    expect(text).toBe('InvalidDBClusterStateFault: InvalidDBClusterStateFault raised by RDS (resource staging)');
  });

  it('labels an error the engine fails on with what the step was doing, keeping the cause', () => {
    // Prepare
    const cause = rdsError('DBClusterSnapshotNotFoundFault', 'snap-1');

    // Act
    const labelled = labelError('Restoring cluster staging', cause);

    // Assess
    expect(labelled).toBeInstanceOf(StepFailedError);
    expect((labelled as StepFailedError).message).toBe(`Restoring cluster staging failed: ${describeRdsError(cause)}.`);
    expect((labelled as StepFailedError).cause).toBe(cause);
  });

  it.each(['Throttling', 'ThrottlingException', 'InternalFailure', 'SnapshotQuotaExceededFault', 'InvalidDBClusterStateFault'])('passes %s through unlabelled, for the engine to retry or wait on', async (code) => {
    // Prepare
    const error = rdsError(code);

    // Act
    const call = rdsCall('Copying', async () => {
      throw error;
    });

    // Assess
    await expect(call).rejects.toBe(error);
  });
});

describe('status verdicts', () => {
  it.each([
    ['available', 'ready'],
    ['creating', 'waiting'],
    ['backing-up', 'waiting'],
    ['incompatible-parameters', 'failed'],
    ['inaccessible-encryption-credentials', 'failed'],
  ])('a cluster or instance that is %s is %s', (status, verdict) => {
    // Assess
    expect(resourceVerdict(status)).toBe(verdict);
  });

  it.each([
    ['available', 'ready'],
    ['copying', 'waiting'],
    ['failed', 'failed'],
    ['deleting', 'failed'],
  ])('a copy that is %s is %s', (status, verdict) => {
    // Assess
    expect(snapshotVerdict(status)).toBe(verdict);
  });
});
