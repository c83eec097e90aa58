import type { Notification } from '../ports/notifier';
import type { Operation } from '../store/operation';

/**
 * The failure message: what failed, why, and how to resume once the cause is fixed. Built from
 * the saved state only, which holds no secret.
 */
export function buildFailureNotification(operation: Operation, defaultTopicArn?: string): Notification {
  const error = operation.error;
  const resume = JSON.stringify({ command: 'resume', operationId: operation.operationId });
  const summary = {
    operationId: operation.operationId,
    status: operation.status,
    target: operation.target,
    failedStep: error?.step ?? operation.step,
    error: error ? { name: error.name, message: error.message, causes: error.causes } : undefined,
    snapshot: operation.facts.sourceSnapshotArn ?? operation.facts.sourceSnapshotId,
    copySnapshotId: operation.facts.copySnapshotId,
    startedAt: operation.createdAt,
    failedAt: operation.finishedAt,
    totalChecks: operation.totalChecks,
    nextSteps: `Fix the cause, then resume: npx sls invoke -f dispatcher --data '${resume}'`,
  };
  const body =
    `Refresh of ${operation.target} FAILED at step ${summary.failedStep}.\n\n` +
    `${error?.name ?? 'Error'}: ${error?.message ?? 'unknown error'}\n` +
    (error && error.causes.length > 0 ? `Caused by:\n${error.causes.map((c) => `  - ${c}`).join('\n')}\n` : '') +
    `\nWhat to do: ${summary.nextSteps}\n\n` +
    `--- machine-readable ---\n${JSON.stringify(summary, null, 2)}\n`;
  const topicArn = operation.request.notification.topicArn ?? defaultTopicArn;
  return {
    ...(topicArn !== undefined ? { topicArn } : {}),
    subject: truncateSubject(`[aurora-restore] FAILED: ${operation.target} at ${summary.failedStep}`),
    body,
    attributes: { status: operation.status, target: operation.target, step: summary.failedStep },
  };
}

/** SNS subjects are at most 100 printable ASCII characters. */
export function truncateSubject(subject: string): string {
  const printable = subject.replace(/[^\x20-\x7e]/g, '?');
  return printable.length <= 100 ? printable : `${printable.slice(0, 97)}...`;
}
