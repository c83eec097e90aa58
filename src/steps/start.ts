import { advance } from '../engine/outcome';
import type { Step } from '../engine/step';

/**
 * Takes the target's lock so that no other operation touches the same cluster, then hands over to
 * snapshot discovery. A held lock fails this operation with the holder's id (LockHeldError), and the
 * holder keeps its lock.
 */
export const startStep: Step = async ({ operation, ports, now }) => {
  await ports.store.acquireLock(operation.target, operation.operationId, now);
  return advance('snapshot-check');
};
