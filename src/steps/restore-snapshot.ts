import { OPERATION_TAG_KEY } from '../constants';
import { advance, fail, wait, type Outcome } from '../engine/outcome';
import type { Step, StepContext } from '../engine/step';
import { SafetyViolationError, StepFailedError } from '../errors';
import type { Cluster, RestoreClusterInput, RestoreClusterToPointInTimeInput } from '../ports/rds';
import { appendPlan } from '../rds/dry-run-plan';
import { buildClusterId, buildInstanceId, copySnapshotId } from '../rds/naming';
import { isMadeBy } from '../rds/operation-tags';
import { describeSourceKind, pointInTimeLimitHint, restoresFromCluster } from '../rds/point-in-time-source';
import { describeRdsError, hasRdsCode, RDS_ERROR, labelError, rdsCall, stepFailed } from '../rds/rds-errors';
import { createInstanceInput, describeRestore, restoreClusterInput, restoreFromClusterInput } from '../rds/restore-inputs';
import { configurationPlan, effectiveTarget } from '../rds/target-configuration';

/** The restore call a request means: from the snapshot, or from the source cluster (a clone or a point in time). */
type RestorePlan =
  | { kind: 'snapshot'; input: RestoreClusterInput; action: string }
  | { kind: 'cluster'; input: RestoreClusterToPointInTimeInput; action: string };

function planRestore(context: StepContext): { ok: true; plan: RestorePlan } | { ok: false; outcome: Outcome } {
  const { operation } = context;
  // The cluster it replaces comes back as it was, wherever the request is silent.
  const request = { ...context.request, target: effectiveTarget(context.request, operation.facts) };
  const managedTag = context.config.safety.managedTag;
  const clusterId = buildClusterId(operation);
  if (restoresFromCluster(request.source)) {
    const input = restoreFromClusterInput(request, operation.operationId, managedTag, clusterId);
    return { ok: true, plan: { kind: 'cluster', input, action: `Restoring cluster ${input.targetId} from cluster ${input.sourceClusterId} (${describeSourceKind(request.source)})` } };
  }
  // A dry run made no copy: the plan names the copy it would have made.
  const plannedCopy = request.dryRun && operation.facts.copyNeeded === true ? copySnapshotId(request.target.clusterId, operation.operationId) : undefined;
  const snapshot = operation.facts.restoreSnapshotId ?? plannedCopy;
  if (snapshot === undefined) return { ok: false, outcome: fail(stepFailed('No snapshot to restore recorded: snapshot-check (and copy-snapshot) must run first.')) };
  return {
    ok: true,
    plan: { kind: 'snapshot', input: restoreClusterInput(request, snapshot, operation.operationId, managedTag, clusterId), action: `Restoring cluster ${clusterId} from snapshot ${snapshot}` },
  };
}

/** Labels a refused restore; a clone or point-in-time restore that hit a limit says which and what to do. */
function restoreError(context: StepContext, plan: RestorePlan, error: unknown): unknown {
  const labelled = labelError(plan.action, error);
  if (plan.kind !== 'cluster' || !(labelled instanceof StepFailedError)) return labelled;
  const hint = pointInTimeLimitHint(describeRdsError(error), context.request.source);
  return hint === undefined ? labelled : stepFailed(`${labelled.message} ${hint}`, error);
}

/**
 * Restores the cluster the strategy builds (the target itself, or with `swap` its `-next` cluster
 * beside it) — from the snapshot (the copy, or the source when no copy was
 * needed), or for a clone or point-in-time source from the source cluster itself
 * (RestoreDBClusterToPointInTime) — with every target setting of the request. A restore creates no
 * instances: check-restore-status creates them once the cluster is available. A cluster already
 * under the target's name is adopted when this operation created it (a repeat), and refused otherwise.
 */
export const restoreSnapshotStep: Step = async (context) => {
  const { operation, request, ports } = context;
  const planned = planRestore(context);
  if (!planned.ok) return planned.outcome;
  const { plan } = planned;
  const targetId = buildClusterId(operation);

  if (request.dryRun) {
    return advance(
      'check-restore-status',
      appendPlan(context, [
        describeRestore(plan.input),
        ...configurationPlan(request, operation.facts),
        ...effectiveTarget(request, operation.facts).instances.map(
          (instance) => `would create instance ${createInstanceInput(request, instance, operation.operationId, context.config.safety.managedTag, { clusterId: targetId, instanceId: buildInstanceId(operation, instance.id) }).instanceId} (${instance.instanceClass}) once the cluster is available`,
        ),
      ]),
    );
  }

  const existing = await rdsCall(`Describing cluster ${targetId}`, () => ports.rds.describeCluster(targetId));
  if (existing !== undefined) {
    if (isMadeBy(existing.tags, operation.operationId)) return advance('check-restore-status', { clusterArn: existing.arn, clusterAdopted: true });
    return fail(
      new SafetyViolationError(
        `Cluster ${targetId} exists but was not restored by operation ${operation.operationId} (it lacks the tag ${OPERATION_TAG_KEY}=${operation.operationId}): ` +
          'another cluster took the target\'s name after the old one was deleted. It is left untouched; find out who created it, delete or rename it, then resume.',
      ),
    );
  }

  let restored: Cluster;
  try {
    restored = plan.kind === 'cluster' ? await ports.rds.restoreClusterToPointInTime(plan.input) : await ports.rds.restoreClusterFromSnapshot(plan.input);
  } catch (error) {
    if (hasRdsCode(error, RDS_ERROR.clusterExists)) {
      // Another delivery of this step got there first; the next run adopts it if it is ours.
      return wait(`cluster ${targetId} appeared while restoring; checking whose it is`, { waitingOn: [{ kind: 'cluster', id: targetId }] });
    }
    throw restoreError(context, plan, error);
  }
  return advance('check-restore-status', { clusterArn: restored.arn, clusterAdopted: false }, { checkLater: true });
};
