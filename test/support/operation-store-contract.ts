import { CorruptStateError, LockHeldError, OperationExistsError, VersionConflictError } from '../../src/errors';
import type { OperationStore } from '../../src/store/operation-store';
import type { Operation } from '../../src/store/operation';
import { request } from './factories';

let sequence = 0;

/** A RUNNING operation at the first step, with a fresh id. */
export function storedOperation(overrides: Partial<Operation> = {}): Operation {
  sequence += 1;
  const id = `20261125-0300${String(sequence).padStart(2, '0')}-abc${String(sequence).padStart(3, '0')}`;
  return {
    operationId: id,
    target: 'staging-orders',
    createdAt: new Date(Date.UTC(2026, 10, 25, 3, 0, sequence)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 10, 25, 3, 0, sequence)).toISOString(),
    status: 'RUNNING',
    step: 'snapshot-check',
    token: 'token-first-1',
    version: 0,
    request: request(),
    facts: {},
    stepRuns: { 'snapshot-check': { attempts: 1, checks: 0, startedAt: '2026-11-25T03:00:00.000Z' } },
    totalChecks: 0,
    ...overrides,
  };
}

/**
 * The behaviour every OperationStore must have, run against each implementation (DynamoDB on
 * dynalite, in memory), so the engine's fast tests over the in-memory store stand for the real one.
 */
export function describeOperationStoreContract(name: string, storeOf: () => OperationStore): void {
  const operation = storedOperation;
  describe(`${name}: the OperationStore contract`, () => {
    let store: OperationStore;
    beforeAll(() => {
      store = storeOf();
    });

    it('creates, reads back exactly, and refuses a second create of the same id', async () => {
    // Prepare
    const op = operation();

    // Act
    await store.create(op);

    // Assess
    expect(await store.get(op.operationId)).toEqual(op);
    await expect(store.create(op)).rejects.toBeInstanceOf(OperationExistsError);
  });

    it('saves conditionally on version and reports what it expected and found on conflict', async () => {
    // Prepare
    const op = operation();
    await store.create(op);
    const saved = await store.save({ ...op, step: 'copy-snapshot' }, 0);
    expect(saved.version).toBe(1);

    // Act: a second writer still holding version 0 loses.
    const stale = store.save({ ...op, step: 'check-copy-status' }, 0);

    // Assess
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(stale).rejects.toMatchObject({ expectedVersion: 0, foundVersion: 1, operationId: op.operationId });
    await expect(stale).rejects.toThrow(/expected operation .* at version 0, found version 1/i);
    expect((await store.get(op.operationId))?.step).toBe('copy-snapshot');
  });

    it('gives a target lock to one operation at a time and names the holder', async () => {
    // Prepare
    const first = operation({ target: 'locked-target' });
    const second = operation({ target: 'locked-target' });
    await store.create(first);
    await store.create(second);
    const now = new Date('2026-11-25T03:00:00Z');

    // Act: two starts race for the same target.
    const results = await Promise.allSettled([store.acquireLock('locked-target', first.operationId, now), store.acquireLock('locked-target', second.operationId, now)]);

    // Assess
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(LockHeldError);
    const holder = (await store.getLock('locked-target'))?.holderOperationId;
    expect((lost[0]?.reason as LockHeldError).holderOperationId).toBe(holder);
    expect((lost[0]?.reason as Error).message).toContain(`locked by operation ${holder}`);
  });

    it('lets the holder re-take its lock, ignores a release by someone else, frees on release by the holder', async () => {
    const now = new Date('2026-11-25T03:00:00Z');
    await store.create(operation({ operationId: 'holder-op-1', target: 't-release' }));
    await store.acquireLock('t-release', 'holder-op-1', now);
    await store.acquireLock('t-release', 'holder-op-1', now);
    await store.releaseLock('t-release', 'other-op-2');
    expect((await store.getLock('t-release'))?.holderOperationId).toBe('holder-op-1');
    await store.releaseLock('t-release', 'holder-op-1');
    expect(await store.getLock('t-release')).toBeUndefined();
    await expect(store.acquireLock('t-release', 'other-op-2', now)).resolves.toBeUndefined();
  });

    it('takes over a lock only from a holder that is no longer running', async () => {
    // Prepare: a RUNNING holder, then the same holder FAILED (its release lost).
    const holder = operation({ target: 'taken-over' });
    const taker = operation({ target: 'taken-over' });
    await store.create(holder);
    await store.create(taker);
    const now = new Date('2026-11-25T03:00:00Z');
    await store.acquireLock('taken-over', holder.operationId, now);

    // Act / Assess
    await expect(store.acquireLock('taken-over', taker.operationId, now)).rejects.toBeInstanceOf(LockHeldError);
    await store.save({ ...holder, status: 'FAILED' }, 0);
    await store.acquireLock('taken-over', taker.operationId, now);
    expect((await store.getLock('taken-over'))?.holderOperationId).toBe(taker.operationId);
  });

    it('lists the newest operations of a target first, and only that target', async () => {
    // Prepare
    const ops = [operation({ target: 'listed' }), operation({ target: 'listed' }), operation({ target: 'other' }), operation({ target: 'listed' })];
    for (const op of ops) await store.create(op);
    await store.acquireLock('listed', ops[0]!.operationId, new Date());

    // Act
    const listed = await store.listByTarget('listed', 2);

    // Assess: newest two, no lock item, no other target.
    expect(listed.map((s) => s.operationId)).toEqual([ops[3]!.operationId, ops[1]!.operationId]);
    expect(listed[0]).toMatchObject({ target: 'listed', status: 'RUNNING', step: 'snapshot-check', totalChecks: 0 });
  });

    it('refuses to write an operation that breaks the schema', async () => {
      const op = operation();
      await store.create(op);
      await expect(store.save({ ...op, status: 'DONE' as never }, 0)).rejects.toBeInstanceOf(CorruptStateError);
      expect((await store.get(op.operationId))?.version).toBe(0);
    });

    it('takes over a lock whose holder never came to exist, but only after the creation grace', async () => {
      const taker = operation({ target: 'ghost-held' });
      await store.create(taker);
      const takenAt = new Date('2026-11-25T03:00:00Z');
      await store.acquireLock('ghost-held', 'never-created-op', takenAt);
      await expect(store.acquireLock('ghost-held', taker.operationId, new Date(takenAt.getTime() + 60_000))).rejects.toBeInstanceOf(LockHeldError);
      await store.acquireLock('ghost-held', taker.operationId, new Date(takenAt.getTime() + 6 * 60_000));
      expect((await store.getLock('ghost-held'))?.holderOperationId).toBe(taker.operationId);
    });

    it('finds the running operations reading from a source cluster, and only those', async () => {
      const source = '111111111111:eu-west-1:prod-contract';
      const reading = operation({ target: 'src-a', facts: { sourceClusterKey: source } });
      const finishedReading = operation({ target: 'src-b', status: 'SUCCEEDED', facts: { sourceClusterKey: source } });
      const other = operation({ target: 'src-c', facts: { sourceClusterKey: '111111111111:eu-west-1:other' } });
      for (const op of [reading, finishedReading, other]) await store.create(op);
      expect((await store.listRunningBySource(source)).map((op) => op.operationId)).toEqual([reading.operationId]);
      await store.save({ ...reading, status: 'FAILED' }, 0);
      expect(await store.listRunningBySource(source)).toEqual([]);
    });

    it('no longer counts a running operation that released its target as its source\'s reader, nor as its lock\'s holder', async () => {
      // Prepare: a running operation reading a source and holding its target.
      const source = '111111111111:eu-west-1:prod-released';
      const now = new Date('2026-11-25T03:00:00Z');
      const releasing = operation({ target: 'released-target', facts: { sourceClusterKey: source } });
      const newer = operation({ target: 'released-target' });
      await store.create(releasing);
      await store.create(newer);
      await store.acquireLock('released-target', releasing.operationId, now);
      expect((await store.listRunningBySource(source)).map((op) => op.operationId)).toEqual([releasing.operationId]);
      await expect(store.acquireLock('released-target', newer.operationId, now)).rejects.toBeInstanceOf(LockHeldError);

      // Act: it delivers its result and goes on tidying up, RUNNING; its lock release is lost.
      await store.save({ ...releasing, step: 'retire', targetReleasedAt: now.toISOString() }, 0);

      // Assess
      expect((await store.get(releasing.operationId))?.status).toBe('RUNNING');
      expect(await store.listRunningBySource(source)).toEqual([]);
      await store.acquireLock('released-target', newer.operationId, now);
      expect((await store.getLock('released-target'))?.holderOperationId).toBe(newer.operationId);
    });

    it('records handled events and lists only running operations', async () => {
      const running = operation({ target: 'run-list' });
      const failed = operation({ target: 'run-list', status: 'FAILED' });
      await store.create(running);
      await store.create(failed);
      await store.markEventHandled('evt-contract-1', new Date('2026-11-25T03:00:00Z'));
      expect(await store.wasEventHandled('evt-contract-1')).toBe(true);
      expect(await store.wasEventHandled('evt-contract-2')).toBe(false);
      const ids = (await store.listRunning()).map((op) => op.operationId);
      expect(ids).toContain(running.operationId);
      expect(ids).not.toContain(failed.operationId);
    });
  });
}
