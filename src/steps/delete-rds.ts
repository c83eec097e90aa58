import { advance, fail, wait, type Outcome, proceed } from '../engine/outcome';
import type { Step, StepContext } from '../engine/step';
import { SafetyViolationError, TransientError, TargetChangedError } from '../errors';
import type { Cluster, DeleteClusterInput, Instance } from '../ports/rds';
import type { Facts, WaitingOn } from '../store/operation';
import { identityOfCluster } from '../rds/cluster-identity';
import { checkDeletionSafety, pinnedIdentityProblem } from '../rds/deletion-safety';
import { appendPlan } from '../rds/dry-run-plan';
import { checkRestoreReadiness } from '../rds/restore-readiness';
import { buildClusterId, finalSnapshotId, strategyOf } from '../rds/naming';
import { describeRdsError, hasRdsCode, RDS_ERROR, labelError, rdsCall } from '../rds/rds-errors';

function finalSnapshotOption(context: StepContext): DeleteClusterInput['finalSnapshot'] {
  return context.request.target.finalSnapshot === 'take'
    ? { skip: false, snapshotId: finalSnapshotId(context.request.target.clusterId, context.operation.operationId) }
    : { skip: true };
}

/** The cluster and its instances, whose RDS events should wake the operation. */
function waitingOnCluster(cluster: Cluster): WaitingOn[] {
  return [{ kind: 'cluster', id: cluster.id }, ...cluster.members.map((member) => ({ kind: 'instance' as const, id: member.instanceId }))];
}

/**
 * Deletes one member instance. Gone or already deleting counts as done; an instance RDS cannot
 * delete yet (creating, modifying…) makes the step wait rather than fail.
 */
export async function deleteMember(context: StepContext, cluster: Cluster, instanceId: string): Promise<Outcome | undefined> {
  try {
    await context.ports.rds.deleteInstance(instanceId);
    return undefined;
  } catch (error) {
    if (hasRdsCode(error, RDS_ERROR.instanceNotFound)) return undefined;
    if (!hasRdsCode(error, RDS_ERROR.invalidInstanceState)) throw labelError(`Deleting instance ${instanceId} of cluster ${cluster.id}`, error);
    const instance = await rdsCall(`Describing instance ${instanceId}`, () => context.ports.rds.describeInstance(instanceId));
        if (instance === undefined || instance.status === 'deleting') return undefined;
    return wait(`instance ${instanceId} of cluster ${cluster.id} is ${instance.status} and cannot be deleted yet (${describeRdsError(error)})`, {
      waitingOn: waitingOnCluster(cluster),
    });
  }
}

/** Deletes the cluster once its instances are deleting; gone or already deleting counts as done. */
export async function deleteCluster(context: StepContext, cluster: Cluster, finalSnapshot: DeleteClusterInput['finalSnapshot']): Promise<Outcome | undefined> {
  try {
    await context.ports.rds.deleteCluster({ clusterId: cluster.id, finalSnapshot });
    return undefined;
  } catch (error) {
    if (hasRdsCode(error, RDS_ERROR.clusterNotFound)) return undefined;
    if (!hasRdsCode(error, RDS_ERROR.invalidClusterState)) throw labelError(`Deleting cluster ${cluster.id}`, error);
    const current = await rdsCall(`Describing cluster ${cluster.id}`, () => context.ports.rds.describeCluster(cluster.id));
        if (current === undefined || current.status === 'deleting') return undefined;
    return wait(`cluster ${cluster.id} is ${current.status} and cannot be deleted yet (${describeRdsError(error)})`, { waitingOn: waitingOnCluster(current) });
  }
}

/** Keeps what was already done (e.g. protection switched off) in the state when the step waits or fails. */
function withFacts(outcome: Outcome, facts: Partial<Facts>): Outcome {
  if (outcome.type === 'wait' || outcome.type === 'fail') return { ...outcome, facts: { ...facts, ...outcome.facts } };
  return outcome;
}

function planLines(cluster: Cluster, disableProtection: boolean, finalSnapshot: DeleteClusterInput['finalSnapshot']): string[] {
  const instances = cluster.members.map((member) => member.instanceId);
  return [
    ...(disableProtection ? [`would switch off deletion protection of cluster ${cluster.id} (safety.allowDisableDeletionProtection is true)`] : []),
    instances.length > 0 ? `would delete instances ${instances.join(', ')}` : `cluster ${cluster.id} has no instances to delete`,
    `would delete cluster ${cluster.id} (${cluster.arn}) ${finalSnapshot.skip ? 'without a final snapshot' : `with final snapshot ${finalSnapshot.snapshotId}`}`,
  ];
}

/**
 * Deletes the old target after the safety rules allow it: not the source, carrying the managed tag
 * (unless the request overrides), and deletion protection switched off only when the request
 * allows it. Member instances go first — RDS refuses to delete a cluster with instances that are not
 * deleting — then the cluster, with either SkipFinalSnapshot or a final snapshot named after the
 * operation. A target that does not exist (a first run) is skipped. Nothing is deleted unless the
 * snapshot the restore will use is still there and available.
 */
export const deleteRdsStep: Step = async (context) => {
  const { operation, request, ports } = context;
  if (strategyOf(operation) === 'swap') {
    // The old target keeps serving while the new cluster is built beside it; swap-rename retires it.
    return advance('restore-snapshot', request.dryRun ? appendPlan(context, [`swap: cluster ${request.target.clusterId} is not deleted; it serves until ${buildClusterId(operation)} is built, set up and verified`]) : {});
  }
  const targetId = request.target.clusterId;
  const cluster = await rdsCall(`Describing target cluster ${targetId}`, () => ports.rds.describeCluster(targetId));
    if (cluster === undefined) {
    // Gone since preflight (deleted by someone else) or never there: nothing to delete either way.
    const plan = request.dryRun ? appendPlan(context, [`cluster ${targetId} does not exist: nothing to delete`]) : {};
    return advance('restore-snapshot', { ...(operation.facts.targetExisted === undefined ? { targetExisted: false } : {}), ...plan });
  }

  const renamed = pinnedIdentityProblem(cluster, operation.facts);
  if (renamed !== undefined) return fail(new TargetChangedError(renamed));
  const verdict = checkDeletionSafety(cluster, request, operation.facts, context.config.safety);
  if (!verdict.ok) {
    return fail(new SafetyViolationError(verdict.message), { targetExisted: true });
  }
  const readers = await context.operations.runningFromSource(identityOfCluster(cluster, await ports.rds.home()));
  if (readers.length > 0) {
    const names = readers.map((reader) => `${reader.operationId} (refreshing ${reader.target}, at ${reader.step})`).join(', ');
    if (request.dryRun) return fail(new SafetyViolationError(`Would not delete cluster ${cluster.id} now: it is the source of running operation ${names}.`));
    // It may finish within the step's deadline; the wait is bounded like any other.
    return wait(`cluster ${cluster.id} is the source of running operation ${names}; waiting for it to finish before deleting`, { delaySeconds: 900 });
  }
  const finalSnapshot = finalSnapshotOption(context);
  const facts: Partial<Facts> = {
    targetExisted: true,
    deletedInstanceIds: cluster.members.map((member) => member.instanceId),
    ...(finalSnapshot.skip ? {} : { finalSnapshotId: finalSnapshot.snapshotId }),
  };
  if (cluster.status === 'deleting' && !request.dryRun) return advance('check-delete-status', facts, { checkLater: true });
  const readiness = await checkRestoreReadiness(context, { snapshot: !request.dryRun });
  if (!readiness.ok) {
    const message = `Refusing to delete cluster ${cluster.id}: ${readiness.message}.`;
    if (readiness.transient) throw new TransientError(message);
    return fail(new SafetyViolationError(message), { targetExisted: true });
  }
  if (request.dryRun) {
    return advance('check-delete-status', { targetExisted: true, ...appendPlan(context, planLines(cluster, verdict.disableDeletionProtection, finalSnapshot)) });
  }

  if (verdict.disableDeletionProtection) {
    try {
      await ports.rds.modifyCluster({ clusterId: cluster.id, deletionProtection: false, applyImmediately: true });
    } catch (error) {
      throw labelError(`Switching off deletion protection of cluster ${cluster.id}`, error);
    }
    // Saved before any delete, so a failure from here on switches protection back on.
    return proceed(`deletion protection of cluster ${cluster.id} switched off; deleting it next`, { ...facts, deletionProtectionDisabled: true });
  }
  for (const member of cluster.members) {
    const blocked = await deleteMember(context, cluster, member.instanceId);
    if (blocked !== undefined) return withFacts(blocked, facts);
  }
  const blocked = await deleteCluster(context, cluster, finalSnapshot);
  if (blocked !== undefined) return withFacts(blocked, facts);
  return advance('check-delete-status', facts, { checkLater: true });
};
