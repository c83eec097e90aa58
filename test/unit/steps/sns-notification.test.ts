import { snsNotificationStep } from '../../../src/steps/sns-notification';
import { stepContext, TOPIC_ARN } from '../../support/step-context';
import { runAsEngine } from '../../support/run-as-engine';

function context(options: { onSuccess?: boolean; topic?: boolean } = {}) {
  return stepContext({
    step: 'sns-notification',
    request: { notification: { onSuccess: options.onSuccess ?? true } },
    facts: { writerEndpoint: 'staging-orders.cluster-abc.eu-west-1.rds.amazonaws.com', port: 5432 },
    ...(options.topic === false ? {} : { defaultTopicArn: TOPIC_ARN }),
  });
}

describe('sns-notification', () => {
  it('ends the operation with the success summary for the engine to publish', async () => {
    // Act
    const outcome = await runAsEngine(snsNotificationStep, context());

    // Assess
    expect(outcome).toMatchObject({
      type: 'succeed',
      notification: { topicArn: TOPIC_ARN, subject: '[aurora-restore] SUCCEEDED: staging-orders', attributes: expect.objectContaining({ status: 'SUCCEEDED', target: 'staging-orders' }) },
    });
  });

  it('ends without a notification when asked not to notify on success', async () => {
    expect(await runAsEngine(snsNotificationStep, context({ onSuccess: false }))).toEqual({ type: 'succeed' });
  });

  it('leaves the topic empty when neither the request nor the deployment names one (the engine then logs and sends nothing)', async () => {
    const outcome = await runAsEngine(snsNotificationStep, context({ topic: false }));
    expect(outcome.type === 'succeed' && outcome.notification?.topicArn).toBeUndefined();
  });

  it.each<[string, boolean]>([
    ['with the success summary to publish at the release', true],
    ['without one when asked not to notify on success', false],
  ])('after a swap that keeps a retired cluster, releases the target and goes on to retire, %s', async (_case, onSuccess) => {
    // Prepare
    const swapped = stepContext({
      step: 'sns-notification',
      request: { strategy: 'swap', notification: { onSuccess } },
      facts: { strategy: 'swap', targetExisted: true, swappedAt: '2026-11-25T04:00:00.000Z', writerEndpoint: 'staging-orders.cluster-abc.eu-west-1.rds.amazonaws.com' },
      defaultTopicArn: TOPIC_ARN,
    });

    // Act
    const outcome = await runAsEngine(snsNotificationStep, swapped);

    // Assess
    expect(outcome).toMatchObject({ type: 'advance', next: 'retire' });
    const release = outcome.type === 'advance' ? outcome.releaseTarget : undefined;
    expect(release).toBeDefined();
    expect(release?.notification?.subject).toBe(onSuccess ? '[aurora-restore] SUCCEEDED: staging-orders' : undefined);
  });
});
