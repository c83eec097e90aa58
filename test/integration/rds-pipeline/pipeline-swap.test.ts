import { newOperationId } from '../../../src/engine/identity';
import type { LocalRuntime } from '../../../src/local/local-runtime';
import { createPgDatabase } from '../../../src/database/create-pg-database';
import type { DatabasePort } from '../../../src/ports/database';
import { RdsError } from '../../../src/ports/rds';
import { retiredId, swapIdentifier } from '../../../src/rds/naming';
import { isMadeBy } from '../../../src/rds/operation-tags';
import type { RefreshRequestInput } from '../../../src/request/schema';
import type { Operation } from '../../../src/store/operation';
import { SWAP_PIPELINE_STEPS, stagingRequest, startPipeline, writes } from './support/pipeline';

const SWAP_STEPS = SWAP_PIPELINE_STEPS;
const SCENARIO = { sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging' } };
const HOUR = 3_600_000;
const TOPIC = 'arn:aws:sns:us-east-1:111111111111:db-refresh';
const CONTEXT = { awsRequestId: 'command-1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:d', getRemainingTimeInMillis: () => 900_000 };

/** How many data points of a metric were sent. */
function counted(runtime: LocalRuntime, name: string): number {
  return runtime.metrics.sent.filter((metric) => metric.name === name).length;
}

function swapRequest(overrides: Partial<RefreshRequestInput> = {}): RefreshRequestInput {
  return stagingRequest({ strategy: 'swap', ...overrides });
}

/** Drives a refresh, calling `each` after every invocation with the operation as stored. */
async function drive(runtime: LocalRuntime, request: RefreshRequestInput, each?: (operation: Operation) => Promise<void> | void): Promise<Operation> {
  let operationId: string | undefined;
  const { operation } = await runtime.drive(
    { step: 'start', request },
    {
      onInvocation: async (record) => {
        if (record.result?.result === 'ran') operationId ??= record.result.operation.operationId;
        const stored = operationId === undefined ? undefined : await runtime.store.get(operationId);
        if (stored !== undefined) await each?.(stored);
      },
    },
  );
  if (operation === undefined) throw new Error('the drive ended without an operation');
  return operation;
}

/** Fails the next call of a simulated rename for `resource` with a refusal RDS does not retry. */
function refuseRename(runtime: LocalRuntime, method: 'renameCluster' | 'renameInstance', resource: (id: string) => boolean, times = 1): void {
  const original = runtime.simulation[method].bind(runtime.simulation);
  let left = times;
  const refusing = async (id: string, newId: string) => {
    if (left > 0 && resource(id)) {
      left -= 1;
      throw new RdsError('InvalidParameterCombination', `simulated refusal to rename ${id}`, id);
    }
    return original(id, newId);
  };
  jest.spyOn(runtime.simulation, method).mockImplementation(refusing as never);
}

describe('strategy swap on the simulated Aurora', () => {
  let runtime: LocalRuntime | undefined;
  afterEach(async () => {
    jest.restoreAllMocks();
    await runtime?.stop();
    runtime = undefined;
  });

  it('keeps the old target serving until the renames, then the target answers from the new cluster; the retired one is deleted after the keep window', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS }));
    const r = runtime;
    const pinned = r.simulation.peekCluster('staging')?.resourceId;
    const endpointBefore = r.simulation.peekCluster('staging')?.endpoint;
    const servedByOld: string[] = [];

    // Act
    const operation = await drive(r, swapRequest(), (stored) => {
      if (stored.facts.swapRenamesIssued === undefined) {
        const staging = r.simulation.peekCluster('staging');
        if (staging?.resourceId === pinned && staging?.status === 'available') servedByOld.push(stored.step);
        else throw new Error(`the target was not the old cluster, available, at ${stored.step}`);
      }
    });

    // Assess
    const id = operation.operationId;
    const next = swapIdentifier('staging', 'next', id);
    const retired = retiredId(operation, 'staging');
    expect(operation.error).toBeUndefined();
    expect(operation).toMatchObject({ status: 'SUCCEEDED', facts: { strategy: 'swap', swapRenamesIssued: 5, retiredDeleted: true } });
    // Every invocation until the first rename found the old cluster serving under the target's name, the whole restore long.
    expect(servedByOld).toContain('check-restore-status');
    expect(Date.parse(operation.facts.swappedAt as string)).toBeGreaterThan(Date.parse(operation.stepRuns['check-restore-status']?.endedAt as string));
    const staging = r.simulation.peekCluster('staging');
    expect(staging?.resourceId).not.toBe(pinned);
    expect(isMadeBy(staging?.tags ?? {}, id)).toBe(true);
    expect(staging?.endpoint).toBe(endpointBefore);
    expect(operation.facts.writerEndpoint).toBe(endpointBefore);
    expect(staging?.members.map((member) => member.instanceId).sort()).toEqual(['staging-1', 'staging-2']);
    expect(r.simulation.peekCluster(next)).toBeUndefined();
    expect(r.simulation.peekCluster(retired)).toBeUndefined();
    expect(writes(r).filter((line) => /^(rename|delete)/.test(line))).toEqual([
      'renameCluster staging',
      `renameCluster ${next}`,
      'renameInstance staging-1',
      `renameInstance ${swapIdentifier('staging-1', 'next', id)}`,
      `renameInstance ${swapIdentifier('staging-2', 'next', id)}`,
      `deleteInstance ${retiredId(operation, 'staging-1')}`,
      `deleteCluster ${retired}`,
    ]);
    const kept = Date.parse(operation.stepRuns['retire']?.endedAt as string) - Date.parse(operation.facts.swappedAt as string);
    expect(kept).toBeGreaterThanOrEqual(24 * HOUR);
    expect(kept).toBeLessThan(25 * HOUR);
  });

  it('delivers the refresh at the swap: the target released, the success announced and counted once, while the retired cluster is kept', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS }));
    const r = runtime;
    let atRetire: { operation: Operation; lockHolder?: string; readers: string[]; messages: string[]; succeeded: number; retired?: string } | undefined;

    // Act: the state at the first invocation that finds the operation keeping its retired cluster.
    const operation = await drive(r, swapRequest({ notification: { topicArn: TOPIC } }), async (stored) => {
      if (atRetire !== undefined || stored.step !== 'retire' || stored.status !== 'RUNNING') return;
      atRetire = {
        operation: stored,
        ...((await r.store.getLock('staging')) !== undefined ? { lockHolder: (await r.store.getLock('staging'))?.holderOperationId } : {}),
        readers: (await r.store.listRunningBySource(stored.facts.sourceClusterKey ?? 'none')).map((op) => op.operationId),
        messages: r.notifier.published.map((message) => message.attributes.notificationId ?? '(no id)'),
        succeeded: counted(r, 'OperationSucceeded'),
        ...(r.simulation.peekCluster(retiredId(stored, 'staging'))?.status !== undefined ? { retired: r.simulation.peekCluster(retiredId(stored, 'staging'))?.status } : {}),
      };
    });

    // Assess: at the swap the refresh was delivered and the target let go; the old cluster still kept.
    const id = operation.operationId;
    const success = `${id}.succeeded.sns-notification.a1`;
    expect(atRetire?.operation.facts.sourceClusterKey).toBeDefined();
    expect(atRetire).toMatchObject({ readers: [], messages: [success], succeeded: 1, retired: 'available' });
    expect(atRetire?.lockHolder).toBeUndefined();
    const releasedAt = Date.parse(atRetire?.operation.targetReleasedAt as string);
    expect(releasedAt - Date.parse(operation.facts.swappedAt as string)).toBeLessThan(HOUR);
    expect(atRetire?.operation.waitReason).toContain(`the refresh was delivered at ${atRetire?.operation.targetReleasedAt}; keeping the retired cluster ${retiredId(operation, 'staging')} until`);
    const announced = JSON.parse(r.notifier.published[0]?.body ?? '{}') as { status?: string; retiredCluster?: string };
    expect(announced.status).toBe('SUCCEEDED');
    expect(announced.retiredCluster).toContain(`the retired cluster ${retiredId(operation, 'staging')} (the old target) is kept until`);
    // The end of the tidy-up a day later announces and counts nothing again.
    expect(operation).toMatchObject({ status: 'SUCCEEDED', step: 'delete-retired', facts: { retiredDeleted: true } });
    expect(Date.parse(operation.finishedAt as string) - releasedAt).toBeGreaterThanOrEqual(24 * HOUR);
    expect(r.notifier.published.map((message) => message.attributes.notificationId)).toEqual([success]);
    expect([counted(r, 'OperationSucceeded'), counted(r, 'OperationDuration'), counted(r, 'OperationTidiedUp')]).toEqual([1, 1, 1]);
    expect(operation.stepRuns['archive-snapshot']?.endedAt).toBeDefined();
    expect(Date.parse(operation.stepRuns['archive-snapshot']?.endedAt as string)).toBeLessThanOrEqual(releasedAt);
  });

  it('lets a second refresh of the same target from the same source run while the first keeps its retired cluster; each deletes its own; a rollback of the first is refused once the second took the target', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS }));
    const r = runtime;
    const original = r.simulation.peekCluster('staging')?.resourceId;
    let second: Operation | undefined;
    let firstWhenSecondDelivered: Operation | undefined;
    const refusals: { when: string; message: string; unchanged: boolean }[] = [];
    /** Sends the rollback command for `operationId`, expecting a refusal that changes nothing. */
    const refusedRollback = async (when: string, operationId: string): Promise<void> => {
      const before = { operation: await r.store.get(operationId), lock: await r.store.getLock('staging'), writes: writes(r).length, pending: r.scheduler.pending };
      const message = await r.handler({ command: 'rollback', operationId }, CONTEXT).then(
        () => 'not refused',
        (error: Error) => error.message,
      );
      const after = { operation: await r.store.get(operationId), lock: await r.store.getLock('staging'), writes: writes(r).length, pending: r.scheduler.pending };
      refusals.push({ when, message, unchanged: JSON.stringify(before) === JSON.stringify(after) });
    };

    // Act: the first keeps its retired cluster; meanwhile a second refresh runs to its end.
    const first = await drive(r, swapRequest(), async (stored) => {
      if (second !== undefined || stored.step !== 'retire' || stored.status !== 'RUNNING' || stored.nextCheckAt === undefined) return;
      const firstId = stored.operationId;
      second = await drive(r, swapRequest(), async (other) => {
        if (other.operationId === firstId) return;
        if (other.step === 'check-restore-status' && refusals.length === 0) await refusedRollback('while the second holds the target', firstId);
        if (other.step === 'retire' && other.targetReleasedAt !== undefined && firstWhenSecondDelivered === undefined) {
          firstWhenSecondDelivered = await r.store.get(firstId);
          await refusedRollback('after the second swapped its cluster in', firstId);
        }
      });
    });

    // Assess: both succeeded; the second started and delivered while the first still kept its retired cluster.
    if (second === undefined) throw new Error('the second refresh never started');
    expect(first.error).toBeUndefined();
    expect(second.error).toBeUndefined();
    expect([first.status, second.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(second.operationId).not.toBe(first.operationId);
    expect(firstWhenSecondDelivered).toMatchObject({ status: 'RUNNING', step: 'retire' });
    expect(Date.parse(second.targetReleasedAt as string)).toBeLessThan(Date.parse(first.finishedAt as string));
    // Each deleted its own retired cluster: the first the original target, the second the first's refreshed cluster.
    expect(first.facts.targetResourceId).toBe(original);
    expect(second.facts.targetResourceId).toBe(first.facts.swappedInResourceId);
    expect([first.facts.retiredDeleted, second.facts.retiredDeleted]).toEqual([true, true]);
    const deletes = writes(r).filter((line) => /^deleteCluster/.test(line));
    expect(deletes.sort()).toEqual([`deleteCluster ${retiredId(first, 'staging')}`, `deleteCluster ${retiredId(second, 'staging')}`].sort());
    expect(r.simulation.peekCluster('staging')?.resourceId).toBe(second.facts.swappedInResourceId);
    expect(r.simulation.peekCluster(retiredId(first, 'staging'))).toBeUndefined();
    expect(r.simulation.peekCluster(retiredId(second, 'staging'))).toBeUndefined();
    // The rollbacks of the first were refused, saying why, and changed nothing.
    expect(refusals.map(({ when, unchanged }) => [when, unchanged])).toEqual([
      ['while the second holds the target', true],
      ['after the second swapped its cluster in', true],
    ]);
    expect(refusals[0]?.message).toContain(`cannot be rolled back: target staging is held by operation ${second.operationId} now`);
    expect(refusals[1]?.message).toContain('cannot be rolled back: the cluster under the name staging is no longer the one this operation swapped in');
    await expect(r.store.getLock('staging')).resolves.toBeUndefined();
  });

  it('cancels an operation keeping its retired cluster: it ends, nothing is deleted, the message says where the old target is kept', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS }));
    const r = runtime;
    let answer: unknown;

    // Act
    const operation = await drive(r, swapRequest({ notification: { topicArn: TOPIC } }), async (stored) => {
      if (answer === undefined && stored.step === 'retire' && stored.status === 'RUNNING' && stored.nextCheckAt !== undefined) {
        answer = await r.handler({ command: 'cancel', operationId: stored.operationId }, CONTEXT);
      }
    });

    // Assess
    const retired = retiredId(operation, 'staging');
    expect(answer).toMatchObject({ result: 'ran', operation: { status: 'CANCELLED', step: 'retire' } });
    expect(operation.status).toBe('CANCELLED');
    expect(r.simulation.peekCluster(retired)?.status).toBe('available');
    expect(writes(r).filter((line) => /^delete/.test(line))).toEqual([]);
    expect(r.scheduler.pending).toBe(0);
    const cancelled = JSON.parse(r.notifier.published.at(-1)?.body ?? '{}') as { status?: string; summary?: string };
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.summary).toContain(`The refresh itself was delivered at ${operation.targetReleasedAt} and serves; only its tidy-up was cancelled.`);
    expect(cancelled.summary).toContain(`the retired cluster ${retired} (the old target) is kept: this operation no longer deletes it`);
    expect(counted(r, 'OperationSucceeded')).toBe(1);
  });

  it('fails before any rename when a check fails, the old target untouched and the half-built cluster deleted', async () => {
    // Prepare
    const unexpected = (name: string) => async () => Promise.reject(new Error(`${name} is not called by a swap's verify`));
    const database: DatabasePort = {
      runCheck: async () => ({ rowCount: 3, firstValue: 'alice@example.com' }),
      dropRoles: unexpected('dropRoles'),
      applyRoles: unexpected('applyRoles'),
      runScript: unexpected('runScript'),
      checkScript: unexpected('checkScript'),
      // Preflight reads the check's SQL; a query it accepts.
      checkQuery: async () => undefined,
    };
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS, secrets: { 'staging/master': JSON.stringify({ password: 'Str0ng-Master-Pass' }) }, ports: { database } }));
    const pinned = runtime.simulation.peekCluster('staging')?.resourceId;
    const request = swapRequest({ users: { masterPassword: { secret: 'staging/master' } }, verify: [{ name: 'no unmasked e-mail', sql: "SELECT email FROM users WHERE email NOT LIKE '%@masked.invalid'", expect: { empty: true } }] });

    // Act
    const operation = await drive(runtime, request);

    // Assess
    const next = swapIdentifier('staging', 'next', operation.operationId);
    expect(operation).toMatchObject({ status: 'FAILED', step: 'verify', error: { name: 'StepFailedError' } });
    expect(operation.error?.message).toContain(`The new cluster ${next} failed verification: "no unmasked e-mail": expected no row, got 3. Nothing was renamed`);
    expect(runtime.simulation.peekCluster('staging')).toMatchObject({ resourceId: pinned, status: 'available' });
    expect(runtime.simulation.peekCluster(next)?.status ?? 'gone').toMatch(/deleting|gone/);
    expect(operation.facts.undoneAfterFailure).toEqual([expect.stringContaining(`deleted the cluster ${next} this operation built`)]);
    expect(writes(runtime).filter((line) => /^rename/.test(line))).toEqual([]);
  });

  it.each<[string, boolean]>([
    ['deletes the half-built cluster', false],
    ['keeps the half-built cluster with swap.keepFailed', true],
  ])('fails when the first rename is refused, the old target untouched, and %s', async (_case, keepFailed) => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS }));
    const pinned = runtime.simulation.peekCluster('staging')?.resourceId;
    refuseRename(runtime, 'renameCluster', (id) => id === 'staging');

    // Act
    const operation = await drive(runtime, swapRequest({ swap: { keepFailed } }));

    // Assess
    const next = swapIdentifier('staging', 'next', operation.operationId);
    expect(operation).toMatchObject({ status: 'FAILED', step: 'swap-rename', error: { name: 'StepFailedError' } });
    expect(operation.error?.message).toContain('The swap stopped before its first rename: renaming cluster staging to');
    expect(operation.error?.message).toContain('staging was not touched and still serves the old data');
    expect(runtime.simulation.peekCluster('staging')).toMatchObject({ resourceId: pinned, status: 'available' });
    expect(runtime.simulation.peekCluster(next)?.status ?? 'gone').toBe(keepFailed ? 'available' : 'deleting');
  });

  it('touches nothing on a resume once the half-built cluster is deleted', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS }));
    const pinned = runtime.simulation.peekCluster('staging')?.resourceId;
    refuseRename(runtime, 'renameCluster', (id) => id === 'staging');
    const failed = await drive(runtime, swapRequest());

    // Act
    const { operation } = await runtime.drive({ command: 'resume', operationId: failed.operationId });

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'swap-rename' });
    expect(operation?.error?.message).toContain('The swap cannot start: cluster staging-next-');
    expect(runtime.simulation.peekCluster('staging')).toMatchObject({ resourceId: pinned, status: 'available' });
    expect(writes(runtime).filter((line) => /^rename/.test(line))).toEqual([]);
  });

  it('rolls back automatically when the second rename is refused: the old cluster answers to the target again', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS }));
    const pinned = runtime.simulation.peekCluster('staging')?.resourceId;
    refuseRename(runtime, 'renameCluster', (id) => id.startsWith('staging-next-'));

    // Act
    const operation = await drive(runtime, swapRequest());

    // Assess
    const next = swapIdentifier('staging', 'next', operation.operationId);
    const retired = retiredId(operation, 'staging');
    expect(operation).toMatchObject({ status: 'FAILED', step: 'rollback', facts: { swapRollback: { cause: 'failure' } } });
    expect(operation.error?.message).toContain('The swap was rolled back after a failed rename');
    expect(operation.error?.message).toContain(`staging serves the old cluster again (renamed back from ${retired})`);
    expect(runtime.simulation.peekCluster('staging')).toMatchObject({ resourceId: pinned, status: 'available' });
    expect(runtime.simulation.peekCluster(retired)).toBeUndefined();
    expect(writes(runtime).filter((line) => /^rename/.test(line))).toEqual(['renameCluster staging', `renameCluster ${retired}`]);
    expect(runtime.simulation.peekCluster(next)?.status).toBe('deleting');
    await expect(runtime.store.getLock('staging')).resolves.toBeUndefined();
  });

  it('gives the exact commands to finish by hand when the rollback is refused too', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS }));
    const retiredPrefix = 'staging-retired-';
    refuseRename(runtime, 'renameCluster', (id) => id.startsWith('staging-next-') || id.startsWith(retiredPrefix), 1);
    const refuseBoth = jest.spyOn(runtime.simulation, 'renameCluster');
    const firstRefusal = refuseBoth.getMockImplementation();
    refuseBoth.mockImplementation(async (id: string, newId: string) => {
      if (id.startsWith(retiredPrefix)) throw new RdsError('InvalidParameterCombination', `simulated refusal to rename ${id}`, id);
      return (firstRefusal as (a: string, b: string) => ReturnType<LocalRuntime['simulation']['renameCluster']>)(id, newId);
    });

    // Act
    const operation = await drive(runtime, swapRequest());

    // Assess
    const next = swapIdentifier('staging', 'next', operation.operationId);
    const retired = retiredId(operation, 'staging');
    expect(operation).toMatchObject({ status: 'FAILED', step: 'rollback', error: { name: 'SwapRollbackFailedError' } });
    const command = `aws rds modify-db-cluster --db-cluster-identifier ${retired} --new-db-cluster-identifier staging --apply-immediately`;
    expect(operation.error?.message).toContain(`(1) ${command}`);
    expect(runtime.notifier.published.at(-1)?.body).toContain(command);
    // Half swapped: nothing is deleted.
    expect(runtime.simulation.peekCluster(retired)?.status).toBe('available');
    expect(runtime.simulation.peekCluster(next)?.status).toBe('available');
  });

  it('swaps the retired cluster back in on the rollback command within the keep window', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS }));
    const r = runtime;
    const pinned = r.simulation.peekCluster('staging')?.resourceId;
    let answer: unknown;

    // Act
    const operation = await drive(r, swapRequest({ swap: { keepRetiredHours: 12 } }), async (stored) => {
      if (answer === undefined && stored.step === 'retire' && stored.status === 'RUNNING' && stored.nextCheckAt !== undefined) {
        r.clock.advanceTo(new Date(r.clock.now().getTime() + 2 * HOUR));
        answer = await r.handler({ command: 'rollback', operationId: stored.operationId }, { awsRequestId: 'rollback-1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:d', getRemainingTimeInMillis: () => 900_000 });
      }
    });

    // Assess
    const next = swapIdentifier('staging', 'next', operation.operationId);
    expect(answer).toMatchObject({ result: 'ran', operation: { step: 'rollback', status: 'RUNNING' } });
    expect(operation).toMatchObject({ status: 'FAILED', step: 'rollback', facts: { swapRollback: { cause: 'command' } } });
    expect(operation.error?.message).toContain('The swap was rolled back on request (the rollback command): staging serves the old cluster again');
    expect(r.simulation.peekCluster('staging')).toMatchObject({ resourceId: pinned, status: 'available' });
    expect(r.simulation.peekCluster('staging')?.members.map((member) => member.instanceId)).toEqual(['staging-1']);
    expect(writes(r).filter((line) => /^delete/.test(line))).toEqual([`deleteInstance ${swapIdentifier('staging-1', 'next', operation.operationId)}`, `deleteInstance ${swapIdentifier('staging-2', 'next', operation.operationId)}`, `deleteCluster ${next}`]);
  });

  it('refuses at preflight a swap whose -next name is taken by a cluster it did not create, before anything is copied or renamed', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS }));
    const operationId = newOperationId(runtime.clock.now(), 'staging', 'swap-taken');
    const taken = swapIdentifier('staging', 'next', operationId);
    runtime.simulation.addCluster({ id: taken, tags: { team: 'someone-else' }, instances: [] });

    // Act
    const { operation } = await runtime.drive({ step: 'start', request: swapRequest(), idempotencyKey: 'swap-taken' });

    // Assess
    expect(operation).toMatchObject({ operationId, status: 'FAILED', step: 'preflight', error: { name: 'PreflightFailedError' } });
    expect(operation?.error?.message).toContain(`strategy: the swap needs the cluster name ${taken}, which is taken by a cluster this operation did not create`);
    expect(writes(runtime)).toEqual([]);
  });

  it('refuses at preflight a check whose SQL is not one query, before anything is copied or built', async () => {
    // Prepare: the real database port reads SQL without connecting.
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS, secrets: { 'staging/master': JSON.stringify({ password: 'Str0ng-Master-Pass' }) }, ports: ({ logger }) => ({ database: createPgDatabase({ logger }) }) }));
    const request = swapRequest({ users: { masterPassword: { secret: 'staging/master' } }, verify: [{ name: 'masked', sql: "UPDATE users SET email = 'x'", expect: { empty: true } }] });

    // Act
    const operation = await drive(runtime, request);

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'preflight', error: { name: 'PreflightFailedError' } });
    expect(operation.error?.message).toContain('verify[0].sql ("masked"): The check\'s SQL must be a query (SELECT, WITH … SELECT, VALUES or TABLE); found UpdateStmt');
    expect(writes(runtime)).toEqual([]);
  });

  it('walks a swap read-only in a dry run, listing the renames and the keep window', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS }));

    // Act
    const operation = await drive(runtime, swapRequest({ dryRun: true }));

    // Assess
    const id = operation.operationId;
    expect(operation.status).toBe('SUCCEEDED');
    expect(operation.facts.plan).toEqual(
      expect.arrayContaining([
        `delete-rds: swap: cluster staging is not deleted; it serves until ${swapIdentifier('staging', 'next', id)} is built, set up and verified`,
        `swap-rename: would rename cluster staging to ${retiredId(operation, 'staging')}`,
        `swap-rename: would rename cluster ${swapIdentifier('staging', 'next', id)} to staging`,
        `retire: would keep ${retiredId(operation, 'staging')} for 24 h (a rollback swaps it back meanwhile), then delete it`,
      ]),
    );
    expect(writes(runtime)).toEqual([]);
  });

  it('refuses the rollback command once the keep window is over, naming why', async () => {
    // Prepare
    ({ runtime } = await startPipeline(SCENARIO, { steps: SWAP_STEPS }));
    const operation = await drive(runtime, swapRequest({ swap: { keepRetiredHours: 0 } }));

    // Act
    const answer = runtime.handler({ command: 'rollback', operationId: operation.operationId }, { awsRequestId: 'rollback-2', invokedFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:d', getRemainingTimeInMillis: () => 900_000 });

    // Assess
    await expect(answer).rejects.toThrow(/cannot be rolled back: its keep window is over/);
    expect(operation.status).toBe('SUCCEEDED');
  });
});
