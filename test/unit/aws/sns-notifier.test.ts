import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { SnsNotifier } from '../../../src/aws/sns-notifier';

const snsMock = mockClient(SNSClient);

describe('SnsNotifier', () => {
  beforeEach(() => snsMock.reset());

  it('publishes subject, body and filterable string attributes', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const notifier = new SnsNotifier(new SNSClient({ region: 'eu-west-1' }));
    const id = await notifier.publish({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:t', subject: 'S', body: 'B', attributes: { status: 'FAILED', target: 'staging' } });
    expect(id).toBe('m-1');
    expect(snsMock).toReceiveCommandWith(PublishCommand, {
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:t',
      Subject: 'S',
      Message: 'B',
      MessageAttributes: { status: { DataType: 'String', StringValue: 'FAILED' }, target: { DataType: 'String', StringValue: 'staging' } },
    });
  });

  it('refuses to publish without a topic', async () => {
    const notifier = new SnsNotifier(new SNSClient({ region: 'eu-west-1' }));
    await expect(notifier.publish({ subject: 'S', body: 'B', attributes: {} })).rejects.toThrow('NOTIFICATION_TOPIC_ARN');
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 0);
  });
});
