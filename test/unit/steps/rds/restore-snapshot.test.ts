import { restoreSnapshotStep } from '../../../../src/steps/restore-snapshot';
import { SafetyViolationError } from '../../../../src/errors';
import { cluster, rdsError } from './support/rds-fixtures';
import { OPERATION_ID, requestInput, stepContext, stubRds } from './support/step-context';
import { runAsEngine } from '../../../support/run-as-engine';

const COPY_ID = `aurora-restore-staging-${OPERATION_ID}`;
const facts = { restoreSnapshotId: COPY_ID, targetExisted: true };
const ourTags = { 'aurora-restore:managed': 'true', 'aurora-restore:operation-id': OPERATION_ID, 'aurora-restore:target': 'staging' };

const serverlessRequest = requestInput({
  target: {
    clusterId: 'staging',
    instances: [{ id: 'staging-1', instanceClass: 'db.serverless' }],
    subnetGroup: 'staging-subnets',
    securityGroupIds: ['sg-0123abcd'],
    clusterParameterGroup: 'staging-cluster-params',
    engineVersion: '16.4',
    port: 5433,
    kmsKeyId: 'alias/staging',
    deletionProtection: true,
    iamDatabaseAuthentication: true,
    serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 16 },
    copyTagsToSnapshot: false,
    tags: { team: 'data', 'aurora-restore:managed': 'no' },
  },
});

describe('restore-snapshot', () => {
  it('restores with every target setting of the request and our tags, which win over the request\'s', async () => {
    // Prepare
    const restored = cluster({ status: 'creating', members: [], tags: ourTags });
    const rds = stubRds({ describeCluster: jest.fn(async () => undefined), restoreClusterFromSnapshot: jest.fn(async () => restored) });

    // Act
    const outcome = await runAsEngine(restoreSnapshotStep, stepContext({ step: 'restore-snapshot', rds, request: serverlessRequest, facts }));

    // Assess
    expect(rds.restoreClusterFromSnapshot).toHaveBeenCalledWith({
      clusterId: 'staging',
      snapshot: COPY_ID,
      engine: 'aurora-postgresql',
      engineVersion: '16.4',
      subnetGroup: 'staging-subnets',
      securityGroupIds: ['sg-0123abcd'],
      clusterParameterGroup: 'staging-cluster-params',
      port: 5433,
      kmsKeyId: 'alias/staging',
      deletionProtection: true,
      iamDatabaseAuthentication: true,
      serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 16 },
      copyTagsToSnapshot: false,
      tags: { team: 'data', ...ourTags },
    });
    expect(outcome).toEqual({ type: 'advance', next: 'check-restore-status', facts: { clusterArn: restored.arn, clusterAdopted: false }, checkLater: true });
  });

  it('adopts a cluster this operation already restored (a repeat)', async () => {
    // Prepare
    const ours = cluster({ status: 'creating', tags: ourTags });
    const rds = stubRds({ describeCluster: jest.fn(async () => ours) });

    // Act
    const outcome = await runAsEngine(restoreSnapshotStep, stepContext({ step: 'restore-snapshot', rds, facts }));

    // Assess
    expect(rds.restoreClusterFromSnapshot).not.toHaveBeenCalled();
    expect(outcome).toEqual({ type: 'advance', next: 'check-restore-status', facts: { clusterArn: ours.arn, clusterAdopted: true } });
  });

  it('refuses a cluster under the target\'s name that it did not restore', async () => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => cluster({ tags: { 'aurora-restore:managed': 'true', 'aurora-restore:operation-id': 'another-operation' } })) });

    // Act
    const outcome = await runAsEngine(restoreSnapshotStep, stepContext({ step: 'restore-snapshot', rds, facts }));

    // Assess
    expect((outcome as { error: Error }).error).toBeInstanceOf(SafetyViolationError);
    expect(rds.restoreClusterFromSnapshot).not.toHaveBeenCalled();
  });

  it.each([
    ['DBClusterAlreadyExistsFault', 'wait'],
    ['DBClusterSnapshotNotFoundFault', 'fail'],
    ['InvalidDBClusterSnapshotStateFault', 'wait'],
    ['KMSKeyNotAccessibleFault', 'fail'],
    ['InvalidSubnet', 'fail'],
  ])('answers %s from RestoreDBClusterFromSnapshot with a %s', async (code, type) => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => undefined), restoreClusterFromSnapshot: jest.fn(async () => Promise.reject(rdsError(code, 'staging'))) });

    // Act
    const outcome = await runAsEngine(restoreSnapshotStep, stepContext({ step: 'restore-snapshot', rds, facts }));

    // Assess
    expect(outcome.type).toBe(type);
    if (outcome.type === 'fail') expect(outcome.error.message).toContain(`Restoring cluster staging from snapshot ${COPY_ID} failed: ${code}`);
  });

  it('plans the restore and the instances in a dry run without calling RDS', async () => {
    // Prepare
    const rds = stubRds();

    // Act
    const outcome = await runAsEngine(restoreSnapshotStep, stepContext({ step: 'restore-snapshot', rds, request: { ...serverlessRequest, dryRun: true }, facts }));

    // Assess
    expect(outcome).toEqual({
      type: 'advance',
      next: 'check-restore-status',
      facts: {
        plan: [
          `restore-snapshot: would restore cluster staging from snapshot ${COPY_ID} (engine version 16.4, subnet group staging-subnets, security groups sg-0123abcd, cluster parameter group staging-cluster-params, port 5433, KMS key alias/staging, Serverless v2 0.5–16 ACU, deletion protection on)`,
          'restore-snapshot: would create instance staging-1 (db.serverless) once the cluster is available',
        ],
      },
    });
    expect(rds.describeCluster).not.toHaveBeenCalled();
  });

  it('names the copy it would have made when a dry run planned one', async () => {
    // Prepare
    const rds = stubRds();

    // Act
    const outcome = await runAsEngine(restoreSnapshotStep, stepContext({ step: 'restore-snapshot', rds, request: requestInput({ dryRun: true }), facts: { copyNeeded: true, sourceSnapshotId: 'prod-nightly' } }));

    // Assess
    expect(outcome).toMatchObject({ type: 'advance', facts: { plan: [expect.stringContaining(`from snapshot ${COPY_ID} (deletion protection off)`), expect.any(String)] } });
  });
});
