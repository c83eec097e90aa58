import type { Operation } from '../store/operation';
import { formatDuration } from './format';
import { stepTimeline } from './step-timeline';

/** The figures every notification ends with: per-step timeline, checks, start, duration, requester. */
export function runFigures(operation: Operation, endedAt: Date, endedKey: 'finishedAt' | 'failedAt') {
  const totalMs = Math.max(0, endedAt.getTime() - Date.parse(operation.createdAt));
  return {
    steps: stepTimeline(operation, endedAt),
    statusChecks: operation.totalChecks,
    startedAt: operation.createdAt,
    [endedKey]: endedAt.toISOString(),
    durationSeconds: Math.round(totalMs / 1000),
    duration: formatDuration(totalMs),
    requestedBy: operation.request.requestedBy,
  };
}

/** The topic a notification goes to: the request's own, else the deployment's. */
export function topicFor(operation: Operation, defaultTopicArn: string | undefined): { topicArn?: string } {
  const topicArn = operation.request.notification.topicArn ?? defaultTopicArn;
  return topicArn !== undefined ? { topicArn } : {};
}
