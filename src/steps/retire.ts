import { advance, fail, succeed, wait, type Outcome } from '../engine/outcome';
import type { Step, StepContext } from '../engine/step';
import { SafetyViolationError } from '../errors';
import type { Cluster, DeleteClusterInput } from '../ports/rds';
import { checkDeletionSafety, type DeletionVerdict } from '../rds/deletion-safety';
import { appendPlan } from '../rds/dry-run-plan';
import { finalSnapshotId, retiredId, strategyOf } from '../rds/naming';
import { rdsCall } from '../rds/rds-errors';
import { keepWindowEnd } from '../rds/swap-renames';
import type { Facts } from '../store/operation';
import { deleteCluster, deleteMember } from './delete-rds';

/**
 * The retired cluster is gone: the operation ends. Its refresh was delivered and announced when it
 * released the target at sns-notification; an operation that reached retire before that step
 * existed in this order (it still holds its target) archives and announces now.
 */
function tidiedUp(context: StepContext, facts?: Partial<Facts>): Outcome {
  return context.operation.targetReleasedAt !== undefined ? succeed(facts) : advance('archive-snapshot', facts);
}

function finalSnapshot(context: StepContext, retired: string): DeleteClusterInput['finalSnapshot'] {
  return context.request.target.finalSnapshot === 'take' ? { skip: false, snapshotId: finalSnapshotId(retired, context.operation.operationId) } : { skip: true };
}

/** The rules of any delete, and the pin: only the very cluster preflight checked, under its retired name. */
function safeToDelete(context: StepContext, cluster: Cluster, retired: string): DeletionVerdict {
  const { facts } = context.operation;
  if (facts.targetResourceId === undefined || cluster.resourceId !== facts.targetResourceId) {
    return {
      ok: false,
      message: `Refusing to delete ${retired}: it is not the cluster this operation retired (resource id ${cluster.resourceId ?? 'unknown'}, recorded ${facts.targetResourceId ?? 'none'}). It is left untouched.`,
    };
  }
  return checkDeletionSafety(cluster, context.request, facts, context.config.safety, retired);
}

/**
 * swap: keeps the old target, renamed `<target>-retired-<short id>`, for `swap.keepRetiredHours`
 * after the swap (the `rollback` command swaps it back meanwhile), then hands it to delete-retired
 * under the rules of any delete: it must be the very cluster preflight pinned (same resource id),
 * carry the managed tag, and have deletion protection switched off only when the request allows it.
 * The refresh is already delivered (sns-notification released the target): this step and the next
 * only tidy up. The keep window is a timer wait, so the wait deadline (sized for copies) does not cut
 * it short. The dry run walks it right after swap-rename, for the plan; without an old target
 * there is nothing to retire.
 */
export const retireStep: Step = async (context) => {
  const { operation, request, ports, now } = context;
  const { facts } = operation;
  const retired = retiredId(operation, request.target.clusterId);
  const hours = request.swap.keepRetiredHours;
  if (request.dryRun) {
    const lines = strategyOf(operation) === 'swap' && facts.targetExisted === true ? [hours > 0 ? `would keep ${retired} for ${hours} h (a rollback swaps it back meanwhile), then delete it` : `would delete ${retired} at once`] : [];
    return advance('archive-snapshot', lines.length > 0 ? appendPlan(context, lines) : undefined);
  }
  if (strategyOf(operation) !== 'swap' || facts.targetExisted !== true) return tidiedUp(context);
  if (facts.swappedAt === undefined) return fail(new SafetyViolationError(`Refusing to retire ${retired}: the operation recorded no completed swap.`));
  const until = keepWindowEnd(facts.swappedAt, hours);
  if (now < until) {
    const delivered = operation.targetReleasedAt !== undefined ? `the refresh was delivered at ${operation.targetReleasedAt}; ` : '';
    return wait(`${delivered}keeping the retired cluster ${retired} until ${until.toISOString()} (swap.keepRetiredHours ${hours}); {"command":"rollback"} swaps it back until then`, {
      delaySeconds: Math.ceil((until.getTime() - now.getTime()) / 1000),
      timer: true,
    });
  }
  const cluster = await rdsCall(`Describing retired cluster ${retired}`, () => ports.rds.describeCluster(retired));
  if (cluster === undefined) return tidiedUp(context, { retiredDeleted: true });
  const verdict = safeToDelete(context, cluster, retired);
  if (!verdict.ok) return fail(new SafetyViolationError(verdict.message));
  // Recorded before the first delete call: from here on a rollback is refused.
  return advance('delete-retired', { retiredDeleteStarted: true });
};

/**
 * Deletes the retired cluster once retire has recorded that its keep window is over: deletion
 * protection off if the request allows it, instances first, then the cluster (a final snapshot if
 * target.finalSnapshot says so); then waits until it is gone. A step of its own, so its wait
 * deadline starts when the delete does, not when the keep window did.
 */
export const deleteRetiredStep: Step = async (context) => {
  const { operation, request, ports } = context;
  const retired = retiredId(operation, request.target.clusterId);
  if (operation.facts.retiredDeleteStarted !== true) return fail(new SafetyViolationError(`Refusing to delete ${retired}: retire did not record the end of its keep window.`));
  const cluster = await rdsCall(`Describing retired cluster ${retired}`, () => ports.rds.describeCluster(retired));
  if (cluster === undefined) {
    context.logger.info('retired cluster deleted', { cluster: retired });
    return tidiedUp(context, { retiredDeleted: true });
  }
  if (cluster.status !== 'deleting') {
    const verdict = safeToDelete(context, cluster, retired);
    if (!verdict.ok) return fail(new SafetyViolationError(verdict.message));
    if (verdict.disableDeletionProtection) {
      await rdsCall(`Switching off deletion protection of cluster ${retired}`, () => ports.rds.modifyCluster({ clusterId: retired, deletionProtection: false, applyImmediately: true }));
    }
    for (const member of cluster.members) {
      const blocked = await deleteMember(context, cluster, member.instanceId);
      if (blocked !== undefined) return blocked;
    }
    const blocked = await deleteCluster(context, cluster, finalSnapshot(context, retired));
    if (blocked !== undefined) return blocked;
    context.logger.info('retired cluster delete issued', { cluster: retired });
  }
  return wait(`deleting the retired cluster ${retired}`, { waitingOn: [{ kind: 'cluster', id: retired }, ...cluster.members.map((member) => ({ kind: 'instance' as const, id: member.instanceId }))] });
};

