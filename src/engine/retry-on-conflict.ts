import { OperationNotFoundError, VersionConflictError } from '../errors';
import type { OperationStore } from '../store/operation-store';
import type { Operation } from '../store/operation';

/** How often a write outside the claim path re-reads and decides again before giving up. */
const MAX_ROUNDS = 5;

/**
 * Re-reads the operation and decides again for as long as another writer keeps winning: `decide`
 * returns the operation to save, or undefined when there is nothing to do any more. For writes
 * that are not a step's run (noting an event, cancelling, the sweep's rescue), none of which may
 * let a version conflict escape.
 */
export async function saveWithRetry(
  store: OperationStore,
  operationId: string,
  decide: (current: Operation) => Operation | undefined,
  first?: Operation,
): Promise<Operation | undefined> {
  let current = first;
  for (let round = 1; ; round += 1) {
    current ??= await store.get(operationId);
    if (current === undefined) throw new OperationNotFoundError(operationId);
    const next = decide(current);
    if (next === undefined) return undefined;
    try {
      return await store.save(next, current.version);
    } catch (error) {
      if (!(error instanceof VersionConflictError) || round >= MAX_ROUNDS) throw error;
      current = undefined;
    }
  }
}
