import { advance, succeed } from '../engine/outcome';
import type { Step } from '../engine/step';
import { buildSuccessNotification } from '../notifications/success-notification';
import { retiredClusterRemains } from '../rds/swap-renames';

/**
 * Announces the refresh with its success summary (for a dry run, the plan). The engine publishes it
 * once — with a deterministic id, recorded in the state, so a repeated delivery sends nothing new —
 * and releases the lock. Usually the operation ends here, SUCCEEDED. After a swap that left a
 * retired cluster to keep and delete, the refresh is delivered all the same: the operation releases
 * the target (the success counted and announced now) and goes on to retire, which tidies up
 * without standing in the way of the next refresh. A message that cannot be sent is logged and
 * counted but does not turn a finished refresh into a failure.
 */
export const snsNotificationStep: Step = async ({ operation, request, now, config }) => {
  const notification = request.notification.onSuccess ? buildSuccessNotification(operation, now, config.defaultTopicArn) : undefined;
  if (retiredClusterRemains(operation)) return advance('retire', undefined, { releaseTarget: notification !== undefined ? { notification } : {} });
  return succeed(undefined, notification);
};
