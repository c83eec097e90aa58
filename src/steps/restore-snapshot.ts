import { OPERATION_TAG_KEY } from '../constants';
import { advance, fail, wait } from '../engine/outcome';
import type { Step } from '../engine/step';
import { SafetyViolationError } from '../errors';
import type { Cluster } from '../ports/rds';
import { appendPlan } from '../rds/dry-run-plan';
import { copySnapshotId } from '../rds/naming';
import { isMadeBy } from '../rds/operation-tags';
import { hasRdsCode, RDS_ERROR, labelError, rdsCall, stepFailed } from '../rds/rds-errors';
import { createInstanceInput, describeRestore, restoreClusterInput } from '../rds/restore-inputs';

/**
 * Restores the target cluster from the snapshot (the copy, or the source when no copy was needed)
 * with every target setting of the request. A restore creates no instances: check-restore-status
 * creates them once the cluster is available. A cluster already under the target's name is adopted
 * when this operation created it (a repeat), and refused otherwise.
 */
export const restoreSnapshotStep: Step = async (context) => {
  const { operation, request, ports } = context;
  // A dry run made no copy: the plan names the copy it would have made.
  const plannedCopy = request.dryRun && operation.facts.copyNeeded === true ? copySnapshotId(request.target.clusterId, operation.operationId) : undefined;
  const snapshot = operation.facts.restoreSnapshotId ?? plannedCopy;
  if (snapshot === undefined) return fail(stepFailed('No snapshot to restore recorded: snapshot-check (and copy-snapshot) must run first.'));
  const input = restoreClusterInput(request, snapshot, operation.operationId, context.config.safety.managedTag);
  const targetId = request.target.clusterId;

  if (request.dryRun) {
    return advance(
      'check-restore-status',
      appendPlan(context, [
        describeRestore(input),
        ...request.target.instances.map(
          (instance) => `would create instance ${createInstanceInput(request, instance, operation.operationId, context.config.safety.managedTag).instanceId} (${instance.instanceClass}) once the cluster is available`,
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
    restored = await ports.rds.restoreClusterFromSnapshot(input);
  } catch (error) {
    if (hasRdsCode(error, RDS_ERROR.clusterExists)) {
      // Another delivery of this step got there first; the next run adopts it if it is ours.
      return wait(`cluster ${targetId} appeared while restoring; checking whose it is`, { waitingOn: [{ kind: 'cluster', id: targetId }] });
    }
    throw labelError(`Restoring cluster ${targetId} from snapshot ${snapshot}`, error);
  }
  return advance('check-restore-status', { clusterArn: restored.arn, clusterAdopted: false }, { checkLater: true });
};
