import type { Notification } from '../ports/notifier';
import { retiredClusterNote } from '../rds/swap-renames';
import type { Operation } from '../store/operation';
import { readableJson, truncateSubject } from './format';
import { runFigures, topicFor } from './run-figures';

export { truncateSubject } from './format';

/**
 * The command that resumes an operation, naming the stage the function was deployed with, so a
 * failure in prod does not send the operator to the dev function.
 */
export function resumeCommandFor(operationId: string, stage: string | undefined): string {
  const resume = JSON.stringify({ command: 'resume', operationId });
  return `npx sls invoke${stage !== undefined ? ` --stage ${stage}` : ''} -f dispatcher --data '${resume}'`;
}

/**
 * The failure message: what failed, why, and how to resume once the cause is fixed. The body is
 * readable JSON like the success message; attributes `status`, `target`, `step`, `dryRun` and
 * `operationId` let subscribers filter. Built from the saved state only, which holds no secret.
 * `stage` is the deployed stack's (STAGE, set by the stack); without it (local runs) the command
 * names none.
 */
export function buildFailureNotification(operation: Operation, defaultTopicArn?: string, stage?: string): Notification {
  const error = operation.error;
  const failedStep = error?.step ?? operation.step;
  const failedAt = operation.finishedAt ?? operation.updatedAt;
  const resumeCommand = resumeCommandFor(operation.operationId, stage);
  // After the target was released the refresh is delivered and serves: only the tidy-up stopped.
  const delivered = operation.targetReleasedAt !== undefined ? `The refresh itself was delivered at ${operation.targetReleasedAt} and serves; only its tidy-up ${operation.status === 'CANCELLED' ? 'was cancelled' : 'failed'}. ` : '';
  const retired = operation.targetReleasedAt !== undefined ? retiredClusterNote(operation) : undefined;
  const body = {
    summary: `${delivered}Refresh of ${operation.target} ${operation.status} at step ${failedStep}: ${error ? `${error.name}: ${error.message}` : 'unknown error'}${retired !== undefined ? `; ${retired}` : ''}`,
    ...(operation.targetReleasedAt !== undefined ? { targetReleasedAt: operation.targetReleasedAt } : {}),
    ...(retired !== undefined ? { retiredCluster: retired } : {}),
    status: operation.status,
    dryRun: operation.request.dryRun,
    operationId: operation.operationId,
    target: operation.target,
    failedStep,
    error: error ? { name: error.name, message: error.message, causes: error.causes, at: error.at } : undefined,
    whatToDo: `Fix the cause, then resume the operation from step ${failedStep}: ${resumeCommand}`,
    resumeCommand,
    resumeEvent: { command: 'resume', operationId: operation.operationId },
    snapshot: {
      source: operation.facts.sourceSnapshotArn ?? operation.facts.sourceSnapshotId ?? operation.request.source.snapshot,
      copySnapshotId: operation.facts.copySnapshotId,
    },
    ...runFigures(operation, new Date(failedAt), 'failedAt'),
  };
  return {
    ...topicFor(operation, defaultTopicArn),
    subject: truncateSubject(`[aurora-restore] ${operation.status}: ${operation.target} at ${failedStep}`),
    body: readableJson(body),
    attributes: {
      status: operation.status,
      target: operation.target,
      step: failedStep,
      dryRun: String(operation.request.dryRun),
      operationId: operation.operationId,
    },
  };
}
