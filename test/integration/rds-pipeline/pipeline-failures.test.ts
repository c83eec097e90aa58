import type { LocalRuntime } from '../../../src/local/local-runtime';
import { PROD_ACCOUNT, refresh, stagingRequest, startPipeline, writes } from './support/pipeline';
import { stopAfterEach } from '../../support/stop-after-each';

const TB = 1024;

describe('the RDS pipeline when something goes wrong', () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  const sharedRequest = stagingRequest({ source: { clusterId: 'prod', accountId: PROD_ACCOUNT, snapshotTypes: ['shared'] }, copy: { kmsKeyId: 'alias/staging' } });

  it('fails at check-copy-status when the copy fails, leaving the target untouched and telling people', async () => {
    // Prepare
    ({ runtime } = await startPipeline(
      { sourceClusterId: 'prod', sourceAccountId: PROD_ACCOUNT, sizeGb: 1 * TB, kmsKeyId: 'alias/prod', target: { clusterId: 'staging' } },
      { simulation: { faults: { copyFails: { atPercent: 60 } } } },
    ));

    // Act
    const { operation } = await refresh(runtime, sharedRequest);

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'check-copy-status', error: { name: 'StepFailedError', step: 'check-copy-status' } });
    expect(operation?.error?.message).toContain(`Snapshot copy aurora-restore-staging-${operation?.operationId} is failed at 60%. The target was not touched.`);
    expect(writes(runtime)).toEqual([`copyClusterSnapshot aurora-restore-staging-${operation?.operationId}`]);
    expect(runtime.simulation.peekCluster('staging')).toMatchObject({ status: 'available', members: [{ instanceId: 'staging-1', isWriter: true }] });
    expect(runtime.notifier.published).toHaveLength(1);
    expect(runtime.notifier.published[0]?.subject).toContain('FAILED');
    await expect(runtime.store.getLock('staging')).resolves.toBeUndefined();
  });

  it('fails at check-restore-status when the restored cluster ends incompatible-parameters', async () => {
    // Prepare
    ({ runtime } = await startPipeline(
      { sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging' } },
      { simulation: { faults: { restoreEndsIn: 'incompatible-parameters' } } },
    ));

    // Act
    const { operation } = await refresh(runtime, stagingRequest());

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'check-restore-status', error: { name: 'StepFailedError' } });
    expect(operation?.error?.message).toContain('Restored cluster staging is incompatible-parameters. A parameter group setting is incompatible');
    expect(runtime.simulation.peekCluster('staging')?.status).toBe('incompatible-parameters');
    expect(writes(runtime)).not.toContain('createInstance staging-1');
  });

  it('fails a copy that outlasts its deadline, naming the limit and how to raise it, before deleting anything', async () => {
    // Prepare
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sourceAccountId: PROD_ACCOUNT, sizeGb: 9 * TB, kmsKeyId: 'alias/prod', target: { clusterId: 'staging' } }));
    const request = { ...sharedRequest, waiting: { deadlineBaseHours: 6, deadlineHoursPerTb: 1 } };

    // Act
    const { operation } = await refresh(runtime, request);

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'check-copy-status', error: { name: 'WaitLimitExceededError' } });
    const message = operation?.error?.message ?? '';
    expect(message).toContain('(deadline 6 h + 1 h/TB × 9.00 TB)');
    expect(message).toContain('raise waiting.deadlineBaseHours or waiting.deadlineHoursPerTb in the request');
    const failedAt = Date.parse(operation?.finishedAt as string) - Date.parse(operation?.stepRuns['check-copy-status']?.startedAt as string);
    expect(failedAt).toBeLessThanOrEqual(15 * 3_600_000 + 60_000);
    expect(runtime.simulation.peekCluster('staging')?.status).toBe('available');
    expect(writes(runtime)).toHaveLength(1);
  });

  it('fails when the checks run out, naming waiting.maxChecks', async () => {
    // Prepare
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sourceAccountId: PROD_ACCOUNT, sizeGb: 4 * TB, target: { clusterId: 'staging' } }));
    const request = { ...sharedRequest, waiting: { strategy: 'fixed' as const, initialDelaySeconds: 600, maxChecks: 3 } };

    // Act
    const { operation } = await refresh(runtime, request);

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'check-copy-status', error: { name: 'WaitLimitExceededError' } });
    expect(operation?.error?.message).toContain('limit waiting.maxChecks = 3');
  });

  it('fails at snapshot-check when the newest snapshot is older than the age limit, touching nothing', async () => {
    // Prepare
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 300, snapshots: [{ ageHours: 80, type: 'automated' }], target: { clusterId: 'staging' } }));

    // Act
    const { operation } = await refresh(runtime, stagingRequest({ source: { clusterId: 'prod', maxAgeHours: 26 } }));

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'snapshot-check' });
    expect(operation?.error?.message).toContain('older than source.maxAgeHours = 26');
    expect(runtime.simulation.writeCalls()).toEqual([]);
  });
});
