import type { Operation, OperationSummary } from './operation';

/** A start takes the lock a moment before it creates its operation: a missing holder is not abandoned until this much later. */
export const LOCK_CREATION_GRACE_MS = 5 * 60_000;

/**
 * True when a lock may be taken over: its holder finished or released its target (its release was
 * lost to a crash or an error), or never came to exist although the lock was taken long enough ago
 * for its start to have created it.
 */
export function isAbandonedLock(lock: TargetLock, holder: Operation | undefined, now: Date): boolean {
  if (holder !== undefined) return holder.status !== 'RUNNING' || holder.targetReleasedAt !== undefined;
  return now.getTime() - Date.parse(lock.acquiredAt) > LOCK_CREATION_GRACE_MS;
}

/**
 * The source cluster an operation still reads, for "is this cluster a running operation's source?":
 * a RUNNING operation's, until it released its target (from then on it only tidies up).
 */
export function readsSource(operation: Operation): string | undefined {
  return operation.status === 'RUNNING' && operation.targetReleasedAt === undefined ? operation.facts.sourceClusterKey : undefined;
}

/** The lock that gives one operation at a time the right to touch a target cluster. */
export interface TargetLock {
  target: string;
  holderOperationId: string;
  acquiredAt: string;
}

/**
 * Where operations live. Implementations validate every item with the operation schema on read and
 * write, and make every update conditional on the version the caller read.
 */
export interface OperationStore {
  /** Creates a new operation; fails with OperationExistsError if the id is taken. */
  create(operation: Operation): Promise<void>;
  /** Reads an operation with a strongly consistent read, or undefined. */
  get(operationId: string): Promise<Operation | undefined>;
  /**
   * Writes `operation` with version `expectedVersion + 1` if the stored version is still
   * `expectedVersion`; otherwise fails with VersionConflictError. Returns what was written.
   */
  save(operation: Operation, expectedVersion: number): Promise<Operation>;
  /** Newest operations on a target, newest first. */
  listByTarget(target: string, limit: number): Promise<OperationSummary[]>;
  /** Takes the target's lock for an operation; re-taking one's own lock succeeds; else LockHeldError. */
  acquireLock(target: string, operationId: string, now: Date): Promise<void>;
  /** Releases the lock if this operation holds it; does nothing otherwise. */
  releaseLock(target: string, operationId: string): Promise<void>;
  /** The lock on a target, if any. */
  getLock(target: string): Promise<TargetLock | undefined>;
  /** True if an event with this EventBridge id was handled already (delivery is at least once). */
  wasEventHandled(eventId: string): Promise<boolean>;
  /** Records that an event was handled; the record expires by itself after a day. */
  markEventHandled(eventId: string, now: Date): Promise<void>;
  /**
   * RUNNING operations whose source cluster is `sourceClusterKey` (see Facts.sourceClusterKey), except
   * those that released their target (see Operation.targetReleasedAt): they no longer read the source.
   */
  listRunningBySource(sourceClusterKey: string): Promise<OperationSummary[]>;
  /** Every RUNNING operation (for the sweep that rescues operations left without a next check). */
  listRunning(): Promise<Operation[]>;
}
