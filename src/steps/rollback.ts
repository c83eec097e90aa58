import { fail } from '../engine/outcome';
import type { Step } from '../engine/step';
import { StepFailedError, SwapRollbackFailedError } from '../errors';
import { buildClusterId, retiredId } from '../rds/naming';
import { renameCommand, rollbackRenames } from '../rds/swap-renames';
import { runRenames } from './swap/run-renames';

/**
 * Undoes a swap: the renames done so far, reversed, last first — the old cluster answers to the
 * target's name again and the new one goes back to `<target>-next-…`. Entered from swap-rename when
 * a rename fails between the first and the last, or from the `rollback` command within the keep
 * window. Either way the operation ends FAILED, saying what was rolled back and why; a rollback that
 * RDS refuses too fails with the exact commands that finish it by hand.
 */
export const rollbackStep: Step = async (context) => {
  const { operation, request, now } = context;
  const rollback = operation.facts.swapRollback;
  const target = request.target.clusterId;
  if (rollback === undefined) return fail(new StepFailedError(`Nothing to roll back: operation ${operation.operationId} recorded no swap to undo.`));
  const renames = rollbackRenames(operation, operation.facts.swapRenamesIssued ?? 0);
  const progress = await runRenames(context, renames, 'rollbackRenamesIssued');
  if (progress.type === 'outcome') return progress.outcome;
  if (progress.type === 'refused') {
    const commands = renames.slice(progress.index).map(renameCommand);
    return fail(new SwapRollbackFailedError(target, rollback.reason, progress.message, commands));
  }
  const next = buildClusterId(operation);
  const why = rollback.cause === 'command' ? 'on request (the rollback command)' : `after a failed rename (${rollback.reason})`;
  const kept = request.swap.keepFailed ? `${next} is kept for inspection (swap.keepFailed)` : `${next} is deleted`;
  return fail(
    new StepFailedError(
      `The swap was rolled back ${why}: ${target} serves the old cluster again (renamed back from ${retiredId(operation, target)}); the refreshed cluster is ${next} again and ${kept}.`,
    ),
    { rolledBackAt: now.toISOString() },
  );
};
