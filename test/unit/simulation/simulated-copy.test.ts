import { at, codeOf, HOME_ACCOUNT, HOUR, MINUTE, OTHER_ACCOUNT, simulation, START } from './simulation-fixtures';

const TB = 1024;

function seedSource(aurora: ReturnType<typeof simulation>['aurora'], overrides: Partial<Parameters<typeof aurora.addSnapshot>[0]> = {}) {
  return aurora.addSnapshot({ id: 'rds:prod-2026-11-24-03-00', clusterId: 'prod', type: 'automated', createdAt: new Date(START.getTime() - 21 * HOUR), sizeGb: 9 * TB, tags: { env: 'prod' }, ...overrides });
}

describe('simulated snapshot copy', () => {
  it('copies 9 TB in about 24 hours by default, reporting integer PercentProgress below 100 until available', async () => {
    // Prepare
    const { aurora, clock } = simulation();
    seedSource(aurora);
    const totalMinutes = 4 + 24 * 60;

    // Act
    await aurora.copyClusterSnapshot({ source: 'rds:prod-2026-11-24-03-00', targetId: 'copy-1', copyTags: false, tags: {} });
    const samples: { minute: number; status: string; percent: number | undefined }[] = [];
    for (const minute of [0, 360, 720, totalMinutes - 1, totalMinutes]) {
      at(clock, minute);
      const copy = await aurora.describeClusterSnapshot('copy-1');
      samples.push({ minute, status: copy?.status ?? 'gone', percent: copy?.percentProgress });
    }

    // Assess
    expect(samples).toEqual([
      { minute: 0, status: 'creating', percent: 0 },
      { minute: 360, status: 'creating', percent: 24 },
      { minute: 720, status: 'creating', percent: 49 },
      { minute: totalMinutes - 1, status: 'creating', percent: 99 },
      { minute: totalMinutes, status: 'available', percent: 100 },
    ]);
  });

  it('spreads copy durations around the configured throughput', async () => {
    // Prepare
    const { aurora, clock } = simulation({ timings: { spread: 0.15 } });
    seedSource(aurora);

    // Act
    await aurora.copyClusterSnapshot({ source: 'rds:prod-2026-11-24-03-00', targetId: 'copy-1', copyTags: false, tags: {} });
    let minutes = 0;
    while ((await aurora.describeClusterSnapshot('copy-1'))?.status !== 'available') {
      minutes += 1;
      at(clock, minutes);
    }

    // Assess
    expect(minutes).toBeGreaterThanOrEqual(Math.floor(0.85 * 1444));
    expect(minutes).toBeLessThanOrEqual(Math.ceil(1.15 * 1444));
  });

  it('copies at the configured rate', async () => {
    // Prepare
    const { aurora, clock } = simulation({ timings: { copyTbPerHour: 2, copyOverheadMinutes: 0 } });
    seedSource(aurora, { sizeGb: 1 * TB });

    // Act
    await aurora.copyClusterSnapshot({ source: 'rds:prod-2026-11-24-03-00', targetId: 'copy-1', copyTags: false, tags: {} });
    at(clock, 29);
    const before = await aurora.describeClusterSnapshot('copy-1');
    at(clock, 30);
    const after = await aurora.describeClusterSnapshot('copy-1');

    // Assess
    expect(before).toMatchObject({ status: 'creating', percentProgress: 96 });
    expect(after).toMatchObject({ status: 'available', percentProgress: 100 });
  });

  it('copies a snapshot shared from another account (status copying), keeping its creation time and merging tags', async () => {
    // Prepare
    const { aurora } = simulation();
    const shared = seedSource(aurora, { id: 'prod-nightly', type: 'manual', accountId: OTHER_ACCOUNT, encrypted: true, kmsKeyId: 'alias/prod', sharedWithHome: true });

    // Act
    const copy = await aurora.copyClusterSnapshot({ source: shared.arn, targetId: 'copy-1', kmsKeyId: 'alias/staging', copyTags: true, tags: { 'aurora-restore:operation-id': 'op-1' } });

    // Assess
    expect(copy).toMatchObject({
      id: 'copy-1',
      arn: `arn:aws:rds:eu-west-1:${HOME_ACCOUNT}:cluster-snapshot:copy-1`,
      status: 'copying',
      type: 'manual',
      createdAt: shared.createdAt,
      encrypted: true,
      kmsKeyId: 'alias/staging',
      tags: { env: 'prod', 'aurora-restore:operation-id': 'op-1' },
    });
  });

  it.each([
    ['failed', 'failed', 40],
    ['vanish', 'gone', undefined],
  ])('injects a copy that stops at 40 %% and ends %s', async (mode, status, percent) => {
    // Prepare
    const { aurora, clock } = simulation({ faults: { copyFails: { atPercent: 40, mode: mode as 'failed' | 'vanish' } } });
    seedSource(aurora);
    await aurora.copyClusterSnapshot({ source: 'rds:prod-2026-11-24-03-00', targetId: 'copy-1', copyTags: false, tags: {} });

    // Act
    at(clock, Math.ceil(0.4 * 1444));
    const copy = await aurora.describeClusterSnapshot('copy-1');
    clock.advanceBy(48 * HOUR);
    const later = await aurora.describeClusterSnapshot('copy-1');

    // Assess
    expect(copy?.status ?? 'gone').toBe(status);
    expect(copy?.percentProgress).toBe(percent);
    expect(later?.status ?? 'gone').toBe(status);
  });

  it.each([
    ['the target name is taken', (a: ReturnType<typeof simulation>['aurora']) => a.addSnapshot({ id: 'copy-1', clusterId: 'x', createdAt: START, sizeGb: 1 }), { source: 'rds:prod-2026-11-24-03-00' }, 'DBClusterSnapshotAlreadyExistsFault'],
    ['the source does not exist', () => undefined, { source: 'rds:prod-missing' }, 'DBClusterSnapshotNotFoundFault'],
    ['the source is not available', (a: ReturnType<typeof simulation>['aurora']) => a.addSnapshot({ id: 'creating-1', clusterId: 'prod', createdAt: START, sizeGb: 1, status: 'creating' }), { source: 'creating-1' }, 'InvalidDBClusterSnapshotStateFault'],
    ['the source belongs to another account and is not shared', (a: ReturnType<typeof simulation>['aurora']) => a.addSnapshot({ id: 'private', clusterId: 'prod', accountId: OTHER_ACCOUNT, createdAt: START, sizeGb: 1 }), { source: `arn:aws:rds:eu-west-1:${OTHER_ACCOUNT}:cluster-snapshot:private` }, 'DBClusterSnapshotNotFoundFault'],
    ['an encrypted shared source is copied without KmsKeyId', (a: ReturnType<typeof simulation>['aurora']) => a.addSnapshot({ id: 'enc', clusterId: 'prod', accountId: OTHER_ACCOUNT, createdAt: START, sizeGb: 1, encrypted: true, sharedWithHome: true }), { source: `arn:aws:rds:eu-west-1:${OTHER_ACCOUNT}:cluster-snapshot:enc` }, 'InvalidParameterCombination'],
    ['an encrypted cross-region source is copied without KmsKeyId', (a: ReturnType<typeof simulation>['aurora']) => a.addSnapshot({ id: 'enc', clusterId: 'prod', region: 'us-east-1', createdAt: START, sizeGb: 1, encrypted: true }), { source: `arn:aws:rds:us-east-1:${HOME_ACCOUNT}:cluster-snapshot:enc`, sourceRegion: 'us-east-1' }, 'InvalidParameterCombination'],
    ['the KMS key cannot be used', () => undefined, { source: 'rds:prod-2026-11-24-03-00', kmsKeyId: 'alias/revoked' }, 'KMSKeyNotAccessibleFault'],
  ])('raises AWS\'s error when %s', async (_case, prepare, input, code) => {
    // Prepare
    const { aurora } = simulation({ faults: { inaccessibleKmsKeys: ['alias/revoked'] } });
    seedSource(aurora);
    prepare(aurora);

    // Act
    const error = await codeOf(aurora.copyClusterSnapshot({ targetId: 'copy-1', copyTags: false, tags: {}, ...input }));

    // Assess
    expect(error).toBe(code);
  });

  it.each([
    ['five copies are already running', {}, 5],
    ['the manual snapshot quota is full', { manualSnapshots: 3 }, 3],
  ])('refuses another copy with SnapshotQuotaExceeded when %s', async (_case, quotas, copies) => {
    // Prepare
    const { aurora } = simulation({ quotas });
    seedSource(aurora);
    for (let i = 0; i < copies; i += 1) await aurora.copyClusterSnapshot({ source: 'rds:prod-2026-11-24-03-00', targetId: `copy-${i}`, copyTags: false, tags: {} });

    // Act
    const error = await codeOf(aurora.copyClusterSnapshot({ source: 'rds:prod-2026-11-24-03-00', targetId: 'one-more', copyTags: false, tags: {} }));

    // Assess
    expect(error).toBe('SnapshotQuotaExceededFault');
  });

  it('refuses copies while the quota is busy, then accepts them', async () => {
    // Prepare
    const { aurora, clock } = simulation({ faults: { snapshotQuotaBusyUntil: new Date(START.getTime() + 30 * MINUTE) } });
    seedSource(aurora);

    // Act
    const refused = await codeOf(aurora.copyClusterSnapshot({ source: 'rds:prod-2026-11-24-03-00', targetId: 'copy-1', copyTags: false, tags: {} }));
    at(clock, 30);
    const accepted = await aurora.copyClusterSnapshot({ source: 'rds:prod-2026-11-24-03-00', targetId: 'copy-1', copyTags: false, tags: {} });

    // Assess
    expect(refused).toBe('SnapshotQuotaExceededFault');
    expect(accepted.status).toBe('creating');
  });

  it('deletes its copy in progress, cancelling it', async () => {
    // Prepare
    const { aurora, clock } = simulation();
    seedSource(aurora);
    await aurora.copyClusterSnapshot({ source: 'rds:prod-2026-11-24-03-00', targetId: 'copy-1', copyTags: false, tags: {} });

    // Act
    await aurora.deleteClusterSnapshot('copy-1');
    const deleting = await aurora.describeClusterSnapshot('copy-1');
    at(clock, 1);
    const gone = await aurora.describeClusterSnapshot('copy-1');

    // Assess
    expect(deleting?.status).toBe('deleting');
    expect(gone).toBeUndefined();
  });

  it('refuses to delete an automated snapshot, as RDS does', async () => {
    // Prepare
    const { aurora } = simulation();
    seedSource(aurora);

    // Act
    const error = await codeOf(aurora.deleteClusterSnapshot('rds:prod-2026-11-24-03-00'));

    // Assess
    expect(error).toBe('InvalidDBClusterSnapshotStateFault');
  });
});
