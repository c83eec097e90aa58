import { deleteRdsStep } from '../../../../src/steps/delete-rds';
import { SafetyViolationError } from '../../../../src/errors';
import { DEFAULT_DEPLOYMENT_SAFETY, type DeploymentSafety } from '../../../../src/request/deployment-safety';
import type { RefreshRequestInput } from '../../../../src/request/schema';
import type { KmsKey } from '../../../../src/ports/kms';
import type { Facts } from '../../../../src/store/operation';
import { cluster, instance, rdsError, snapshot } from './support/rds-fixtures';
import { OPERATION_ID, requestInput, stepContext, stubRds } from './support/step-context';
import { runAsEngine } from '../../../support/run-as-engine';

/** A delete-rds context whose restore snapshot is recorded (the snapshot steps ran). */
function deleteContext(options: Omit<Parameters<typeof stepContext>[0], 'step'>) {
  return stepContext({ ...options, step: 'delete-rds', facts: { restoreSnapshotId: 'rds:prod-1', ...options.facts } });
}

function deletingRds(target = cluster({ members: [{ instanceId: 'staging-1', isWriter: true }, { instanceId: 'staging-2', isWriter: false }] })) {
  return stubRds({
    describeClusterSnapshot: jest.fn(async () => snapshot({ id: 'rds:prod-1', status: 'available' })),
    describeCluster: jest.fn(async () => target),
    modifyCluster: jest.fn(async () => undefined),
    deleteInstance: jest.fn(async () => undefined),
    deleteCluster: jest.fn(async () => undefined),
  });
}

describe('delete-rds', () => {
  it('deletes every member instance, then the cluster without a final snapshot', async () => {
    // Prepare
    const rds = deletingRds();

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds }));

    // Assess
    expect(rds.deleteInstance.mock.calls).toEqual([['staging-1'], ['staging-2']]);
    expect(rds.deleteCluster).toHaveBeenCalledWith({ clusterId: 'staging', finalSnapshot: { skip: true } });
    expect(rds.deleteInstance.mock.invocationCallOrder.every((order) => order < (rds.deleteCluster.mock.invocationCallOrder[0] as number))).toBe(true);
    expect(rds.modifyCluster).not.toHaveBeenCalled();
    expect(outcome).toEqual({ type: 'advance', next: 'check-delete-status', facts: { targetExisted: true, deletedInstanceIds: ['staging-1', 'staging-2'] }, checkLater: true });
  });

  it('takes a final snapshot named after the operation when the request asks for one', async () => {
    // Prepare
    const rds = deletingRds();
    const request = requestInput({ target: { clusterId: 'staging', instances: [{ id: 'staging-1', instanceClass: 'db.r6g.large' }], finalSnapshot: 'take' } });

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds, request }));

    // Assess
    const finalId = `aurora-restore-final-staging-${OPERATION_ID}`;
    expect(rds.deleteCluster).toHaveBeenCalledWith({ clusterId: 'staging', finalSnapshot: { skip: false, snapshotId: finalId } });
    expect(outcome).toMatchObject({ facts: { finalSnapshotId: finalId } });
  });

  it('skips a target that does not exist (a first run)', async () => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => undefined) });

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds }));

    // Assess
    expect(outcome).toEqual({ type: 'advance', next: 'restore-snapshot', facts: { targetExisted: false } });
  });

  const sourceFacts: Facts = { snapshotClusterId: 'staging', sourceSnapshotArn: 'arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:rds:staging-1', sourceSnapshotId: 'rds:staging-1' };
  it.each<[string, Partial<RefreshRequestInput>, ReturnType<typeof cluster>, Facts, string, DeploymentSafety?]>([
    ['it lacks the managed tag', {}, cluster({ tags: { team: 'data' } }), {}, 'it does not carry the tag aurora-restore:managed=true'],
    ['it carries the managed tag with another value', {}, cluster({ tags: { 'aurora-restore:managed': 'false' } }), {}, 'this deployment does not replace untagged clusters (ALLOW_UNMANAGED_TARGETS is false)'],
    ['it is the source cluster named in the request (same account and region)', { source: { clusterId: 'staging', accountId: '111111111111' } }, cluster(), {}, "it is the request's source cluster (source.clusterId)"],
    ['it is the cluster the explicit snapshot was taken from', { source: { snapshot: 'rds:staging-1' } }, cluster(), sourceFacts, 'it is the cluster snapshot rds:staging-1 was taken from'],
    ['its deletion protection is on and the request does not allow switching it off', {}, cluster({ deletionProtection: true }), {}, 'Set safety.allowDisableDeletionProtection to true'],
    ['the deployment\'s managed tag is custom and missing', {}, cluster(), {}, 'tag env=scratch', { managedTag: { key: 'env', value: 'scratch' }, allowUnmanagedTargets: false }],
    ['the request waives the tag but the deployment does not allow it (an operation older than the setting)', { safety: { requireManagedTag: false } }, cluster({ tags: {} }), {}, 'ALLOW_UNMANAGED_TARGETS is false'],
  ])('refuses to delete the target when %s, and touches nothing', async (_case, overrides, target, facts, message, safety = DEFAULT_DEPLOYMENT_SAFETY) => {
    // Prepare
    const rds = deletingRds(target);

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds, request: requestInput(overrides), facts, safety }));

    // Assess
    expect(outcome).toMatchObject({ type: 'fail', facts: { targetExisted: true } });
    const error = (outcome as { error: Error }).error;
    expect(error).toBeInstanceOf(SafetyViolationError);
    expect(error.message).toContain(message);
    expect(rds.modifyCluster).not.toHaveBeenCalled();
    expect(rds.deleteInstance).not.toHaveBeenCalled();
    expect(rds.deleteCluster).not.toHaveBeenCalled();
  });

  it.each([
    ['another account', { clusterId: 'staging', accountId: '222222222222' }],
    ['another region', { clusterId: 'staging', region: 'us-east-1' }],
  ])('deletes a target named like the source when the source is in %s', async (_case, source) => {
    // Prepare
    const rds = deletingRds(cluster());

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds, request: requestInput({ source }) }));

    // Assess
    expect(outcome).toMatchObject({ type: 'advance', next: 'check-delete-status' });
    expect(rds.deleteCluster).toHaveBeenCalled();
  });

  it('deletes an unmanaged target when the request overrides the tag rule and the deployment allows it', async () => {
    // Prepare
    const rds = deletingRds(cluster({ tags: {} }));
    const safety = { ...DEFAULT_DEPLOYMENT_SAFETY, allowUnmanagedTargets: true };

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds, request: requestInput({ safety: { requireManagedTag: false } }), safety }));

    // Assess
    expect(outcome).toMatchObject({ type: 'advance', next: 'check-delete-status' });
  });

  it('switches deletion protection off first when the request allows it, and saves that before any delete', async () => {
    // Prepare
    const rds = deletingRds(cluster({ deletionProtection: true }));

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds, request: requestInput({ safety: { allowDisableDeletionProtection: true } }) }));

    // Assess: the step goes on in its next run, with the fact saved, so a failure from here on switches it back on.
    expect(rds.modifyCluster).toHaveBeenCalledWith({ clusterId: 'staging', deletionProtection: false, applyImmediately: true });
    expect(rds.deleteInstance).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({ type: 'continue', facts: { deletionProtectionDisabled: true, targetExisted: true } });
  });

  it.each([
    ['DBInstanceNotFoundFault', undefined],
    ['InvalidDBInstanceStateFault', instance({ status: 'deleting' })],
  ])('treats %s on an instance that is gone or deleting as done', async (code, described) => {
    // Prepare
    const rds = deletingRds(cluster());
    rds.deleteInstance.mockRejectedValue(rdsError(code, 'staging-1'));
    rds.describeInstance = jest.fn(async () => described);

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds }));

    // Assess
    expect(outcome).toMatchObject({ type: 'advance', next: 'check-delete-status' });
    expect(rds.deleteCluster).toHaveBeenCalled();
  });

  it('waits for an instance RDS cannot delete yet, keeping what it already did', async () => {
    // Prepare
    const rds = deletingRds(cluster({ deletionProtection: false }));
    rds.deleteInstance.mockRejectedValue(rdsError('InvalidDBInstanceStateFault', 'staging-1'));
    rds.describeInstance = jest.fn(async () => instance({ status: 'modifying' }));

    // Act: the run after the one that switched protection off (its fact saved).
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds, request: requestInput({ safety: { allowDisableDeletionProtection: true } }), facts: { deletionProtectionDisabled: true } }));

    // Assess
    expect(outcome).toMatchObject({
      type: 'wait',
      reason: 'instance staging-1 of cluster staging is modifying and cannot be deleted yet (InvalidDBInstanceStateFault: InvalidDBInstanceStateFault raised by RDS (resource staging-1))',
      waitingOn: [{ kind: 'cluster', id: 'staging' }, { kind: 'instance', id: 'staging-1' }],
      facts: { targetExisted: true },
    });
    // Protection is not switched off again: the saved fact says it already was.
    expect(rds.modifyCluster).not.toHaveBeenCalled();
    expect(rds.deleteCluster).not.toHaveBeenCalled();
  });

  it.each([
    ['DBClusterNotFoundFault', undefined, 'advance'],
    ['InvalidDBClusterStateFault', cluster({ status: 'deleting' }), 'advance'],
    ['InvalidDBClusterStateFault', cluster({ status: 'backing-up' }), 'wait'],
    ['InvalidParameterCombination', cluster(), 'fail'],
  ])('answers %s from DeleteDBCluster (cluster then %j) with %s', async (code, described, type) => {
    // Prepare
    const rds = deletingRds(cluster());
    rds.deleteCluster.mockRejectedValue(rdsError(code, 'staging'));
    rds.describeCluster.mockResolvedValueOnce(cluster()).mockResolvedValueOnce(described);

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds }));

    // Assess
    expect(outcome.type).toBe(type);
  });

  it('does not delete again a cluster that is already deleting, after the safety checks', async () => {
    // Prepare
    const rds = deletingRds(cluster({ status: 'deleting' }));

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds }));

    // Assess
    expect(outcome).toMatchObject({ type: 'advance', next: 'check-delete-status' });
    expect(rds.deleteCluster).not.toHaveBeenCalled();
  });

  it('runs the safety checks and plans the deletion in a dry run, writing nothing', async () => {
    // Prepare
    const rds = deletingRds(cluster({ deletionProtection: true }));
    const request = requestInput({ dryRun: true, safety: { allowDisableDeletionProtection: true } });

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds, request }));

    // Assess
    expect(outcome).toEqual({
      type: 'advance',
      next: 'check-delete-status',
      facts: {
        targetExisted: true,
        plan: [
          'delete-rds: would switch off deletion protection of cluster staging (safety.allowDisableDeletionProtection is true)',
          'delete-rds: would delete instances staging-1',
          'delete-rds: would delete cluster staging (arn:aws:rds:eu-west-1:111111111111:cluster:staging) without a final snapshot',
        ],
      },
    });
    expect(rds.modifyCluster).not.toHaveBeenCalled();
    expect(rds.deleteInstance).not.toHaveBeenCalled();
    expect(rds.deleteCluster).not.toHaveBeenCalled();
  });

  it('fails a dry run that the safety rules would refuse', async () => {
    // Prepare
    const rds = deletingRds(cluster({ tags: {} }));

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds, request: requestInput({ dryRun: true }) }));

    // Assess
    expect((outcome as { error: Error }).error).toBeInstanceOf(SafetyViolationError);
  });
});

describe('delete-rds: the restore must still be possible', () => {
  it.each([
    ['the snapshot is gone', undefined, 'no longer exists'],
    ['the snapshot is being deleted', 'deleting', 'is deleting, not available'],
  ])('refuses to delete anything when %s', async (_case, status, message) => {
    // Prepare
    const rds = deletingRds();
    rds.describeClusterSnapshot.mockImplementation(async () => (status === undefined ? undefined : snapshot({ id: 'rds:prod-1', status })));

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds }));

    // Assess
    expect(outcome).toMatchObject({ type: 'fail', error: expect.any(SafetyViolationError) });
    expect((outcome as { error: Error }).error.message).toContain(`Refusing to delete cluster staging: the snapshot to restore from, rds:prod-1, ${message}`);
    expect(rds.deleteInstance).not.toHaveBeenCalled();
    expect(rds.deleteCluster).not.toHaveBeenCalled();
    expect(rds.modifyCluster).not.toHaveBeenCalled();
  });

  it('refuses an engine version older than the snapshot, before deleting', async () => {
    const rds = deletingRds();
    const request = requestInput({ target: { clusterId: 'staging', instances: [{ id: 'staging-1', instanceClass: 'db.r6g.large' }], engineVersion: '15.4' } });
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds, request, facts: { engineVersion: '16.2' } }));
    expect((outcome as { error: Error }).error.message).toContain('target.engineVersion 15.4 is older than the snapshot\'s engine version 16.2');
    expect(rds.deleteCluster).not.toHaveBeenCalled();
  });

  it('retries later when RDS is throttling the snapshot check', async () => {
    const rds = deletingRds();
    rds.describeClusterSnapshot.mockImplementation(async () => {
      throw rdsError('Throttling');
    });
    await expect(deleteRdsStep(deleteContext({ rds }))).rejects.toThrow('could not check the snapshot to restore from');
    expect(rds.deleteCluster).not.toHaveBeenCalled();
  });
});

describe('delete-rds: the restore key must be usable before anything is deleted', () => {
  const keyed = requestInput({ target: { clusterId: 'staging', instances: [{ id: 'staging-1', instanceClass: 'db.r6g.large' }], kmsKeyId: 'alias/staging-data' } });

  it.each<[string, () => Promise<KmsKey | undefined>, string]>([
    ['missing', async () => undefined, 'the KMS key target.kmsKeyId alias/staging-data does not exist'],
    ['disabled', async () => ({ keyId: 'k', arn: 'arn', state: 'Disabled' }), 'is Disabled; the restore needs an enabled key'],
    [
      'not usable by this function',
      async () => {
        throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
      },
      'this function cannot use the KMS key target.kmsKeyId alias/staging-data (not authorized)',
    ],
  ])('refuses when the key is %s', async (_case, describeKey, message) => {
    // Prepare
    const rds = deletingRds();
    const context = deleteContext({ rds, request: keyed });

    // Act
    const outcome = await runAsEngine(deleteRdsStep, { ...context, ports: { ...context.ports, kms: { describeKey: jest.fn(describeKey) } } });

    // Assess
    expect((outcome as { error: Error }).error.message).toContain(message);
    expect(rds.deleteInstance).not.toHaveBeenCalled();
    expect(rds.deleteCluster).not.toHaveBeenCalled();
  });

  it('goes ahead with an enabled key', async () => {
    const rds = deletingRds();
    const context = deleteContext({ rds, request: keyed });
    const outcome = await runAsEngine(deleteRdsStep, { ...context, ports: { ...context.ports, kms: { describeKey: jest.fn(async () => ({ keyId: 'k', arn: 'arn', state: 'Enabled' })) } } });
    expect(outcome).toMatchObject({ type: 'advance', next: 'check-delete-status' });
    expect(rds.deleteCluster).toHaveBeenCalled();
  });
});

describe('delete-rds re-checks what could change since preflight', () => {
  it('waits, deleting nothing, while the target is the source of another running operation', async () => {
    // Prepare: the target's identity key, as the engine's view answers.
    const rds = deletingRds();
    const reader = { operationId: '20261125-040000-ffeedd', target: 'analytics', step: 'check-copy-status' as const };

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds, runningFromSource: { '111111111111:eu-west-1:staging': [reader] } }));

    // Assess
    expect(outcome).toMatchObject({ type: 'wait', reason: expect.stringContaining(`source of running operation ${reader.operationId} (refreshing analytics, at check-copy-status)`) });
    expect(rds.deleteInstance).not.toHaveBeenCalled();
    expect(rds.deleteCluster).not.toHaveBeenCalled();
    expect(rds.modifyCluster).not.toHaveBeenCalled();
  });

  it.each<[string, Facts, string]>([
    ['renamed or recreated (another resource id)', { targetExisted: true, targetResourceId: 'cluster-PINNED' }, 'resource id now cluster-NOW, recorded cluster-PINNED'],
    ['there although preflight found none', { targetExisted: false }, 'it appeared after preflight found no cluster of that name'],
  ])('refuses a target %s, touching nothing', async (_case, facts, message) => {
    // Prepare
    const rds = deletingRds(cluster({ resourceId: 'cluster-NOW', members: [{ instanceId: 'staging-1', isWriter: true }] }));

    // Act
    const outcome = await runAsEngine(deleteRdsStep, deleteContext({ rds, facts }));

    // Assess
    expect(outcome).toMatchObject({ type: 'fail', error: { name: 'TargetChangedError', message: expect.stringContaining(message) } });
    expect(rds.deleteInstance).not.toHaveBeenCalled();
    expect(rds.modifyCluster).not.toHaveBeenCalled();
  });
});
