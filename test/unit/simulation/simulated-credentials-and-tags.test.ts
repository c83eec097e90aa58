import { at, codeOf, HOME_ACCOUNT, simulation, START } from './simulation-fixtures';

const PASSWORD = 'N3w-Master-Pa55word';

function withCluster(options: Parameters<typeof simulation>[0] = {}) {
  const changed: string[] = [];
  const secrets: { arn: string; username: string; password: string }[] = [];
  const world = simulation({
    ...options,
    credentials: {
      passwordChanged: (clusterId, username, password) => {
        changed.push(`${clusterId}/${username}/${password}`);
      },
      managedSecretCreated: (_clusterId, arn, username, password) => {
        secrets.push({ arn, username, password });
      },
    },
  });
  world.aurora.addCluster({ id: 'staging', masterUsername: 'admin', instances: [{ id: 'staging-1' }] });
  return { ...world, changed, secrets };
}

describe('simulated master credentials', () => {
  it('resets the master password through resetting-master-credentials, keeping the password nowhere observable', async () => {
    // Prepare
    const { aurora, clock, changed } = withCluster();

    // Act
    await aurora.modifyCluster({ clusterId: 'staging', masterUserPassword: PASSWORD, applyImmediately: true });
    const resetting = await aurora.describeCluster('staging');
    at(clock, 2);
    const done = await aurora.describeCluster('staging');

    // Assess
    expect(resetting?.status).toBe('resetting-master-credentials');
    expect(done?.status).toBe('available');
    expect(changed).toEqual([`staging/admin/${PASSWORD}`]);
    expect(JSON.stringify([aurora.calls, resetting, done, aurora.peekCluster('staging')])).not.toContain(PASSWORD);
  });

  it.each([
    ['an invalid password', { masterUserPassword: 'has space 123' }, 'InvalidParameterValue'],
    ['a password and RDS management together', { masterUserPassword: PASSWORD, manageMasterUserPassword: true }, 'InvalidParameterCombination'],
  ])('refuses %s without repeating it', async (_case, input, code) => {
    // Prepare
    const { aurora } = withCluster();

    // Act
    const error = await aurora.modifyCluster({ clusterId: 'staging', applyImmediately: true, ...input }).catch((e: Error) => e);

    // Assess
    expect(error).toMatchObject({ code });
    expect((error as Error).message).not.toContain(input.masterUserPassword);
  });

  it('refuses a password change while the cluster is being deleted', async () => {
    // Prepare
    const { aurora } = withCluster();
    aurora.addCluster({ id: 'old', status: 'deleting' });

    // Act
    const error = await codeOf(aurora.modifyCluster({ clusterId: 'old', masterUserPassword: PASSWORD, applyImmediately: true }));

    // Assess
    expect(error).toBe('InvalidDBClusterStateFault');
  });

  it('lets RDS manage the master password in a secret that becomes active', async () => {
    // Prepare
    const { aurora, clock, secrets } = withCluster();

    // Act
    const before = await aurora.describeManagedMasterSecret('staging');
    await aurora.modifyCluster({ clusterId: 'staging', manageMasterUserPassword: true, applyImmediately: true });
    const creating = await aurora.describeManagedMasterSecret('staging');
    at(clock, 2);
    const active = await aurora.describeManagedMasterSecret('staging');

    // Assess
    expect(before).toBeUndefined();
    expect(creating?.status).toBe('creating');
    expect(active).toEqual({ secretArn: creating?.secretArn, status: 'active' });
    expect(active?.secretArn).toMatch(new RegExp(`^arn:aws:secretsmanager:eu-west-1:${HOME_ACCOUNT}:secret:rds!cluster-`));
    expect(secrets).toEqual([{ arn: active?.secretArn, username: 'admin', password: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) }]);
  });

  it('switches deletion protection at once, without leaving available', async () => {
    // Prepare
    const { aurora } = withCluster();

    // Act
    await aurora.modifyCluster({ clusterId: 'staging', deletionProtection: true, applyImmediately: true });
    const cluster = await aurora.describeCluster('staging');

    // Assess
    expect(cluster).toMatchObject({ status: 'available', deletionProtection: true });
  });
});

describe('simulated tags', () => {
  it('adds tags to a cluster, an instance and a snapshot by ARN', async () => {
    // Prepare
    const { aurora } = withCluster();
    const snapshot = aurora.addSnapshot({ id: 'copy-1', clusterId: 'prod', createdAt: START, sizeGb: 1 });
    const cluster = aurora.peekCluster('staging');
    const instance = aurora.peekInstance('staging-1');

    // Act
    for (const arn of [cluster?.arn, instance?.arn, snapshot.arn]) await aurora.addTags(arn as string, { 'aurora-restore:archived-at': '2026-11-25T04:00:00Z' });

    // Assess
    expect(aurora.peekCluster('staging')?.tags).toMatchObject({ 'aurora-restore:archived-at': '2026-11-25T04:00:00Z' });
    expect(aurora.peekInstance('staging-1')?.tags).toMatchObject({ 'aurora-restore:archived-at': '2026-11-25T04:00:00Z' });
    expect(aurora.peekSnapshot('copy-1')?.tags).toEqual({ 'aurora-restore:archived-at': '2026-11-25T04:00:00Z' });
  });

  it.each([
    [`arn:aws:rds:eu-west-1:${HOME_ACCOUNT}:cluster:missing`, 'DBClusterNotFoundFault'],
    [`arn:aws:rds:eu-west-1:${HOME_ACCOUNT}:db:missing`, 'DBInstanceNotFoundFault'],
    [`arn:aws:rds:eu-west-1:${HOME_ACCOUNT}:cluster-snapshot:missing`, 'DBClusterSnapshotNotFoundFault'],
  ])('refuses to tag %s with %s', async (arn, code) => {
    // Prepare
    const { aurora } = withCluster();

    // Act
    const error = await codeOf(aurora.addTags(arn, { a: 'b' }));

    // Assess
    expect(error).toBe(code);
  });
});
