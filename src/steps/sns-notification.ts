import { isTransient } from '../engine/classify-error';
import { succeed } from '../engine/outcome';
import type { Step } from '../engine/step';
import { buildSuccessNotification } from '../notifications/success-notification';

/**
 * Publishes the success summary (for a dry run, the plan) and ends the operation: the dispatcher
 * then releases the lock and marks it SUCCEEDED. A transient publishing error is retried after a
 * wait; a permanent one (no such topic, no permission) is logged and counted but does not turn a
 * finished refresh into a failure. A message already published by an earlier attempt is not sent again.
 */
export const snsNotificationStep: Step = async ({ operation, request, ports, now, logger, config }) => {
  if (operation.facts.notificationMessageId !== undefined) return succeed();
  if (!request.notification.onSuccess) return succeed();
  const notification = buildSuccessNotification(operation, now, config.defaultTopicArn);
  if (notification.topicArn === undefined) {
    logger.warn('no topic configured: success notification not sent');
    return succeed();
  }
  try {
    const messageId = await ports.notifier.publish(notification);
    logger.info('success notification published', { messageId, topicArn: notification.topicArn });
    return succeed({ notificationMessageId: messageId });
  } catch (error) {
    if (isTransient(error)) throw error;
    logger.error('success notification could not be sent', { error, topicArn: notification.topicArn });
    ports.metrics.add({ name: 'NotificationFailed', value: 1, unit: 'Count', dimensions: { Target: operation.target } });
    return succeed();
  }
};
