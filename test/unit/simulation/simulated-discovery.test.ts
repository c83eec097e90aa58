import { HOME_ACCOUNT, HOUR, OTHER_ACCOUNT, simulation, START } from './simulation-fixtures';

function seeded(seed = 42) {
  const world = simulation({ seed });
  const { aurora } = world;
  for (let hour = 1; hour <= 6; hour += 1) {
    aurora.addSnapshot({ id: `rds:prod-${hour}`, clusterId: 'prod', type: 'automated', createdAt: new Date(START.getTime() - hour * HOUR), sizeGb: 100 });
  }
  aurora.addSnapshot({ id: 'prod-manual', clusterId: 'prod', type: 'manual', createdAt: START, sizeGb: 100 });
  aurora.addSnapshot({ id: 'other-manual', clusterId: 'other', type: 'manual', createdAt: START, sizeGb: 100 });
  aurora.addSnapshot({ id: 'prod-shared', clusterId: 'prod', accountId: OTHER_ACCOUNT, createdAt: START, sizeGb: 100, sharedWithHome: true });
  aurora.addSnapshot({ id: 'prod-private', clusterId: 'prod', accountId: OTHER_ACCOUNT, createdAt: START, sizeGb: 100 });
  aurora.addSnapshot({ id: 'prod-elsewhere', clusterId: 'prod', region: 'us-east-1', createdAt: START, sizeGb: 100 });
  return world;
}

describe('simulated snapshot discovery', () => {
  it.each([
    [['automated'], undefined, ['rds:prod-1', 'rds:prod-2', 'rds:prod-3', 'rds:prod-4', 'rds:prod-5', 'rds:prod-6']],
    [['manual'], undefined, ['prod-manual']],
    [['shared'], undefined, ['prod-shared']],
    [['manual'], 'us-east-1', ['prod-elsewhere']],
  ])('lists %j snapshots of the cluster in region %s', async (types, region, ids) => {
    // Prepare
    const { aurora } = seeded();

    // Act
    const snapshots = await aurora.describeClusterSnapshots({ clusterId: 'prod', types: types as ('automated' | 'manual' | 'shared')[], ...(region !== undefined ? { region } : {}) });

    // Assess
    expect(snapshots.map((s) => s.id).sort()).toEqual([...ids].sort());
  });

  it('reports a snapshot shared by another account as shared, under that account\'s ARN', async () => {
    // Prepare
    const { aurora } = seeded();

    // Act
    const [shared] = await aurora.describeClusterSnapshots({ clusterId: 'prod', types: ['shared'] });

    // Assess
    expect(shared).toMatchObject({ type: 'shared', arn: `arn:aws:rds:eu-west-1:${OTHER_ACCOUNT}:cluster-snapshot:prod-shared` });
  });

  it('lists in no particular order, the same one for the same seed', async () => {
    // Prepare
    const byCreation = ['rds:prod-1', 'rds:prod-2', 'rds:prod-3', 'rds:prod-4', 'rds:prod-5', 'rds:prod-6'];

    // Act
    const orders: string[][] = [];
    for (const seed of [42, 42, 43]) orders.push((await seeded(seed).aurora.describeClusterSnapshots({ clusterId: 'prod', types: ['automated'] })).map((s) => s.id));

    // Assess
    expect(orders[0]).toEqual(orders[1]);
    expect(orders.some((order) => JSON.stringify(order) !== JSON.stringify(byCreation))).toBe(true);
  });

  it.each([
    ['an id of this region', 'prod-manual', undefined, 'prod-manual'],
    ['an id in another region', 'prod-elsewhere', 'us-east-1', 'prod-elsewhere'],
    ['the ARN of a snapshot shared with us', `arn:aws:rds:eu-west-1:${OTHER_ACCOUNT}:cluster-snapshot:prod-shared`, undefined, 'prod-shared'],
    ['the ARN of a snapshot not shared with us', `arn:aws:rds:eu-west-1:${OTHER_ACCOUNT}:cluster-snapshot:prod-private`, undefined, undefined],
    ['an id of another account', 'prod-shared', undefined, undefined],
  ])('describes one snapshot by %s', async (_case, reference, region, id) => {
    // Prepare
    const { aurora } = seeded();

    // Act
    const snapshot = await aurora.describeClusterSnapshot(reference, region);

    // Assess
    expect(snapshot?.id).toBe(id);
  });

  it('logs reads as calls that changed nothing', async () => {
    // Prepare
    const { aurora } = seeded();

    // Act
    await aurora.describeClusterSnapshots({ clusterId: 'prod', types: ['automated'] });
    await aurora.describeCluster('staging');

    // Assess
    expect(aurora.calls.map((call) => [call.operation, call.write, call.result])).toEqual([
      ['describeClusterSnapshots', false, 'ok'],
      ['describeCluster', false, 'ok'],
    ]);
    expect(aurora.writeCalls()).toEqual([]);
    await expect(aurora.home()).resolves.toEqual({ partition: 'aws', region: 'eu-west-1', accountId: HOME_ACCOUNT });
  });
});
