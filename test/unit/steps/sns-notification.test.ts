import { InMemoryMetrics } from '../../../src/observability/in-memory-metrics';
import type { NotifierPort } from '../../../src/ports/notifier';
import { snsNotificationStep } from '../../../src/steps/sns-notification';
import { stepContext, TOPIC_ARN } from '../../support/step-context';

function context(notifier: NotifierPort, options: { facts?: object; onSuccess?: boolean; topic?: boolean; metrics?: InMemoryMetrics } = {}) {
  return stepContext({
    step: 'sns-notification',
    request: { notification: { onSuccess: options.onSuccess ?? true } },
    facts: { writerEndpoint: 'staging-orders.cluster-abc.eu-west-1.rds.amazonaws.com', port: 5432, ...options.facts },
    ports: { notifier, ...(options.metrics ? { metrics: options.metrics } : {}) },
    ...(options.topic === false ? {} : { defaultTopicArn: TOPIC_ARN }),
  });
}

describe('sns-notification', () => {
  it('publishes the success summary and succeeds, recording the message id', async () => {
    // Prepare
    const publish = jest.fn(async () => 'message-1');

    // Act
    const outcome = await snsNotificationStep(context({ publish }));

    // Assess
    expect(publish).toHaveBeenCalledWith(
      expect.objectContaining({ topicArn: TOPIC_ARN, subject: '[aurora-restore] SUCCEEDED: staging-orders', attributes: expect.objectContaining({ status: 'SUCCEEDED', target: 'staging-orders' }) }),
    );
    expect(outcome).toEqual({ type: 'succeed', facts: { notificationMessageId: 'message-1' } });
  });

  it.each([
    ['already published by an earlier attempt', { facts: { notificationMessageId: 'message-0' } }],
    ['asked not to notify on success', { onSuccess: false }],
    ['given no topic', { topic: false }],
  ])('succeeds without publishing when %s', async (_case, options) => {
    // Prepare
    const publish = jest.fn(async () => 'message-2');

    // Act
    const outcome = await snsNotificationStep(context({ publish }, options));

    // Assess
    expect(publish).not.toHaveBeenCalled();
    expect(outcome).toEqual({ type: 'succeed' });
  });

  it('lets a throttled publish through to become a wait', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

    // Act
    const run = snsNotificationStep(context({ publish: async () => Promise.reject(throttled) }));

    // Assess
    await expect(run).rejects.toBe(throttled);
  });

  it('does not fail a finished refresh when the topic refuses the message: logs it and counts NotificationFailed', async () => {
    // Prepare
    const metrics = new InMemoryMetrics();
    const denied = Object.assign(new Error('User is not authorized to perform SNS:Publish'), { name: 'AuthorizationErrorException' });
    const ctx = context({ publish: async () => Promise.reject(denied) }, { metrics });

    // Act
    const outcome = await snsNotificationStep(ctx);
    await metrics.flush();

    // Assess
    expect(outcome).toEqual({ type: 'succeed' });
    expect(metrics.sent).toEqual([{ name: 'NotificationFailed', value: 1, unit: 'Count', dimensions: { Target: 'staging-orders' } }]);
    expect(ctx.logLines.some((line) => line.includes('success notification could not be sent'))).toBe(true);
  });
});
