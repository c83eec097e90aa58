import type { RestoreClusterToPointInTimeInput } from '../../../src/ports/rds';
import { RdsError } from '../../../src/ports/rds';
import { at, codeOf, HOUR, MINUTE, simulation, START } from './simulation-fixtures';

const TIMINGS = { cloneMinutes: 10, pointInTimeMinutes: 20, pointInTimeMinutesPerTb: 10, backingUpMinutes: 5, renameMinutes: 2, rebootMinutes: 3, backupRetentionDays: 1, latestRestorableLagMinutes: 5 };

function clone(targetId: string, overrides: Partial<RestoreClusterToPointInTimeInput> = {}): RestoreClusterToPointInTimeInput {
  return { sourceClusterId: 'prod', targetId, restoreType: 'copy-on-write', useLatestRestorableTime: true, deletionProtection: false, copyTagsToSnapshot: true, tags: { team: 'data' }, ...overrides };
}

/** A world with prod (4 TB, backed up for a day) and its writer. */
function withSource(options: Parameters<typeof simulation>[0] = {}) {
  const world = simulation({ ...options, timings: { ...TIMINGS, ...options.timings } });
  world.aurora.addCluster({ id: 'prod', sizeGb: 4096, engineVersion: '16.6', masterUsername: 'admin', instances: [{ id: 'prod-1' }] });
  return world;
}

async function statusAfter(aurora: ReturnType<typeof withSource>['aurora'], clock: ReturnType<typeof withSource>['clock'], minutes: number[], id: string): Promise<string[]> {
  const statuses: string[] = [];
  for (const minute of minutes) {
    at(clock, minute);
    statuses.push((await aurora.describeCluster(id))?.status ?? 'gone');
  }
  return statuses;
}

describe('simulated clones and point-in-time restores', () => {
  it('reports a source\'s restorable window: back over the retention period, up to a few minutes ago', async () => {
    // Prepare
    const { aurora } = withSource();

    // Act
    const source = await aurora.describeCluster('prod');

    // Assess
    expect(source).toMatchObject({ earliestRestorableTime: new Date(START.getTime() - 24 * HOUR), latestRestorableTime: new Date(START.getTime() - 5 * MINUTE) });
  });

  it('clones in minutes whatever the size, with the source\'s engine and master user, and emits RDS-EVENT-0170', async () => {
    // Prepare
    const { aurora, clock } = withSource();

    // Act
    const restored = await aurora.restoreClusterToPointInTime(clone('staging'));
    const statuses = await statusAfter(aurora, clock, [9, 10, 15], 'staging');
    const events = aurora.takeEventsUntil(clock.now());

    // Assess
    expect(restored).toMatchObject({ id: 'staging', status: 'creating', engineVersion: '16.6', masterUsername: 'admin', tags: { team: 'data' } });
    expect(statuses).toEqual(['creating', 'backing-up', 'available']);
    expect(events.map((event) => [event.detail.EventID, event.detail.SourceIdentifier])).toEqual([['RDS-EVENT-0170', 'staging']]);
  });

  it.each([
    ['1 TB', 1024, 30],
    ['4 TB', 4096, 60],
  ])('takes a full copy of a %s source time proportional to its size', async (_size, sizeGb, creatingMinutes) => {
    // Prepare
    const world = simulation({ timings: TIMINGS });
    world.aurora.addCluster({ id: 'prod', sizeGb });

    // Act
    await world.aurora.restoreClusterToPointInTime(clone('staging', { restoreType: 'full-copy', useLatestRestorableTime: true }));
    const statuses = await statusAfter(world.aurora, world.clock, [creatingMinutes - 1, creatingMinutes, creatingMinutes + 5], 'staging');

    // Assess
    expect(statuses).toEqual(['creating', 'backing-up', 'available']);
  });

  it.each([
    ['before the earliest restorable time', new Date(START.getTime() - 25 * HOUR)],
    ['after the latest restorable time', new Date(START.getTime() - 2 * MINUTE)],
  ])('refuses a restore time %s with InvalidRestoreFault naming the window', async (_case, restoreTime) => {
    // Prepare
    const { aurora } = withSource();

    // Act
    const refused = await aurora.restoreClusterToPointInTime(clone('staging', { restoreType: 'full-copy', useLatestRestorableTime: undefined, restoreTime })).catch((error: unknown) => error);

    // Assess
    expect(refused).toBeInstanceOf(RdsError);
    expect(refused).toMatchObject({ code: 'InvalidRestoreFault' });
    expect((refused as RdsError).message).toContain(`(${new Date(START.getTime() - 24 * HOUR).toISOString()} to ${new Date(START.getTime() - 5 * MINUTE).toISOString()})`);
    expect(aurora.peekCluster('staging')).toBeUndefined();
  });

  it.each<[string, Partial<RestoreClusterToPointInTimeInput>]>([
    ['both a restore time and the latest time', { restoreTime: new Date(START.getTime() - HOUR), useLatestRestorableTime: true }],
    ['neither a restore time nor the latest time', { useLatestRestorableTime: undefined }],
  ])('refuses %s with InvalidParameterCombination', async (_case, overrides) => {
    // Prepare
    const { aurora } = withSource();

    // Act
    const code = await codeOf(aurora.restoreClusterToPointInTime(clone('staging', overrides)));

    // Assess
    expect(code).toBe('InvalidParameterCombination');
  });

  it('allows as many copy-on-write clones of one volume as the quota, clones of clones included, then refuses them but not a full copy', async () => {
    // Prepare
    const { aurora, clock } = withSource({ quotas: { copyOnWriteClonesPerSource: 3 } });
    await aurora.restoreClusterToPointInTime(clone('clone-1'));
    await aurora.restoreClusterToPointInTime(clone('clone-2'));
    at(clock, 20);
    await aurora.restoreClusterToPointInTime(clone('clone-of-clone', { sourceClusterId: 'clone-1' }));

    // Act
    const refused = await aurora.restoreClusterToPointInTime(clone('clone-4')).catch((error: unknown) => error);
    const fullCopy = await aurora.restoreClusterToPointInTime(clone('copy-1', { restoreType: 'full-copy' }));

    // Assess
    expect(refused).toMatchObject({ code: 'InvalidRestoreFault', message: expect.stringContaining('already has 3 copy-on-write clones') });
    expect(fullCopy.status).toBe('creating');
  });

  it('counts a deleted clone no more', async () => {
    // Prepare
    const { aurora, clock } = withSource({ quotas: { copyOnWriteClonesPerSource: 1 } });
    await aurora.restoreClusterToPointInTime(clone('clone-1'));
    at(clock, 20);
    await aurora.deleteCluster({ clusterId: 'clone-1', finalSnapshot: { skip: true } });
    at(clock, 40);

    // Act
    const again = await aurora.restoreClusterToPointInTime(clone('clone-2'));

    // Assess
    expect(again.status).toBe('creating');
  });

  it('refuses a source that does not exist, and a target name that is taken', async () => {
    // Prepare
    const { aurora } = withSource();

    // Act
    const missing = await codeOf(aurora.restoreClusterToPointInTime(clone('staging', { sourceClusterId: 'nope' })));
    const taken = await codeOf(aurora.restoreClusterToPointInTime(clone('prod')));

    // Assess
    expect([missing, taken]).toEqual(['DBClusterNotFoundFault', 'DBClusterAlreadyExistsFault']);
  });
});

describe('simulated renames and reboots', () => {
  it('renames a cluster: renaming, then available under the new id; endpoints and ARN follow, instances keep their ids', async () => {
    // Prepare
    const { aurora, clock } = withSource();
    const before = await aurora.describeCluster('prod');

    // Act
    const renamed = await aurora.renameCluster('prod', 'prod-retired-ab12');
    const oldName = await aurora.describeCluster('prod');
    at(clock, 2);
    const after = await aurora.describeCluster('prod-retired-ab12');
    const instance = await aurora.describeInstance('prod-1');
    const events = aurora.takeEventsUntil(clock.now());

    // Assess
    expect(renamed).toMatchObject({ id: 'prod-retired-ab12', status: 'renaming', arn: 'arn:aws:rds:eu-west-1:111111111111:cluster:prod-retired-ab12' });
    expect(renamed.endpoint).toBe(before?.endpoint?.replace(/^prod\./, 'prod-retired-ab12.'));
    expect(renamed.readerEndpoint).toBe(before?.readerEndpoint?.replace(/^prod\./, 'prod-retired-ab12.'));
    expect(oldName).toBeUndefined();
    expect(after).toMatchObject({ status: 'available', members: [{ instanceId: 'prod-1', isWriter: true }] });
    expect(instance).toMatchObject({ id: 'prod-1', clusterId: 'prod-retired-ab12', status: 'available' });
    expect(events.map((event) => [event.detail.EventID, event.detail.SourceIdentifier])).toEqual([['RDS-EVENT-0172', 'prod-retired-ab12']]);
  });

  it('renames an instance, which its cluster then lists under the new id', async () => {
    // Prepare
    const { aurora, clock } = withSource();

    // Act
    const renamed = await aurora.renameInstance('prod-1', 'prod-writer');
    at(clock, 2);
    const cluster = await aurora.describeCluster('prod');

    // Assess
    expect(renamed).toMatchObject({ id: 'prod-writer', status: 'renaming', arn: 'arn:aws:rds:eu-west-1:111111111111:db:prod-writer' });
    expect(await aurora.describeInstance('prod-1')).toBeUndefined();
    expect((await aurora.describeInstance('prod-writer'))?.status).toBe('available');
    expect(cluster?.members).toEqual([{ instanceId: 'prod-writer', isWriter: true }]);
  });

  it.each<[string, (aurora: ReturnType<typeof withSource>['aurora']) => Promise<unknown>, string]>([
    ['a cluster to a name that is taken', async (aurora) => aurora.renameCluster('prod', 'staging'), 'DBClusterAlreadyExistsFault'],
    ['a cluster that is not available', async (aurora) => aurora.renameCluster('staging', 'staging-2'), 'InvalidDBClusterStateFault'],
    ['a cluster to an invalid identifier', async (aurora) => aurora.renameCluster('prod', 'prod--old'), 'InvalidParameterValue'],
    ['a cluster that does not exist', async (aurora) => aurora.renameCluster('nope', 'nope-2'), 'DBClusterNotFoundFault'],
    ['an instance to a name that is taken', async (aurora) => aurora.renameInstance('prod-1', 'prod-1'), 'DBInstanceAlreadyExistsFault'],
  ])('refuses to rename %s', async (_case, act, code) => {
    // Prepare
    const { aurora } = withSource();
    aurora.addCluster({ id: 'staging', status: 'creating' });

    // Act
    const refused = await codeOf(act(aurora) as Promise<unknown>);

    // Assess
    expect(refused).toBe(code);
  });

  it('reboots an available instance: rebooting, then available with RDS-EVENT-0006', async () => {
    // Prepare
    const { aurora, clock } = withSource();

    // Act
    const rebooting = await aurora.rebootInstance('prod-1');
    const again = await codeOf(aurora.rebootInstance('prod-1'));
    at(clock, 3);
    const after = await aurora.describeInstance('prod-1');
    const events = aurora.takeEventsUntil(clock.now());

    // Assess
    expect(rebooting.status).toBe('rebooting');
    expect(again).toBe('InvalidDBInstanceStateFault');
    expect(after?.status).toBe('available');
    expect(events.map((event) => [event.detail.EventID, event.detail.SourceIdentifier])).toEqual([['RDS-EVENT-0006', 'prod-1']]);
  });
});
