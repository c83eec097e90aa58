import { InvalidInputError } from '../../../src/errors';
import type { LocalRuntime } from '../../../src/local/local-runtime';
import type { RefreshRequestInput } from '../../../src/request/schema';
import type { RefreshScenario } from '../../../src/simulation/refresh-scenario';
import { lambdaContext } from '../../support/factories';
import { HOME_ACCOUNT, refresh, stagingRequest, startPipeline, writes } from './support/pipeline';
import { stopAfterEach } from '../../support/stop-after-each';

const TB = 1024;
const HOUR = 3_600_000;

/** prod exists in this account and region (9 TB, a day of backups), staging is the managed target. */
const SCENARIO: RefreshScenario = { sourceClusterId: 'prod', sourceClusterExists: true, sizeGb: 9 * TB, engineVersion: '16.6', target: { clusterId: 'staging' } };

function sourceRequest(source: RefreshRequestInput['source'], overrides: Partial<RefreshRequestInput> = {}): RefreshRequestInput {
  return stagingRequest({ source, ...overrides });
}

/** What RDS was asked to restore from, by point in time. */
function spyOnPointInTimeRestores(runtime: LocalRuntime): jest.SpyInstance {
  return jest.spyOn(runtime.simulation, 'restoreClusterToPointInTime');
}

const AFTER_DELETE = ['deleteInstance staging-1', 'deleteCluster staging'];
const BUILD = ['restoreClusterToPointInTime staging', 'createInstance staging-1', 'createInstance staging-2'];

describe('the RDS pipeline with clone and point-in-time sources', () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  it('refreshes from a copy-on-write clone of the source: no snapshot discovery, no copy, the source\'s engine version', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO));
    const restores = spyOnPointInTimeRestores(runtime);

    // Act
    const { operation } = await refresh(runtime, sourceRequest({ type: 'clone', clusterId: 'prod' }));

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    const operationId = operation?.operationId as string;
    expect(operation?.facts).toMatchObject({
      sourceClusterArn: `arn:aws:rds:us-east-1:${HOME_ACCOUNT}:cluster:prod`,
      sourceEarliestRestorableTime: expect.any(String),
      sourceLatestRestorableTime: expect.any(String),
      restoreType: 'copy-on-write',
      copyNeeded: false,
      engineVersion: '16.6',
      targetExisted: true,
      createdInstanceIds: ['staging-1', 'staging-2'],
    });
    expect(operation?.facts.sourceSnapshotId).toBeUndefined();
    expect(operation?.stepRuns['copy-snapshot']).toBeUndefined();
    expect(writes(runtime)).toEqual([...AFTER_DELETE, ...BUILD]);
    expect(runtime.simulation.calls.filter((call) => call.operation.startsWith('describeClusterSnapshot'))).toEqual([]);
    expect(restores).toHaveBeenCalledWith(expect.objectContaining({ sourceClusterId: 'prod', targetId: 'staging', restoreType: 'copy-on-write', useLatestRestorableTime: true }));
    expect(restores.mock.calls[0]?.[0]).not.toHaveProperty('restoreTime');
    expect(runtime.simulation.peekCluster('staging')).toMatchObject({
      status: 'available',
      engineVersion: '16.6',
      tags: { team: 'data', 'aurora-restore:managed': 'true', 'aurora-restore:operation-id': operationId, 'aurora-restore:target': 'staging' },
    });
    expect(runtime.simulation.peekCluster('prod')?.status).toBe('available');
    await expect(runtime.store.getLock('staging')).resolves.toBeUndefined();
  });

  it.each<[string, { restoreType?: 'copy-on-write' | 'full-copy'; hoursAgo?: number }, string]>([
    ['a given time, as a full copy (the default)', { hoursAgo: 3 }, 'full-copy'],
    ['the latest restorable time, copy-on-write', { restoreType: 'copy-on-write' }, 'copy-on-write'],
  ])('refreshes from a point-in-time restore at %s', async (_case, spec, restoreType) => {
    // Prepare: prod has a day of backups.
    ({ runtime } = await startPipeline(SCENARIO));
    const restores = spyOnPointInTimeRestores(runtime);
    const restoreTime = spec.hoursAgo !== undefined ? new Date(runtime.clock.now().getTime() - spec.hoursAgo * HOUR) : undefined;
    const source: RefreshRequestInput['source'] = {
      type: 'point-in-time',
      clusterId: 'prod',
      ...(spec.restoreType !== undefined ? { restoreType: spec.restoreType } : {}),
      ...(restoreTime !== undefined ? { restoreTime: restoreTime.toISOString() } : {}),
    };
    const expected = { restoreType, ...(restoreTime !== undefined ? { restoreTime } : {}) };

    // Act
    const { operation } = await refresh(runtime, sourceRequest(source));

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    expect(operation?.facts).toMatchObject({ restoreType: expected.restoreType, copyNeeded: false, sourceClusterArn: expect.stringContaining(':cluster:prod') });
    expect(writes(runtime)).toEqual([...AFTER_DELETE, ...BUILD]);
    const input = restores.mock.calls[0]?.[0];
    expect(input).toMatchObject({ sourceClusterId: 'prod', targetId: 'staging', restoreType: expected.restoreType });
    if (expected.restoreTime !== undefined) expect(input).toMatchObject({ restoreTime: expected.restoreTime });
    else expect(input).toMatchObject({ useLatestRestorableTime: true });
    expect(runtime.simulation.peekCluster('staging')?.status).toBe('available');
  });

  it.each([
    ['before the window (older backups have expired)', -30, 'before the earliest restorable time'],
    ['after the window (in the future)', 2, 'after the latest restorable time'],
  ])('fails at snapshot-check, before anything is deleted, for a restore time %s, naming the window', async (_case, hoursFromNow, side) => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO));
    const restoreTime = new Date(runtime.clock.now().getTime() + hoursFromNow * HOUR).toISOString();
    const before = runtime.simulation.peekCluster('staging');
    const window = await runtime.simulation.describeCluster('prod');

    // Act
    const { operation } = await refresh(runtime, sourceRequest({ type: 'point-in-time', clusterId: 'prod', restoreTime }));

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'snapshot-check', error: { name: 'StepFailedError', step: 'snapshot-check' } });
    expect(operation?.error?.message).toContain(
      `source.restoreTime ${new Date(restoreTime).toISOString()} is outside the restorable window of cluster prod, ${window?.earliestRestorableTime?.toISOString()} to ${window?.latestRestorableTime?.toISOString()}: it is ${side}`,
    );
    expect(runtime.simulation.writeCalls()).toEqual([]);
    expect(runtime.simulation.peekCluster('staging')).toEqual(before);
    expect(runtime.simulation.peekInstance('staging-1')?.status).toBe('available');
    expect(runtime.notifier.published.map((notification) => notification.subject)).toEqual(['[aurora-restore] FAILED: staging at snapshot-check']);
    await expect(runtime.store.getLock('staging')).resolves.toBeUndefined();
  });

  it('fails at restore-snapshot when the source has as many copy-on-write clones as Aurora allows, saying which limit and what to do', async () => {
    // Prepare: this source volume takes two clones, and both exist already.
    ({ runtime } = await startPipeline(SCENARIO, { simulation: { quotas: { copyOnWriteClonesPerSource: 2 } } }));
    for (const id of ['prod-clone-a', 'prod-clone-b']) {
      await runtime.simulation.restoreClusterToPointInTime({ sourceClusterId: 'prod', targetId: id, restoreType: 'copy-on-write', useLatestRestorableTime: true, deletionProtection: false, copyTagsToSnapshot: true, tags: {} });
    }

    // Act
    const { operation } = await refresh(runtime, sourceRequest({ type: 'clone', clusterId: 'prod' }));

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'restore-snapshot', error: { name: 'StepFailedError' } });
    for (const fragment of [
      'Restoring cluster staging from cluster prod (a clone) failed: InvalidRestoreFault: DB cluster prod already has 2 copy-on-write clones',
      'RDS refused another copy-on-write clone of prod (Aurora versions that limit the clones sharing one source volume count clones of clones too): delete clones of it that are no longer needed',
      'or set source.type "point-in-time" with restoreType "full-copy"',
    ]) {
      expect(operation?.error?.message).toContain(fragment);
    }
    expect(runtime.simulation.peekCluster('staging')).toBeUndefined();
    expect(runtime.simulation.calls.filter((call) => call.operation === 'restoreClusterToPointInTime').map((call) => `${call.resource} ${call.result}`)).toEqual([
      'prod-clone-a ok',
      'prod-clone-b ok',
      'staging InvalidRestoreFault',
    ]);
  });

  it.each<[string, RefreshRequestInput['source'], string]>([
    ['a clone across regions', { type: 'clone', clusterId: 'prod', region: 'eu-west-1' }, 'request.source.region: a clone is made only in the source cluster\'s own region — RDS neither clones nor restores to a point in time across regions'],
    ['a clone from another account', { type: 'clone', clusterId: 'prod', accountId: '222222222222' }, 'request.source.accountId: a clone is made only in the source cluster\'s own account'],
    ['a point-in-time restore across regions', { type: 'point-in-time', clusterId: 'prod', region: 'eu-west-1' }, 'request.source.region: a point-in-time restore is made only in the source cluster\'s own region'],
  ])('refuses %s at the edge, with the reason, before anything is written or called', async (_case, source, issue) => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO));

    // Act
    const thrown = await runtime.handler({ step: 'start', request: sourceRequest(source) }, lambdaContext()).then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assess
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as InvalidInputError).issues).toEqual([expect.stringContaining(issue)]);
    expect(runtime.simulation.calls).toEqual([]);
    await expect(runtime.store.getLock('staging')).resolves.toBeUndefined();
    await expect(runtime.store.listByTarget('staging', 10)).resolves.toEqual([]);
  });

  it('plans a clone in a dry run, read-only', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO));
    const before = runtime.simulation.peekCluster('staging');

    // Act
    const { operation } = await refresh(runtime, sourceRequest({ type: 'clone', clusterId: 'prod' }, { dryRun: true }));

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    expect(runtime.simulation.writeCalls()).toEqual([]);
    expect(runtime.simulation.peekCluster('staging')).toEqual(before);
    expect(operation?.facts.plan).toEqual([
      expect.stringMatching(/^preflight: every check passed; target staging \(cluster-\d+\) may be replaced$/),
      expect.stringMatching(/^snapshot-check: would make a clone of cluster arn:aws:rds:us-east-1:111111111111:cluster:prod as of its latest restorable time \(restorable window .* to .*\), without a snapshot or a copy$/),
      'delete-rds: would delete instances staging-1',
      'delete-rds: would delete cluster staging (arn:aws:rds:us-east-1:111111111111:cluster:staging) without a final snapshot',
      'restore-snapshot: would clone (copy-on-write) cluster prod as of its latest restorable time as staging (port 5432, backups kept 1 day, deletion protection off)',
      'restore-snapshot: would carry over from the existing target: port 5432',
      'restore-snapshot: would carry over from the existing target: backupRetentionDays 1',
      'restore-snapshot: would carry over from the existing target: deletionProtection false',
      'restore-snapshot: would carry over from the existing target: copyTagsToSnapshot true',
      'restore-snapshot: would not carry over engineVersion "16.4": a clone restore keeps the source\'s version (16.6)',
      'restore-snapshot: differs from the existing target: engineVersion changes from "16.4" to "16.6"',
      'restore-snapshot: differs from the existing target: instance staging-2 is new (the old target had no instance of that id)',
      'restore-snapshot: would create instance staging-1 (db.r6g.large) once the cluster is available',
      'restore-snapshot: would create instance staging-2 (db.r6g.large) once the cluster is available',
    ]);
  });
});
