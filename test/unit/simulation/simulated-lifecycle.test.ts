import { parseEvent } from '../../../src/events/parse-event';
import type { RestoreClusterInput } from '../../../src/ports/rds';
import { at, codeOf, MINUTE, simulation, START } from './simulation-fixtures';

const restoreInput: RestoreClusterInput = {
  clusterId: 'staging',
  snapshot: 'prod-nightly',
  engine: 'aurora-postgresql',
  deletionProtection: false,
  copyTagsToSnapshot: true,
  tags: { 'aurora-restore:managed': 'true' },
};

function withSnapshot(options: Parameters<typeof simulation>[0] = {}) {
  const world = simulation({ timings: { restoreMinutes: 20, restoreMinutesPerTb: 0, backingUpMinutes: 5, instanceCreateMinutes: 10, instanceDeleteMinutes: 7, clusterDeleteMinutes: 3, finalSnapshotMinutes: 6 }, ...options });
  world.aurora.addSnapshot({ id: 'prod-nightly', clusterId: 'prod', createdAt: new Date(START.getTime() - 3 * 3_600_000), sizeGb: 500, engineVersion: '16.4', masterUsername: 'admin' });
  return world;
}

describe('simulated cluster and instance lifecycles', () => {
  it('walks a restored cluster through creating, backing-up and available, and emits RDS-EVENT-0170 when it is available', async () => {
    // Prepare
    const { aurora, clock } = withSnapshot();

    // Act
    const restored = await aurora.restoreClusterFromSnapshot(restoreInput);
    const statuses: string[] = [];
    for (const minute of [19, 20, 24, 25]) {
      at(clock, minute);
      statuses.push((await aurora.describeCluster('staging'))?.status ?? 'gone');
    }
    const eventAt = aurora.nextEventAt();
    const events = aurora.takeEventsUntil(new Date(START.getTime() + 25 * MINUTE));

    // Assess
    expect(restored).toMatchObject({ id: 'staging', status: 'creating', members: [], masterUsername: 'admin', engineVersion: '16.4', port: 5432, deletionProtection: false });
    expect(statuses).toEqual(['creating', 'backing-up', 'backing-up', 'available']);
    expect(eventAt).toEqual(new Date(START.getTime() + 25 * MINUTE));
    expect(events).toHaveLength(1);
    expect(parseEvent(events[0])).toEqual({
      kind: 'rds',
      event: expect.objectContaining({ 'detail-type': 'RDS DB Cluster Event', detail: expect.objectContaining({ SourceIdentifier: 'staging', EventID: 'RDS-EVENT-0170' }) }),
    });
  });

  it('creates instances only in an available cluster, and emits RDS-EVENT-0005 when one is available', async () => {
    // Prepare
    const { aurora, clock } = withSnapshot();
    await aurora.restoreClusterFromSnapshot(restoreInput);
    const tooEarly = await codeOf(aurora.createInstance({ instanceId: 'staging-1', clusterId: 'staging', instanceClass: 'db.r6g.large', engine: 'aurora-postgresql', tags: {} }));
    at(clock, 25);
    aurora.takeEventsUntil(clock.now());

    // Act
    const created = await aurora.createInstance({ instanceId: 'staging-1', clusterId: 'staging', instanceClass: 'db.r6g.large', engine: 'aurora-postgresql', tags: {} });
    const member = (await aurora.describeCluster('staging'))?.members;
    at(clock, 35);
    const available = await aurora.describeInstance('staging-1');
    const events = aurora.takeEventsUntil(clock.now());

    // Assess
    expect(tooEarly).toBe('InvalidDBClusterStateFault');
    expect(created).toMatchObject({ id: 'staging-1', clusterId: 'staging', status: 'creating' });
    expect(member).toEqual([{ instanceId: 'staging-1', isWriter: true }]);
    expect(available?.status).toBe('available');
    expect(events.map((e) => [e.detail.EventID, e.detail.SourceIdentifier, e.time])).toEqual([['RDS-EVENT-0005', 'staging-1', '2026-11-25T00:35:00Z']]);
  });

  it.each([
    ['without Serverless v2 scaling', undefined, 'InvalidParameterCombination'],
    ['with Serverless v2 scaling', { minCapacity: 0.5, maxCapacity: 8 }, 'ok'],
  ])('adds a db.serverless instance to a cluster restored %s: %s', async (_case, serverlessV2Scaling, expected) => {
    // Prepare
    const { aurora, clock } = withSnapshot();
    await aurora.restoreClusterFromSnapshot({ ...restoreInput, ...(serverlessV2Scaling !== undefined ? { serverlessV2Scaling } : {}) });
    at(clock, 25);

    // Act
    const result = await aurora.createInstance({ instanceId: 'staging-1', clusterId: 'staging', instanceClass: 'db.serverless', engine: 'aurora-postgresql', tags: {} }).then(
      () => 'ok',
      (error: { code: string }) => error.code,
    );

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    ['the cluster id is taken', () => restoreInput, 'DBClusterAlreadyExistsFault'],
    ['the snapshot does not exist', () => ({ ...restoreInput, clusterId: 'other', snapshot: 'missing' }), 'DBClusterSnapshotNotFoundFault'],
    ['the engine version is lower than the snapshot\'s', () => ({ ...restoreInput, clusterId: 'other', engineVersion: '15.8' }), 'InvalidParameterCombination'],
  ])('refuses a restore when %s', async (_case, input, code) => {
    // Prepare
    const { aurora } = withSnapshot();
    aurora.addCluster({ id: 'staging' });

    // Act
    const error = await codeOf(aurora.restoreClusterFromSnapshot(input()));

    // Assess
    expect(error).toBe(code);
  });

  describe('deleting a cluster', () => {
    function withTarget(overrides: Parameters<ReturnType<typeof simulation>['aurora']['addCluster']>[0] = { id: 'staging' }) {
      const world = withSnapshot();
      world.aurora.addCluster({ instances: [{ id: 'staging-1' }, { id: 'staging-2' }], tags: { env: 'staging' }, ...overrides });
      return world;
    }

    it.each([
      ['it still has instances that are not deleting', {}, { clusterId: 'staging', finalSnapshot: { skip: true } }, 'InvalidDBClusterStateFault'],
      ['deletion protection is on', { deletionProtection: true, instances: [] }, { clusterId: 'staging', finalSnapshot: { skip: true } }, 'InvalidParameterCombination'],
      ['both SkipFinalSnapshot and a final snapshot name are given', { instances: [] }, { clusterId: 'staging', finalSnapshot: { skip: true, snapshotId: 'final-1' } }, 'InvalidParameterCombination'],
      ['neither is given', { instances: [] }, { clusterId: 'staging', finalSnapshot: { skip: false } }, 'InvalidParameterCombination'],
      ['it does not exist', {}, { clusterId: 'missing', finalSnapshot: { skip: true } }, 'DBClusterNotFoundFault'],
      ['it is still being created', { status: 'creating', instances: [] }, { clusterId: 'staging', finalSnapshot: { skip: true } }, 'InvalidDBClusterStateFault'],
    ])('raises AWS\'s error when %s', async (_case, cluster, input, code) => {
      // Prepare
      const { aurora } = withTarget({ id: 'staging', ...cluster });

      // Act
      const error = await codeOf(aurora.deleteCluster(input as never));

      // Assess
      expect(error).toBe(code);
      expect(aurora.peekCluster('staging')?.status ?? 'gone').not.toBe('deleting');
    });

    it('deletes instances, then the cluster once they are gone, with a final snapshot, emitting 0003 and 0171', async () => {
      // Prepare
      const { aurora, clock } = withTarget();

      // Act
      await aurora.deleteInstance('staging-1');
      await aurora.deleteInstance('staging-2');
      const twice = await codeOf(aurora.deleteInstance('staging-1'));
      await aurora.deleteCluster({ clusterId: 'staging', finalSnapshot: { skip: false, snapshotId: 'final-1' } });
      const duringDelete = aurora.peekCluster('staging');
      at(clock, 9);
      const afterInstances = aurora.peekCluster('staging');
      at(clock, 10);
      const gone = await aurora.describeCluster('staging');
      const events = aurora.takeEventsUntil(clock.now());
      const final = await aurora.describeClusterSnapshot('final-1');

      // Assess
      expect(twice).toBe('InvalidDBInstanceStateFault');
      expect(duringDelete).toMatchObject({ status: 'deleting', members: [{ instanceId: 'staging-1' }, { instanceId: 'staging-2' }] });
      expect(afterInstances).toMatchObject({ status: 'deleting', members: [] });
      expect(gone).toBeUndefined();
      expect(events.map((e) => [e.detail.EventID, e.detail.SourceIdentifier, e.time])).toEqual([
        ['RDS-EVENT-0003', 'staging-1', '2026-11-25T00:07:00Z'],
        ['RDS-EVENT-0003', 'staging-2', '2026-11-25T00:07:00Z'],
        ['RDS-EVENT-0171', 'staging', '2026-11-25T00:10:00Z'],
      ]);
      expect(final).toMatchObject({ status: 'available', type: 'manual', clusterId: 'staging', tags: { env: 'staging' } });
    });

    it('refuses a final snapshot name that is taken', async () => {
      // Prepare
      const { aurora } = withTarget({ id: 'staging', instances: [] });
      aurora.addSnapshot({ id: 'final-1', clusterId: 'staging', createdAt: START, sizeGb: 1 });

      // Act
      const error = await codeOf(aurora.deleteCluster({ clusterId: 'staging', finalSnapshot: { skip: false, snapshotId: 'final-1' } }));

      // Assess
      expect(error).toBe('DBClusterSnapshotAlreadyExistsFault');
    });
  });
});
