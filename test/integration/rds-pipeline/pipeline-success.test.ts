import type { LocalRuntime } from '../../../src/local/local-runtime';
import { HOME_ACCOUNT, PROD_ACCOUNT, refresh, stagingRequest, startPipeline, writes } from './support/pipeline';
import { stopAfterEach } from '../../support/stop-after-each';

const TB = 1024;

describe('the RDS pipeline on the simulated Aurora', () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  it('refreshes from a snapshot shared by another account: copy, delete, restore, instances', async () => {
    // Prepare
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sourceAccountId: PROD_ACCOUNT, sizeGb: 2 * TB, kmsKeyId: 'alias/prod', target: { clusterId: 'staging' } }));
    const request = stagingRequest({ source: { clusterId: 'prod', accountId: PROD_ACCOUNT, snapshotTypes: ['shared'], maxAgeHours: 26 }, copy: { kmsKeyId: 'alias/staging' } });

    // Act
    const { records, operation } = await refresh(runtime, request);

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    const operationId = operation?.operationId as string;
    const copyId = `aurora-restore-staging-${operationId}`;
    expect(operation?.facts).toMatchObject({
      sourceSnapshotArn: expect.stringMatching(new RegExp(`^arn:aws:rds:us-east-1:${PROD_ACCOUNT}:cluster-snapshot:prod-manual-`)),
      copyNeeded: true,
      copySnapshotId: copyId,
      restoreSnapshotId: copyId,
      targetExisted: true,
      deletedInstanceIds: ['staging-1'],
      createdInstanceIds: ['staging-1', 'staging-2'],
      clusterArn: `arn:aws:rds:us-east-1:${HOME_ACCOUNT}:cluster:staging`,
      writerEndpoint: expect.stringMatching(/^staging\.cluster-c[0-9a-f]+\.us-east-1\.rds\.amazonaws\.com$/),
      readerEndpoint: expect.stringMatching(/^staging\.cluster-ro-/),
      port: 5432,
      masterUsername: 'postgres',
    });
    expect(writes(runtime)).toEqual([
      `copyClusterSnapshot ${copyId}`,
      'deleteInstance staging-1',
      'deleteCluster staging',
      'restoreClusterFromSnapshot staging',
      'createInstance staging-1',
      'createInstance staging-2',
    ]);
    const restored = runtime.simulation.peekCluster('staging');
    expect(restored).toMatchObject({
      status: 'available',
      tags: { team: 'data', 'aurora-restore:managed': 'true', 'aurora-restore:operation-id': operationId, 'aurora-restore:target': 'staging' },
    });
    expect(restored?.members.map((member) => member.instanceId)).toEqual(['staging-1', 'staging-2']);
    expect(runtime.simulation.peekInstance('staging-2')).toMatchObject({ status: 'available', clusterId: 'staging' });
    expect(runtime.simulation.peekSnapshot(copyId)).toMatchObject({ status: 'available', encrypted: true, kmsKeyId: 'alias/staging', tags: { 'aurora-restore:operation-id': operationId } });
    // RDS events woke the operation at once; the copy had progress samples to aim at.
    expect(records.some((record) => record.trigger === 'rds-event' && record.result?.result === 'ran')).toBe(true);
    expect(operation?.stepRuns['check-copy-status']?.checks).toBeLessThanOrEqual(10);
    await expect(runtime.store.getLock('staging')).resolves.toBeUndefined();
  });

  it('restores straight from the newest automated snapshot of this account, without a copy', async () => {
    // Prepare
    let seeded;
    ({ runtime, seeded } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 300, snapshots: [{ ageHours: 30, type: 'automated' }, { ageHours: 2, type: 'automated' }, { ageHours: 1, type: 'automated', status: 'creating' }], target: { clusterId: 'staging' } }));
    const newestAvailable = seeded?.snapshots[1];

    // Act
    const { operation } = await refresh(runtime, stagingRequest());

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    expect(operation?.facts).toMatchObject({ copyNeeded: false, sourceSnapshotId: newestAvailable?.id, restoreSnapshotId: newestAvailable?.id });
    expect(operation?.facts.copySnapshotId).toBeUndefined();
    expect(writes(runtime)).toEqual(['deleteInstance staging-1', 'deleteCluster staging', 'restoreClusterFromSnapshot staging', 'createInstance staging-1', 'createInstance staging-2']);
  });

  it('restores on a first run, when the target does not exist yet', async () => {
    // Prepare
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 300 }));

    // Act
    const { operation } = await refresh(runtime, stagingRequest());

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    expect(operation?.facts.targetExisted).toBe(false);
    expect(operation?.stepRuns['check-delete-status']).toBeUndefined();
    expect(writes(runtime)).toEqual(['restoreClusterFromSnapshot staging', 'createInstance staging-1', 'createInstance staging-2']);
    expect(runtime.simulation.peekCluster('staging')?.status).toBe('available');
  });

  it('switches deletion protection off when the request allows it, and takes a final snapshot', async () => {
    // Prepare
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging', deletionProtection: true } }));
    const request = stagingRequest({ safety: { allowDisableDeletionProtection: true } });
    request.target = { ...request.target, finalSnapshot: 'take', deletionProtection: true };

    // Act
    const { operation } = await refresh(runtime, request);

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    const finalId = `aurora-restore-final-staging-${operation?.operationId}`;
    expect(operation?.facts).toMatchObject({ deletionProtectionDisabled: true, finalSnapshotId: finalId });
    expect(writes(runtime).slice(0, 3)).toEqual(['modifyCluster staging', 'deleteInstance staging-1', 'deleteCluster staging']);
    expect(runtime.simulation.peekSnapshot(finalId)?.status).toBe('available');
    expect(runtime.simulation.peekCluster('staging')?.deletionProtection).toBe(true);
  });

  it('still finishes when RDS throttles a third of the calls and loses the cluster-deleted event', async () => {
    // Prepare
    ({ runtime } = await startPipeline(
      { sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging' } },
      { simulation: { faults: { throttleRate: 0.3, lostEvents: [{ eventId: 'RDS-EVENT-0171' }] } } },
    ));

    // Act
    const { operation } = await refresh(runtime, stagingRequest());

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    expect(runtime.simulation.throttledCalls().length).toBeGreaterThan(0);
    expect(runtime.simulation.lostEvents.map((event) => event.detail.EventID)).toEqual(['RDS-EVENT-0171']);
    expect(runtime.simulation.peekCluster('staging')?.members).toHaveLength(2);
  });

  it('waits out a full snapshot quota with a clear reason, then copies', async () => {
    // Prepare
    ({ runtime } = await startPipeline(
      { sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging' } },
      { simulation: { faults: { snapshotQuotaBusyUntil: new Date('2026-01-01T02:00:00Z') } } },
    ));

    // Act
    const { operation, records } = await refresh(runtime, stagingRequest({ copy: { mode: 'always' } }));

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    const reasons = records.flatMap((record) => (record.result?.result === 'ran' && record.result.operation.waitReason !== undefined ? [record.result.operation.waitReason] : []));
    expect(reasons[0]).toMatch(/^RDS snapshot quota reached \(SnapshotQuotaExceededFault: .*\): a region holds at most 100 manual snapshots and runs 5 copies at a time/);
    expect(runtime.simulation.calls.filter((call) => call.operation === 'copyClusterSnapshot').map((call) => call.result).at(-1)).toBe('ok');
  });
});
