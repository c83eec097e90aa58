import { buildSuccessNotification } from '../../../src/notifications/success-notification';
import { request } from '../../support/factories';
import { finishedOperation } from './operation-fixture';

const FINISHED = new Date('2026-11-26T05:04:30.000Z');
const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:aurora-restore';

describe('the success notification', () => {
  it('has a short subject with target and outcome, and filterable attributes', () => {
    // Act
    const notification = buildSuccessNotification(finishedOperation(), FINISHED, TOPIC);

    // Assess
    expect(notification.topicArn).toBe(TOPIC);
    expect(notification.subject).toBe('[aurora-restore] SUCCEEDED: staging-orders');
    expect(notification.attributes).toEqual({ status: 'SUCCEEDED', target: 'staging-orders', dryRun: 'false', operationId: '20261125-030000-a1b2c3' });
  });

  it('has a body that parses as JSON with the operation, snapshot, endpoint, per-step durations, checks and total duration', () => {
    // Act
    const body = JSON.parse(buildSuccessNotification(finishedOperation(), FINISHED, TOPIC).body);

    // Assess
    expect(body).toMatchObject({
      summary: expect.stringMatching(/^Refresh of staging-orders succeeded in 26 h 04 min: restored from aurora-restore-staging-orders-20261125 \(a copy\); writer endpoint staging-orders\.cluster-abc\.eu-west-1\.rds\.amazonaws\.com:5432\.$/),
      status: 'SUCCEEDED',
      dryRun: false,
      operationId: '20261125-030000-a1b2c3',
      target: 'staging-orders',
      endpoint: { writer: 'staging-orders.cluster-abc.eu-west-1.rds.amazonaws.com', reader: 'staging-orders.cluster-ro-abc.eu-west-1.rds.amazonaws.com', port: 5432 },
      snapshot: {
        source: 'arn:aws:rds:eu-west-1:222222222222:cluster-snapshot:rds:prod-orders-2026-11-25-02-00',
        createdAt: '2026-11-25T02:00:00.000Z',
        sizeGb: 9216,
        copied: true,
        copySnapshotId: 'aurora-restore-staging-orders-20261125',
      },
      database: { masterPassword: 'set from secret staging/master', rolesConfigured: ['app_reader'], rolesDropped: ['prod_app'], sqlScriptsRun: ['sql/mask.sql'], warnings: [] },
      archive: { mode: 'delete', deleted: ['aurora-restore-staging-orders-20261125'], kept: [] },
      statusChecks: 37,
      startedAt: '2026-11-25T03:00:00.000Z',
      finishedAt: '2026-11-26T05:04:30.000Z',
      durationSeconds: 93_870,
      duration: '26 h 04 min',
      requestedBy: 'nightly',
    });
    expect(body.steps).toEqual([
      { step: 'snapshot-check', startedAt: '2026-11-25T03:00:00.000Z', endedAt: '2026-11-25T03:00:01.000Z', durationSeconds: 1, duration: '1 s', attempts: 1, checks: 0 },
      { step: 'copy-snapshot', startedAt: '2026-11-25T03:00:02.000Z', endedAt: '2026-11-25T03:00:05.000Z', durationSeconds: 3, duration: '3 s', attempts: 1, checks: 0 },
      { step: 'check-copy-status', startedAt: '2026-11-25T03:00:05.000Z', endedAt: '2026-11-26T03:30:05.000Z', durationSeconds: 88_200, duration: '24 h 30 min', attempts: 1, checks: 30 },
      { step: 'sns-notification', startedAt: '2026-11-26T05:04:00.000Z', endedAt: '2026-11-26T05:04:30.000Z', durationSeconds: 30, duration: '30 s', attempts: 1, checks: 0 },
    ]);
  });

  it('says when no copy was made and when the master password was left as the snapshot had it', () => {
    // Prepare
    const operation = finishedOperation({ request: request({}), facts: { sourceSnapshotId: 'rds:prod-orders-2026-11-25-02-00', restoreSnapshotId: 'rds:prod-orders-2026-11-25-02-00' } });

    // Act
    const body = JSON.parse(buildSuccessNotification(operation, FINISHED, TOPIC).body);

    // Assess
    expect(body.snapshot).toEqual({ source: 'rds:prod-orders-2026-11-25-02-00', copied: false, restoredFrom: 'rds:prod-orders-2026-11-25-02-00' });
    expect(body.database.masterPassword).toBe("unchanged: the snapshot's (source cluster's) master password");
  });

  it('for a dry run, sends the plan under a DRY RUN subject and status', () => {
    // Prepare
    const operation = finishedOperation({ request: request({ dryRun: true }), facts: { plan: ['delete-rds: delete cluster staging-orders', 'restore-snapshot: restore …'] } });

    // Act
    const notification = buildSuccessNotification(operation, FINISHED, TOPIC);

    // Assess
    expect(notification.subject).toBe('[aurora-restore] DRY RUN: staging-orders (nothing changed)');
    expect(notification.attributes).toMatchObject({ status: 'DRY_RUN', dryRun: 'true' });
    expect(JSON.parse(notification.body)).toMatchObject({ dryRun: true, plan: ['delete-rds: delete cluster staging-orders', 'restore-snapshot: restore …'], summary: 'Dry run for staging-orders: nothing was changed. 2 planned actions below.' });
  });

  it('uses the request topic over the deployment default, and keeps subjects within 100 ASCII characters', () => {
    // Prepare
    const topic = 'arn:aws:sns:eu-west-1:111111111111:team-topic';
    const long = 'a'.repeat(63);
    const operation = finishedOperation({ target: long, request: request({ notification: { topicArn: topic } }) });

    // Act
    const notification = buildSuccessNotification(operation, FINISHED, TOPIC);

    // Assess
    expect(notification.topicArn).toBe(topic);
    expect(notification.subject.length).toBeLessThanOrEqual(100);
  });

  it.each([
    [{ type: 'clone' as const, clusterId: 'prod-orders' }, 'copy-on-write' as const, 'a clone of arn:aws:rds:eu-west-1:111111111111:cluster:prod-orders as of the latest restorable time', { kind: 'clone', asOf: 'the latest restorable time' }],
    [{ type: 'point-in-time' as const, clusterId: 'prod-orders', restoreTime: '2026-11-25T01:00:00Z' }, 'full-copy' as const, 'a full copy of arn:aws:rds:eu-west-1:111111111111:cluster:prod-orders as of 2026-11-25T01:00:00Z', { kind: 'full copy', asOf: '2026-11-25T01:00:00Z' }],
  ])('names the source cluster, how and as of when, for a %j source — no snapshot', (source, restoreType, restoredFrom, expected) => {
    // Prepare
    const base = finishedOperation();
    const operation = finishedOperation({
      request: request({ ...base.request, source }),
      facts: {
        sourceClusterArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:prod-orders',
        sourceEarliestRestorableTime: '2026-11-24T03:00:00.000Z',
        sourceLatestRestorableTime: '2026-11-25T02:55:00.000Z',
        restoreType,
        copyNeeded: false,
        writerEndpoint: 'staging-orders.cluster-abc.eu-west-1.rds.amazonaws.com',
        port: 5432,
      },
    });

    // Act
    const body = JSON.parse(buildSuccessNotification(operation, FINISHED, TOPIC).body);

    // Assess
    expect(body.summary).toContain(`restored from ${restoredFrom}; writer endpoint`);
    expect(body.sourceCluster).toEqual({
      cluster: 'arn:aws:rds:eu-west-1:111111111111:cluster:prod-orders',
      ...expected,
      restorableWindow: { earliest: '2026-11-24T03:00:00.000Z', latest: '2026-11-25T02:55:00.000Z' },
    });
    expect(body).not.toHaveProperty('snapshot');
  });

  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['a swap keeping its retired cluster', {}, 'the retired cluster staging-orders-retired-a1b2c3 (the old target) is kept until 2026-11-27T05:00:00.000Z, then deleted; {"command":"rollback"} swaps it back until then'],
    ['a swap whose retired cluster is already gone', { retiredDeleted: true }, undefined],
    ['a replace', { strategy: 'replace' }, undefined],
  ])('for %s, says where the old target is kept and until when (or nothing)', (_case, facts, expected) => {
    // Prepare: swapped at 05:00, kept 24 h.
    const operation = finishedOperation();
    const swapped = finishedOperation({
      request: { ...operation.request, strategy: 'swap' },
      facts: { ...operation.facts, strategy: 'swap', targetExisted: true, swappedAt: '2026-11-26T05:00:00.000Z', ...facts },
    });

    // Act
    const body = JSON.parse(buildSuccessNotification(swapped, FINISHED, TOPIC).body) as Record<string, unknown>;

    // Assess
    expect(body.retiredCluster).toBe(expected);
  });
});
