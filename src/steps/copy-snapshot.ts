import { advance, fail, wait } from '../engine/outcome';
import type { Step } from '../engine/step';
import { SafetyViolationError } from '../errors';
import type { ClusterSnapshot } from '../ports/rds';
import { locateSnapshot } from '../rds/copy-decision';
import { appendPlan } from '../rds/dry-run-plan';
import { copySnapshotId } from '../rds/naming';
import { copyTags, isMadeBy } from '../rds/operation-tags';
import { describeRdsError, hasRdsCode, RDS_ERROR, labelError, rdsCall, stepFailed } from '../rds/rds-errors';

/**
 * Copies the source snapshot to a name derived from the operation. A shared or cross-region source is
 * referenced by ARN (the SDK presigns the cross-region request), with the request's KMS key. A copy
 * already under that name is adopted when it carries this operation's tag, and refused otherwise.
 */
export const copySnapshotStep: Step = async (context) => {
  const { operation, request, ports } = context;
  const { facts } = operation;
  const sourceArn = facts.sourceSnapshotArn;
  if (sourceArn === undefined || facts.sourceSnapshotId === undefined) {
    return fail(stepFailed('No source snapshot recorded: snapshot-check must run before copy-snapshot.'));
  }
  const home = await ports.rds.home();
  const location = locateSnapshot({ arn: sourceArn, type: facts.snapshotType ?? 'manual' }, home, request.source);
  // RDS takes an identifier for a snapshot of this account and region, and the ARN otherwise.
  const source = location.crossAccount || location.crossRegion ? sourceArn : facts.sourceSnapshotId;
  const targetId = copySnapshotId(request.target.clusterId, operation.operationId);
  const tags = copyTags(operation.operationId, request.target.clusterId);

  if (request.dryRun) {
    return advance(
      'check-copy-status',
      appendPlan(context, [
        `would copy ${source} to ${targetId}` +
          (request.copy.kmsKeyId !== undefined ? `, encrypted with ${request.copy.kmsKeyId}` : '') +
          (location.crossRegion ? `, from region ${location.region}` : '') +
          `, tagged ${Object.entries(tags).map(([key, value]) => `${key}=${value}`).join(', ')}`,
      ]),
    );
  }

  const existing = await rdsCall(`Describing snapshot ${targetId}`, () => ports.rds.describeClusterSnapshot(targetId));
    if (existing !== undefined) {
    if (!isMadeBy(existing.tags, operation.operationId)) {
      return fail(
        new SafetyViolationError(
          `Snapshot ${targetId} already exists and was not made by operation ${operation.operationId} (it lacks the tag aurora-restore:operation-id=${operation.operationId}); it is left untouched. Delete or rename it, then resume.`,
        ),
      );
    }
    if (existing.status === 'failed') {
      // Our own failed copy, from an earlier attempt: remove it so the name is free again.
      try {
        await ports.rds.deleteClusterSnapshot(targetId);
      } catch (error) {
        if (!hasRdsCode(error, RDS_ERROR.snapshotNotFound)) throw labelError(`Deleting the failed copy ${targetId}`, error);
      }
      return wait(`deleting the failed copy ${targetId} before copying again`, { waitingOn: [{ kind: 'snapshot', id: targetId }] });
    }
    if (existing.status === 'deleting') {
      return wait(`waiting for the failed copy ${targetId} to be deleted before copying again`, { waitingOn: [{ kind: 'snapshot', id: targetId }] });
    }
    return advance('check-copy-status', { copySnapshotId: existing.id, copySnapshotArn: existing.arn, copyAdopted: true, restoreSnapshotId: existing.id });
  }

  let copy: ClusterSnapshot;
  try {
    copy = await ports.rds.copyClusterSnapshot({
      source,
      targetId,
      ...(request.copy.kmsKeyId !== undefined ? { kmsKeyId: request.copy.kmsKeyId } : {}),
      ...(location.crossRegion ? { sourceRegion: location.region } : {}),
      copyTags: request.copy.copyTags,
      tags,
    });
  } catch (error) {
    if (hasRdsCode(error, RDS_ERROR.snapshotExists)) {
      // Another delivery of this step got there first; the next check adopts the copy if it is ours.
      return wait(`snapshot ${targetId} appeared while copying; checking whose it is`);
    }
    if (hasRdsCode(error, RDS_ERROR.snapshotQuota)) {
      return wait(
        `RDS snapshot quota reached (${describeRdsError(error)}): a region holds at most 100 manual snapshots and runs 5 copies at a time. ` +
          'Retrying until the step deadline; deleting unneeded manual snapshots frees the quota sooner.',
      );
    }
    throw labelError(`Copying snapshot ${source} to ${targetId}`, error);
  }
  return advance('check-copy-status', { copySnapshotId: copy.id, copySnapshotArn: copy.arn, copyAdopted: false, restoreSnapshotId: copy.id }, { checkLater: true });
};
