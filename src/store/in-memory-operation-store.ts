import { describeIssues } from '../events/parse-event';
import { CorruptStateError, LockHeldError, OperationExistsError, VersionConflictError } from '../errors';
import { operationSchema, summarize, type Operation, type OperationSummary } from './operation';
import { isAbandonedLock, readsSource, type OperationStore, type TargetLock } from './operation-store';

/**
 * The operation store in memory, with the DynamoDB store's semantics (schema on every write,
 * version-conditional saves, one lock per target, handled events) so the engine's own tests run in
 * milliseconds; the same contract suite runs against both. Items are copied in and out, as a table
 * would, so no caller can change a stored operation without saving it.
 */
export class InMemoryOperationStore implements OperationStore {
  private readonly operations = new Map<string, Operation>();
  private readonly locks = new Map<string, TargetLock>();
  private readonly handledEvents = new Set<string>();

  public async create(operation: Operation): Promise<void> {
    if (this.operations.has(operation.operationId)) throw new OperationExistsError(operation.operationId);
    this.operations.set(operation.operationId, this.validate(operation));
  }

  public async get(operationId: string): Promise<Operation | undefined> {
    const stored = this.operations.get(operationId);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  public async save(operation: Operation, expectedVersion: number): Promise<Operation> {
    const stored = this.operations.get(operation.operationId);
    if (stored?.version !== expectedVersion) {
      throw new VersionConflictError(expectedVersion, stored?.version, { operationId: operation.operationId, step: operation.step });
    }
    const next = this.validate({ ...operation, version: expectedVersion + 1 });
    this.operations.set(operation.operationId, next);
    return structuredClone(next);
  }

  public async listByTarget(target: string, limit: number): Promise<OperationSummary[]> {
    return [...this.operations.values()]
      .filter((operation) => operation.target === target)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit)
      .map(summarize);
  }

  public async listRunningBySource(sourceClusterKey: string): Promise<OperationSummary[]> {
    return [...this.operations.values()].filter((operation) => readsSource(operation) === sourceClusterKey).map(summarize);
  }

  public async acquireLock(target: string, operationId: string, now: Date): Promise<void> {
    const lock = this.locks.get(target);
    if (lock === undefined || lock.holderOperationId === operationId || isAbandonedLock(lock, this.operations.get(lock.holderOperationId), now)) {
      this.locks.set(target, { target, holderOperationId: operationId, acquiredAt: now.toISOString() });
      return;
    }
    throw new LockHeldError(target, lock.holderOperationId, { operationId });
  }

  public async releaseLock(target: string, operationId: string): Promise<void> {
    if (this.locks.get(target)?.holderOperationId === operationId) this.locks.delete(target);
  }

  public async getLock(target: string): Promise<TargetLock | undefined> {
    const lock = this.locks.get(target);
    return lock === undefined ? undefined : { ...lock };
  }

  public async wasEventHandled(eventId: string): Promise<boolean> {
    return this.handledEvents.has(eventId);
  }

  public async markEventHandled(eventId: string): Promise<void> {
    this.handledEvents.add(eventId);
  }

  public async listRunning(): Promise<Operation[]> {
    return [...this.operations.values()].filter((operation) => operation.status === 'RUNNING').map((operation) => structuredClone(operation));
  }

  private validate(operation: Operation): Operation {
    const parsed = operationSchema.safeParse(structuredClone(operation));
    if (!parsed.success) {
      throw new CorruptStateError(`Refusing to write operation ${operation.operationId}: ${describeIssues(parsed.error).join('; ')}`, { operationId: operation.operationId });
    }
    return parsed.data;
  }
}
