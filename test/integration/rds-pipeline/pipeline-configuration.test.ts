import { DEFAULT_MANAGED_TAG } from '../../../src/constants';
import type { LocalRuntime } from '../../../src/local/local-runtime';
import { stopAfterEach } from '../../support/stop-after-each';
import { refresh, stagingRequest, startPipeline, SWAP_PIPELINE_STEPS, writes } from './support/pipeline';

const SETTINGS = { subnetGroup: 'staging-subnets', securityGroupIds: ['sg-0123456789abcdef0'], clusterParameterGroup: 'staging-pg16', iamDatabaseAuthentication: true };

/** Deletes what a failed refresh left under `clusterId` (a person clearing up before the next refresh), and waits until it is gone. */
async function deleteLeftover(runtime: LocalRuntime, clusterId: string): Promise<void> {
  const left = runtime.simulation.peekCluster(clusterId);
  if (left === undefined) return;
  for (const member of left.members) await runtime.simulation.deleteInstance(member.instanceId).catch(() => undefined);
  runtime.clock.advanceBy(60 * 60_000);
  await runtime.simulation.deleteCluster({ clusterId, finalSnapshot: { skip: true } });
  runtime.clock.advanceBy(60 * 60_000);
}

describe("the target's configuration carried over", () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  it('brings the cluster back with the settings it had wherever the request is silent, and the request wins elsewhere', async () => {
    // Prepare: a target with non-default settings; the request names none of them.
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }));
    runtime.simulation.addCluster({
      id: 'staging',
      tags: { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value },
      settings: SETTINGS,
      instances: [{ id: 'staging-1', parameterGroup: 'staging-instance-pg', promotionTier: 1 }, { id: 'staging-2', promotionTier: 5 }],
    });

    // Act
    const { operation } = await refresh(runtime, stagingRequest());

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    expect(operation?.facts.targetConfiguration).toMatchObject({ ...SETTINGS, instances: expect.arrayContaining([expect.objectContaining({ id: 'staging-1', parameterGroup: 'staging-instance-pg' })]) });
    const restored = runtime.simulation.peekCluster('staging');
    expect(restored).toMatchObject(SETTINGS);
    expect(restored?.resourceId).not.toBe(operation?.facts.targetResourceId);
    expect(runtime.simulation.peekInstance('staging-1')).toMatchObject({ parameterGroup: 'staging-instance-pg', promotionTier: 1 });
    // The request gives staging-2 promotion tier 2: it wins over the old 5.
    expect(runtime.simulation.peekInstance('staging-2')).toMatchObject({ promotionTier: 2 });
  });

  it('brings back the whole configuration: version, storage, logs, backups, windows, protection, tags, Performance Insights and CA; reboots once what a parameter group left pending', async () => {
    // Prepare: an old target with every carried setting away from RDS's defaults, on a newer minor
    // version than the snapshot (16.4), and a request that names none of them.
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }));
    const insights = { enabled: true, kmsKeyId: 'alias/performance-insights', retentionDays: 31 };
    runtime.simulation.addCluster({
      id: 'staging',
      engineVersion: '16.6',
      deletionProtection: true,
      copyTagsToSnapshot: false,
      backupRetentionDays: 14,
      tags: { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value, team: 'orders', 'cost-centre': '42' },
      settings: { ...SETTINGS, storageType: 'aurora-iopt1', cloudwatchLogsExports: ['postgresql', 'instance'], preferredBackupWindow: '02:00-02:30', preferredMaintenanceWindow: 'sun:05:00-sun:05:30' },
      instances: [
        { id: 'staging-1', performanceInsights: insights, caCertificate: 'rds-ca-rsa4096-g1' },
        { id: 'staging-2', caCertificate: 'rds-ca-ecc384-g1' },
      ],
    });
    const { tags: _tags, ...target } = stagingRequest().target as Record<string, unknown>;

    // Act
    const { operation } = await refresh(runtime, stagingRequest({ target: target as never, safety: { allowDisableDeletionProtection: true } }));

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    const restored = runtime.simulation.peekCluster('staging');
    expect(restored).toMatchObject({
      ...SETTINGS,
      engineVersion: '16.6',
      storageType: 'aurora-iopt1',
      cloudwatchLogsExports: ['postgresql', 'instance'],
      backupRetentionDays: 14,
      preferredBackupWindow: '02:00-02:30',
      preferredMaintenanceWindow: 'sun:05:00-sun:05:30',
      deletionProtection: true,
      copyTagsToSnapshot: false,
    });
    expect(restored?.tags).toMatchObject({ team: 'orders', 'cost-centre': '42', [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value });
    expect(runtime.simulation.peekInstance('staging-1')).toMatchObject({ performanceInsights: insights, caCertificate: 'rds-ca-rsa4096-g1' });
    expect(runtime.simulation.peekInstance('staging-2')).toMatchObject({ caCertificate: 'rds-ca-ecc384-g1' });
    // The custom cluster parameter group left both instances pending a reboot: each rebooted once.
    expect(writes(runtime).filter((call) => call.startsWith('rebootInstance'))).toEqual(['rebootInstance staging-1', 'rebootInstance staging-2']);
    expect(runtime.simulation.peekInstance('staging-1')?.pendingReboot).toBeUndefined();
    expect(operation?.facts.rebootedInstanceIds).toEqual(['staging-1', 'staging-2']);
  });

  it('reboots nothing when no parameter group waits for a reboot', async () => {
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }));
    runtime.simulation.addCluster({ id: 'staging', tags: { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value }, instances: [{ id: 'staging-1' }] });
    const { operation } = await refresh(runtime, stagingRequest());
    expect(operation?.status).toBe('SUCCEEDED');
    expect(writes(runtime).filter((call) => call.startsWith('rebootInstance') || call.startsWith('modifyCluster'))).toEqual([]);
  });

  it.each(['replace', 'swap'] as const)("rebuilds the old target's instances — ids, classes and count — when the request names none (%s)", async (strategy) => {
    // Prepare: three instances of two classes; the request names the target only.
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }, { steps: SWAP_PIPELINE_STEPS }));
    runtime.simulation.addCluster({
      id: 'staging',
      tags: { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value },
      instances: [
        { id: 'staging-writer', instanceClass: 'db.r6g.2xlarge', promotionTier: 0 },
        { id: 'staging-reader-a', instanceClass: 'db.r6g.large', promotionTier: 1 },
        { id: 'staging-reader-b', instanceClass: 'db.r6g.large', promotionTier: 2 },
      ],
    });
    const { instances: _instances, ...target } = stagingRequest().target as Record<string, unknown>;

    // Act
    const { operation } = await refresh(runtime, stagingRequest({ strategy, target: target as never }));

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    if (strategy === 'swap') expect(operation?.facts.swappedAt).toBeDefined();
    const restored = runtime.simulation.peekCluster('staging');
    expect(restored?.resourceId).not.toBe(operation?.facts.targetResourceId);
    expect(restored?.members.map((member) => member.instanceId).sort()).toEqual(['staging-reader-a', 'staging-reader-b', 'staging-writer']);
    expect(runtime.simulation.peekInstance('staging-writer')).toMatchObject({ instanceClass: 'db.r6g.2xlarge', promotionTier: 0 });
    expect(runtime.simulation.peekInstance('staging-reader-b')).toMatchObject({ instanceClass: 'db.r6g.large', promotionTier: 2 });
  });

  it('refuses at preflight a request that names no instances for a target that does not exist', async () => {
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }));
    const { instances: _instances, ...target } = stagingRequest().target as Record<string, unknown>;
    const { operation } = await refresh(runtime, stagingRequest({ target: target as never }));
    expect(operation).toMatchObject({ status: 'FAILED', step: 'preflight' });
    expect(operation?.error?.message).toContain('target.instances: cluster staging does not exist and no earlier refresh recorded it, so there are no instances to rebuild; list the instances to create');
    expect(writes(runtime)).toEqual([]);
  });

  it("refuses at preflight a backup window the old target's maintenance window overlaps: nothing copied or deleted", async () => {
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }));
    runtime.simulation.addCluster({ id: 'staging', tags: { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value }, settings: { preferredMaintenanceWindow: 'sun:05:00-sun:05:30' }, instances: [{ id: 'staging-1' }] });
    const request = stagingRequest();
    const { operation } = await refresh(runtime, { ...request, target: { ...request.target, preferredBackupWindow: '05:00-05:30' } });
    expect(operation).toMatchObject({ status: 'FAILED', step: 'preflight' });
    expect(operation?.error?.message).toContain('target.preferredBackupWindow: the backup window 05:00-05:30 overlaps the maintenance window (carried over from the existing target) sun:05:00-sun:05:30');
    expect(writes(runtime)).toEqual([]);
  });

  it('checks the instance classes it would rebuild before anything is deleted', async () => {
    // Prepare: the old target's class cannot be ordered here any more; the request names no instances.
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }, { simulation: { absentResources: { 'instance-class': ['db.r4.large'] } } }));
    runtime.simulation.addCluster({ id: 'staging', tags: { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value }, instances: [{ id: 'staging-1', instanceClass: 'db.r4.large' }] });
    const { instances: _instances, ...target } = stagingRequest().target as Record<string, unknown>;

    // Act
    const { operation } = await refresh(runtime, stagingRequest({ target: target as never }));

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'preflight' });
    expect(operation?.error?.message).toMatch(/target\.instances\[\]\.instanceClass: .*db\.r4\.large/);
    expect(writes(runtime)).toEqual([]);
  });

  it('brings the target back as an earlier refresh recorded it when the target is gone (a refresh that failed after the delete)', async () => {
    // Prepare: a refresh of a target with non-default settings fails after the delete.
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }));
    runtime.simulation.addCluster({
      id: 'staging',
      backupRetentionDays: 14,
      tags: { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value, team: 'orders' },
      settings: { ...SETTINGS, storageType: 'aurora-iopt1' },
      instances: [{ id: 'staging-writer', instanceClass: 'db.r6g.2xlarge', promotionTier: 0 }],
    });
    const { instances: _instances, tags: _tags, ...target } = stagingRequest().target as Record<string, unknown>;
    runtime.simulation.setFaults({ restoreEndsIn: 'incompatible-parameters' });
    const failed = await refresh(runtime, stagingRequest({ target: target as never }));
    expect(failed.operation).toMatchObject({ status: 'FAILED', step: 'check-restore-status' });
    runtime.simulation.setFaults({ restoreEndsIn: undefined });
    await deleteLeftover(runtime, 'staging');

    // Act: the next refresh names no instances and no settings.
    const { operation } = await refresh(runtime, stagingRequest({ target: target as never }));

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    expect(operation?.facts.targetConfigurationFrom?.operationId).toBe(failed.operation?.operationId);
    expect(runtime.simulation.peekCluster('staging')).toMatchObject({ ...SETTINGS, storageType: 'aurora-iopt1', backupRetentionDays: 14, tags: expect.objectContaining({ team: 'orders' }) });
    expect(runtime.simulation.peekInstance('staging-writer')).toMatchObject({ instanceClass: 'db.r6g.2xlarge', promotionTier: 0 });
  });

  it('shows in a dry run what it would carry over', async () => {
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }));
    runtime.simulation.addCluster({ id: 'staging', tags: { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value }, settings: SETTINGS, instances: [{ id: 'staging-1', parameterGroup: 'staging-instance-pg' }] });
    const { operation } = await refresh(runtime, stagingRequest({ dryRun: true }));
    expect(operation?.facts.plan).toEqual(
      expect.arrayContaining([
        'restore-snapshot: would carry over from the existing target: subnetGroup "staging-subnets"',
        'restore-snapshot: would carry over from the existing target: instance staging-1 parameterGroup "staging-instance-pg"',
      ]),
    );
  });
});
