import { checkDeleteStatusStep } from '../../../../src/steps/check-delete-status';
import { cluster, instance, rdsError } from './support/rds-fixtures';
import { requestInput, stepContext, stubRds } from './support/step-context';
import { runAsEngine } from '../../../support/run-as-engine';

const facts = { targetExisted: true, deletedInstanceIds: ['staging-1'] };
const waitingOn = [{ kind: 'cluster', id: 'staging' }, { kind: 'instance', id: 'staging-1' }];

describe('check-delete-status', () => {
  it.each([
    ['deleting with its instance', cluster({ status: 'deleting' }), undefined, { type: 'wait', reason: 'deleting cluster staging and instances staging-1', waitingOn }],
    ['deleting without instances', cluster({ status: 'deleting', members: [] }), undefined, { type: 'wait', reason: 'deleting cluster staging', waitingOn }],
    ['still available', cluster(), undefined, { type: 'wait', reason: 'cluster staging is available, expected deleting', waitingOn }],
    ['gone, its instance still deleting', undefined, instance({ status: 'deleting' }), { type: 'wait', reason: 'cluster staging is gone; waiting for instances staging-1 (deleting)', waitingOn }],
    ['gone with its instances', undefined, undefined, { type: 'advance', next: 'restore-snapshot' }],
  ])('the cluster %s gives %j', async (_case, described, describedInstance, expected) => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => described), describeInstance: jest.fn(async () => describedInstance) });

    // Act
    const outcome = await runAsEngine(checkDeleteStatusStep, stepContext({ step: 'check-delete-status', rds, facts }));

    // Assess
    expect(outcome).toEqual(expected);
  });

  it('moves on without looking when there was nothing to delete, or in a dry run', async () => {
    // Prepare
    const rds = stubRds();

    // Act
    const firstRun = await runAsEngine(checkDeleteStatusStep, stepContext({ step: 'check-delete-status', rds, facts: { targetExisted: false } }));
    const dryRun = await runAsEngine(checkDeleteStatusStep, stepContext({ step: 'check-delete-status', rds, facts, request: requestInput({ dryRun: true }) }));

    // Assess
    expect(firstRun).toEqual({ type: 'advance', next: 'restore-snapshot' });
    expect(dryRun).toEqual({ type: 'advance', next: 'restore-snapshot' });
    expect(rds.describeCluster).not.toHaveBeenCalled();
  });

  it('fails on a permanent error describing the cluster, naming it', async () => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => Promise.reject(rdsError('AccessDenied', 'staging'))) });

    // Act
    const outcome = await runAsEngine(checkDeleteStatusStep, stepContext({ step: 'check-delete-status', rds, facts }));

    // Assess
    expect((outcome as { error: Error }).error.message).toBe('Describing cluster staging failed: AccessDenied: AccessDenied raised by RDS (resource staging).');
  });
});
