import { checkRestoreStatusStep } from '../../../../src/steps/check-restore-status';
import { SafetyViolationError } from '../../../../src/errors';
import { cluster, instance, rdsError } from './support/rds-fixtures';
import { OPERATION_ID, requestInput, stepContext, stubRds } from './support/step-context';
import { runAsEngine } from '../../../support/run-as-engine';

const ourTags = { 'aurora-restore:managed': 'true', 'aurora-restore:operation-id': OPERATION_ID, 'aurora-restore:target': 'staging' };
const twoInstances = requestInput({
  target: {
    clusterId: 'staging',
    instances: [
      { id: 'staging-1', instanceClass: 'db.r6g.large', promotionTier: 0, performanceInsights: { enabled: true, retentionDays: 7 } },
      { id: 'staging-2', instanceClass: 'db.r6g.large', parameterGroup: 'staging-params', tags: { role: 'reader' } },
    ],
  },
});
const restored = (overrides = {}) => cluster({ members: [], tags: ourTags, ...overrides });
const allWaitingOn = [{ kind: 'cluster', id: 'staging' }, { kind: 'instance', id: 'staging-1' }, { kind: 'instance', id: 'staging-2' }];

describe('check-restore-status', () => {
  it.each(['creating', 'backing-up', 'modifying', 'resetting-master-credentials'])('waits on the cluster while it is %s', async (status) => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => restored({ status })) });

    // Act
    const outcome = await runAsEngine(checkRestoreStatusStep, stepContext({ step: 'check-restore-status', rds, request: twoInstances }));

    // Assess
    expect(outcome).toEqual({ type: 'wait', reason: `restoring cluster staging: ${status}`, waitingOn: [{ kind: 'cluster', id: 'staging' }] });
  });

  it.each([
    ['failed', 'See the RDS events'],
    ['incompatible-restore', 'check target.engineVersion'],
    ['incompatible-parameters', 'fix target.clusterParameterGroup'],
    ['inaccessible-encryption-credentials', 'check target.kmsKeyId'],
  ])('fails when the cluster ends %s', async (status, hint) => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => restored({ status })) });

    // Act
    const outcome = await runAsEngine(checkRestoreStatusStep, stepContext({ step: 'check-restore-status', rds, request: twoInstances }));

    // Assess
    expect(outcome.type).toBe('fail');
    expect((outcome as { error: Error }).error.message).toContain(`Restored cluster staging is ${status}.`);
    expect((outcome as { error: Error }).error.message).toContain(hint);
  });

  it('creates every missing instance once the cluster is available, with its settings and our tags', async () => {
    // Prepare
    const rds = stubRds({
      describeCluster: jest.fn(async () => restored()),
      describeInstance: jest.fn(async () => undefined),
      createInstance: jest.fn(async () => instance({ status: 'creating' })),
    });

    // Act
    const outcome = await runAsEngine(checkRestoreStatusStep, stepContext({ step: 'check-restore-status', rds, request: twoInstances }));

    // Assess
    expect(rds.createInstance.mock.calls).toEqual([
      [{ instanceId: 'staging-1', clusterId: 'staging', instanceClass: 'db.r6g.large', engine: 'aurora-postgresql', promotionTier: 0, performanceInsights: { enabled: true, retentionDays: 7 }, tags: ourTags }],
      [{ instanceId: 'staging-2', clusterId: 'staging', instanceClass: 'db.r6g.large', engine: 'aurora-postgresql', parameterGroup: 'staging-params', tags: { role: 'reader', ...ourTags } }],
    ]);
    expect(outcome).toEqual({
      type: 'wait',
      reason: 'cluster staging is available; waiting for instances: staging-1 creating, staging-2 creating',
      waitingOn: allWaitingOn,
      facts: { createdInstanceIds: ['staging-1', 'staging-2'], clusterArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging' },
    });
  });

  it('records endpoints, port and master user once the cluster and every instance are available', async () => {
    // Prepare
    const rds = stubRds({
      describeCluster: jest.fn(async () => restored()),
      describeInstance: jest.fn(async (id: string) => instance({ id })),
    });

    // Act
    const outcome = await runAsEngine(checkRestoreStatusStep, stepContext({ step: 'check-restore-status', rds, request: twoInstances, facts: { createdInstanceIds: ['staging-1', 'staging-2'] } }));

    // Assess
    expect(rds.createInstance).not.toHaveBeenCalled();
    expect(outcome).toEqual({
      type: 'advance',
      next: 'setup-db-users',
      facts: {
        clusterArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging',
        writerEndpoint: 'staging.cluster-abc.eu-west-1.rds.amazonaws.com',
        readerEndpoint: 'staging.cluster-ro-abc.eu-west-1.rds.amazonaws.com',
        port: 5432,
        masterUsername: 'postgres',
        createdInstanceIds: ['staging-1', 'staging-2'],
      },
    });
  });

  it.each([
    ['creating', 'wait'],
    ['configuring-enhanced-monitoring', 'wait'],
    ['incompatible-parameters', 'fail'],
    ['failed', 'fail'],
  ])('an instance that is %s gives a %s', async (status, type) => {
    // Prepare
    const rds = stubRds({
      describeCluster: jest.fn(async () => restored()),
      describeInstance: jest.fn(async (id: string) => instance({ id, status: id === 'staging-2' ? status : 'available' })),
    });

    // Act
    const outcome = await runAsEngine(checkRestoreStatusStep, stepContext({ step: 'check-restore-status', rds, request: twoInstances }));

    // Assess
    expect(outcome.type).toBe(type);
  });

  it('refuses an instance id that exists in another cluster', async () => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => restored()), describeInstance: jest.fn(async () => instance({ clusterId: 'prod' })) });

    // Act
    const outcome = await runAsEngine(checkRestoreStatusStep, stepContext({ step: 'check-restore-status', rds, request: twoInstances }));

    // Assess
    expect((outcome as { error: Error }).error).toBeInstanceOf(SafetyViolationError);
    expect((outcome as { error: Error }).error.message).toContain('Instance staging-1 already exists in cluster prod, not in staging');
  });

  it.each([
    ['the cluster is gone', undefined, 'disappeared during the restore'],
    ['the cluster is not ours', cluster({ tags: {} }), 'was not restored by operation'],
  ])('fails when %s', async (_case, described, message) => {
    // Prepare
    const rds = stubRds({ describeCluster: jest.fn(async () => described) });

    // Act
    const outcome = await runAsEngine(checkRestoreStatusStep, stepContext({ step: 'check-restore-status', rds, request: twoInstances }));

    // Assess
    expect((outcome as { error: Error }).error.message).toContain(message);
  });

  it.each([
    ['DBInstanceAlreadyExistsFault', 'wait'],
    ['InvalidDBClusterStateFault', 'wait'],
    ['InvalidParameterCombination', 'fail'],
  ])('answers %s from CreateDBInstance with a %s', async (code, type) => {
    // Prepare
    const rds = stubRds({
      describeCluster: jest.fn(async () => restored()),
      describeInstance: jest.fn(async () => undefined),
      createInstance: jest.fn(async () => Promise.reject(rdsError(code, 'staging-1'))),
    });

    // Act
    const outcome = await runAsEngine(checkRestoreStatusStep, stepContext({ step: 'check-restore-status', rds, request: twoInstances }));

    // Assess
    expect(outcome.type).toBe(type);
  });

  it('moves on without looking in a dry run', async () => {
    // Prepare
    const rds = stubRds();

    // Act
    const outcome = await runAsEngine(checkRestoreStatusStep, stepContext({ step: 'check-restore-status', rds, request: { ...twoInstances, dryRun: true } }));

    // Assess
    expect(outcome).toEqual({ type: 'advance', next: 'setup-db-users' });
  });
});
