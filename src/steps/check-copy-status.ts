import { advance, fail, wait } from '../engine/outcome';
import type { Step } from '../engine/step';
import type { ClusterSnapshot } from '../ports/rds';
import { labelError, rdsCall, stepFailed } from '../rds/rds-errors';
import { snapshotVerdict } from '../rds/rds-statuses';

/**
 * Polls the copy: `available` moves on to the delete, a running copy waits with RDS's
 * PercentProgress (the wait policy aims the next check at the estimated completion), and a copy that
 * failed or vanished fails the operation before anything has been deleted.
 */
export const checkCopyStatusStep: Step = async (context) => {
  const { operation, request, ports } = context;
  if (request.dryRun) return advance('delete-rds');
  const copyId = operation.facts.copySnapshotId;
  if (copyId === undefined) return fail(stepFailed('No snapshot copy recorded: copy-snapshot must run before check-copy-status.'));
  const copy = await rdsCall(`Describing snapshot copy ${copyId}`, () => ports.rds.describeClusterSnapshot(copyId));
    if (copy === undefined) {
    return fail(
      stepFailed(`Snapshot copy ${copyId} no longer exists: RDS removes a copy that cannot complete (for example when the KMS key cannot be used), or it was deleted. ` +
          'The target was not touched. Check the RDS events of the snapshot, fix the cause, and start a new refresh.',
      ),
    );
  }
  const progress = copy.percentProgress;
  const verdict = snapshotVerdict(copy.status);
  switch (verdict) {
    case 'ready':
      return advance('delete-rds', { copySnapshotArn: copy.arn, restoreSnapshotId: copy.id });
    case 'waiting':
      return wait(`copying snapshot to ${copyId}: ${copy.status}, ${progress ?? 0}%`, {
        ...(progress !== undefined ? { percentProgress: progress } : {}),
        waitingOn: [{ kind: 'snapshot', id: copyId }],
      });
    case 'failed':
      return fail(
        stepFailed(`Snapshot copy ${copyId} is ${copy.status}${progress !== undefined ? ` at ${progress}%` : ''}. The target was not touched. ` +
            `Check the RDS events of the snapshot; delete the failed copy (aws rds delete-db-cluster-snapshot --db-cluster-snapshot-identifier ${copyId}) and start a new refresh.`,
        ),
      );
    default: {
      const unreachable: never = verdict;
      throw new Error(`unknown snapshot verdict ${String(unreachable)}`);
    }
  }
};
