import { OPERATION_TAG_KEY, TARGET_TAG_KEY } from '../../../src/constants';
import { newOperationId } from '../../../src/engine/identity';
import type { LocalRuntime } from '../../../src/local/local-runtime';
import type { Cluster } from '../../../src/ports/rds';
import type { RefreshRequestInput } from '../../../src/request/schema';
import type { RefreshScenario } from '../../../src/simulation/refresh-scenario';
import type { Operation } from '../../../src/store/operation';
import { PROD_ACCOUNT, refresh, stagingRequest, startPipeline, writes } from './support/pipeline';
import { stopAfterEach } from '../../support/stop-after-each';

const OTHER_ACCOUNT = '333333333333';

/** A start whose operation id is known before it runs (derived from the target and this key). */
const IDEMPOTENCY_KEY = 'nightly-refusals';

/** A shared, encrypted snapshot of prod: the refresh copies it before anything else. */
const SHARED_SCENARIO: RefreshScenario = { sourceClusterId: 'prod', sourceAccountId: PROD_ACCOUNT, sizeGb: 300, kmsKeyId: 'alias/prod', target: { clusterId: 'staging' } };

function sharedRequest(kmsKeyId = 'alias/staging'): RefreshRequestInput {
  return stagingRequest({ source: { clusterId: 'prod', accountId: PROD_ACCOUNT, snapshotTypes: ['shared'] }, copy: { kmsKeyId } });
}

/** Starts the refresh under IDEMPOTENCY_KEY and drives it to its end. */
async function refreshWithKnownId(runtime: LocalRuntime, request: RefreshRequestInput, onInvocation?: () => Promise<void>): Promise<Operation | undefined> {
  const { operation } = await runtime.drive({ step: 'start', request, idempotencyKey: IDEMPOTENCY_KEY }, onInvocation !== undefined ? { onInvocation } : {});
  return operation;
}

/** The saved error is the one expected, from the step expected, saying all of `fragments`. */
function expectFailedWith(operation: Operation | undefined, step: string, name: string, fragments: string[]): void {
  expect(operation).toMatchObject({ status: 'FAILED', step, error: { name, step } });
  for (const fragment of fragments) expect(operation?.error?.message).toContain(fragment);
}

/** One failure notification, for this operation and step, carrying the saved error. */
function expectFailureNotified(runtime: LocalRuntime, operation: Operation | undefined, step: string): void {
  expect(runtime.notifier.published).toHaveLength(1);
  const [notification] = runtime.notifier.published;
  expect(notification?.attributes).toMatchObject({ status: 'FAILED', step, target: 'staging', operationId: operation?.operationId });
  expect(notification?.subject).toBe(`[aurora-restore] FAILED: staging at ${step}`);
  const body = JSON.parse(notification?.body ?? '{}') as { failedStep?: string; error?: { name?: string; message?: string } };
  expect(body).toMatchObject({ failedStep: step, error: { name: operation?.error?.name, message: operation?.error?.message } });
}

/** The old target is exactly as seeded: same cluster, its writer still available. */
function expectTargetUntouched(runtime: LocalRuntime, before: Cluster | undefined): void {
  expect(before).toBeDefined();
  expect(runtime.simulation.peekCluster('staging')).toEqual(before);
  expect(runtime.simulation.peekInstance('staging-1')?.status).toBe('available');
}

describe('the RDS pipeline refusing to go on', () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  it.each<[string, RefreshScenario, RefreshRequestInput, string[]]>([
    [
      'none of the requested types exists',
      { sourceClusterId: 'prod', sizeGb: 300, snapshots: [{ ageHours: 3, type: 'automated' }, { ageHours: 27, type: 'automated' }], target: { clusterId: 'staging' } },
      stagingRequest({ source: { clusterId: 'prod', snapshotTypes: ['manual'] } }),
      ['No available snapshot of cluster prod (types: manual; region us-east-1): none exists.', 'Check source.clusterId, source.snapshotTypes and source.accountId'],
    ],
    [
      'every snapshot is older than source.maxAgeHours',
      { sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging' } },
      stagingRequest({ source: { clusterId: 'prod', maxAgeHours: 2 } }),
      ['The newest available snapshot of cluster prod, rds:prod-', '(3.0 h ago), older than source.maxAgeHours = 2 (types: automated, manual; region us-east-1)', 'or raise source.maxAgeHours'],
    ],
    [
      'no snapshot is available yet',
      { sourceClusterId: 'prod', sizeGb: 300, snapshots: [{ ageHours: 1, type: 'manual', status: 'creating' }], target: { clusterId: 'staging' } },
      stagingRequest(),
      ['No available snapshot of cluster prod (types: automated, manual; region us-east-1): 1 found but none available (1 creating).'],
    ],
    [
      'the shared snapshots belong to another account than source.accountId',
      SHARED_SCENARIO,
      stagingRequest({ source: { clusterId: 'prod', accountId: OTHER_ACCOUNT, snapshotTypes: ['shared'] }, copy: { kmsKeyId: 'alias/staging' } }),
      [`No available snapshot of cluster prod (types: shared; region us-east-1; account ${OTHER_ACCOUNT}): none exists.`],
    ],
  ])('fails at snapshot-check when %s, naming the source and the filters, and touches nothing', async (_case, scenario, request, fragments) => {
    // Prepare
    ({ runtime } = await startPipeline(scenario));
    const before = runtime.simulation.peekCluster('staging');

    // Act
    const { operation } = await refresh(runtime, request);

    // Assess
    expectFailedWith(operation, 'snapshot-check', 'StepFailedError', fragments);
    expect(operation?.facts.sourceSnapshotId).toBeUndefined();
    expect(runtime.simulation.writeCalls()).toEqual([]);
    expectTargetUntouched(runtime, before);
    expectFailureNotified(runtime, operation, 'snapshot-check');
    await expect(runtime.store.getLock('staging')).resolves.toBeUndefined();
  });

  it.each<[string, Record<string, string>]>([
    ['no operation tag', { team: 'reporting' }],
    ["another operation's tag", { [OPERATION_TAG_KEY]: 'k00000000-000000', [TARGET_TAG_KEY]: 'staging' }],
  ])('fails at copy-snapshot when a snapshot with %s holds the copy name, deleting nothing', async (_case, tags) => {
    // Prepare
    ({ runtime } = await startPipeline(SHARED_SCENARIO));
    const operationId = newOperationId(runtime.clock.now(), 'staging', IDEMPOTENCY_KEY);
    const copyId = `aurora-restore-staging-${operationId}`;
    runtime.simulation.addSnapshot({ id: copyId, clusterId: 'reporting', type: 'manual', createdAt: new Date(runtime.clock.now().getTime() - 5 * 3_600_000), sizeGb: 40, tags });
    const squatter = runtime.simulation.peekSnapshot(copyId);
    const before = runtime.simulation.peekCluster('staging');

    // Act
    const operation = await refreshWithKnownId(runtime, sharedRequest());

    // Assess
    expect(operation?.operationId).toBe(operationId);
    expectFailedWith(operation, 'copy-snapshot', 'SafetyViolationError', [
      `Snapshot ${copyId} already exists and was not made by operation ${operationId}`,
      `(it lacks the tag ${OPERATION_TAG_KEY}=${operationId}); it is left untouched.`,
    ]);
    expect(operation?.facts.copySnapshotId).toBeUndefined();
    expect(runtime.simulation.peekSnapshot(copyId)).toEqual(squatter);
    expect(runtime.simulation.writeCalls()).toEqual([]);
    expectTargetUntouched(runtime, before);
    expectFailureNotified(runtime, operation, 'copy-snapshot');
    await expect(runtime.store.getLock('staging')).resolves.toBeUndefined();
  });

  it('fails at restore-snapshot when another cluster took the target name after the old one was deleted, leaving it untouched', async () => {
    // Prepare: one step per invocation, so that a cluster can appear between the deletion and the restore.
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging' } }, { engine: { maxInlineSteps: 1 } }));
    const simulation = runtime.simulation;
    const store = runtime.store;
    const operationId = newOperationId(runtime.clock.now(), 'staging', IDEMPOTENCY_KEY);
    let intruder: Cluster | undefined;
    const intrudeBeforeRestore = async (): Promise<void> => {
      const current = await store.get(operationId);
      if (intruder !== undefined || current?.status !== 'RUNNING' || current.step !== 'restore-snapshot') return;
      intruder = simulation.addCluster({ id: 'staging', tags: { team: 'analytics' }, instances: [{ id: 'staging-analytics-1' }] });
    };

    // Act
    const operation = await refreshWithKnownId(runtime, stagingRequest(), intrudeBeforeRestore);

    // Assess
    expect(intruder).toBeDefined();
    expectFailedWith(operation, 'restore-snapshot', 'SafetyViolationError', [
      `Cluster staging exists but was not restored by operation ${operationId} (it lacks the tag ${OPERATION_TAG_KEY}=${operationId})`,
      'It is left untouched',
    ]);
    expect(simulation.peekCluster('staging')).toEqual(intruder);
    expect(simulation.peekInstance('staging-analytics-1')?.status).toBe('available');
    expect(simulation.writeCalls().map((call) => `${call.operation} ${call.resource}`)).toEqual(['deleteInstance staging-1', 'deleteCluster staging']);
    expectFailureNotified(runtime, operation, 'restore-snapshot');
    await expect(store.getLock('staging')).resolves.toBeUndefined();
  });

  it('refuses at preflight, naming copy.kmsKeyId, when the copy key is not usable: nothing copied, nothing deleted', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SHARED_SCENARIO, { simulation: { faults: { inaccessibleKmsKeys: ['alias/staging-locked'] } } }));
    const operationId = newOperationId(runtime.clock.now(), 'staging', IDEMPOTENCY_KEY);
    const copyId = `aurora-restore-staging-${operationId}`;
    const before = runtime.simulation.peekCluster('staging');

    // Act
    const operation = await refreshWithKnownId(runtime, sharedRequest('alias/staging-locked'));

    // Assess
    // Preflight describes the key before anything is copied: no copy is even attempted.
    expectFailedWith(operation, 'preflight', 'PreflightFailedError', ['copy.kmsKeyId: ', 'alias/staging-locked', 'nothing was copied or deleted']);
    expect(runtime.simulation.writeCalls()).toEqual([]);
    expect(writes(runtime)).toEqual([]);
    expect(runtime.simulation.peekSnapshot(copyId)).toBeUndefined();
    expectTargetUntouched(runtime, before);
    expectFailureNotified(runtime, operation, 'preflight');
    await expect(runtime.store.getLock('staging')).resolves.toBeUndefined();
  });

  it('refuses at preflight when the restore key (target.kmsKeyId) is not usable: nothing copied, nothing deleted', async () => {
    // Prepare: same account and region, so the snapshot is restored directly with the staging key.
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging' } }, { simulation: { faults: { inaccessibleKmsKeys: ['alias/staging-locked'] } } }));
    const before = runtime.simulation.peekCluster('staging');
    const request = stagingRequest({ target: { clusterId: 'staging', instances: [{ id: 'staging-1', instanceClass: 'db.r6g.large' }], kmsKeyId: 'alias/staging-locked' } });

    // Act
    const operation = await refreshWithKnownId(runtime, request);

    // Assess
    expectFailedWith(operation, 'preflight', 'PreflightFailedError', ['target.kmsKeyId: ', 'alias/staging-locked']);
    expect(runtime.simulation.writeCalls()).toEqual([]);
    expectTargetUntouched(runtime, before);
    expectFailureNotified(runtime, operation, 'preflight');
    await expect(runtime.store.getLock('staging')).resolves.toBeUndefined();
  });
});
