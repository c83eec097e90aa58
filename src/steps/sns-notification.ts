import { succeed } from '../engine/outcome';
import type { Step } from '../engine/step';
import { buildSuccessNotification } from '../notifications/success-notification';

/**
 * Ends the operation with its success summary (for a dry run, the plan). The engine publishes it
 * once — with a deterministic id, recorded in the state, so a repeated delivery sends nothing new —
 * then marks the operation SUCCEEDED and releases the lock. A message that cannot be sent is logged
 * and counted but does not turn a finished refresh into a failure.
 */
export const snsNotificationStep: Step = async ({ operation, request, now, config }) => {
  if (!request.notification.onSuccess) return succeed();
  return succeed(undefined, buildSuccessNotification(operation, now, config.defaultTopicArn));
};
