import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Notification, NotifierPort } from '../ports/notifier';

/** Publishes notifications to SNS, with string message attributes subscribers can filter on. */
export class SnsNotifier implements NotifierPort {
  public constructor(private readonly client: SNSClient) {}

  public async publish(notification: Notification): Promise<string> {
    if (notification.topicArn === undefined) throw new Error('No SNS topic: set NOTIFICATION_TOPIC_ARN or request.notification.topicArn');
    const result = await this.client.send(
      new PublishCommand({
        TopicArn: notification.topicArn,
        Subject: notification.subject,
        Message: notification.body,
        MessageAttributes: Object.fromEntries(
          Object.entries(notification.attributes).map(([key, value]) => [key, { DataType: 'String', StringValue: value }]),
        ),
      }),
    );
    return result.MessageId ?? '';
  }
}
