import { functionEnvironment } from '../../../src/deploy/function-environment';
import { deployment } from './fixtures';

describe('functionEnvironment', () => {
  it('wires the stack resources and passes the settings .env sets', () => {
    // Act
    const environment = functionEnvironment(deployment({ TARGET_CLUSTER_IDS: 'a', LOG_LEVEL: 'debug', WAIT_STRATEGY: 'backoff' }));

    // Assess
    expect(environment).toEqual({
      LOG_LEVEL: 'debug',
      WAIT_STRATEGY: 'backoff',
      TABLE_NAME: { Ref: 'OperationsTable' },
      SCHEDULE_GROUP_NAME: { Ref: 'ScheduleGroup' },
      SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': ['SchedulerRole', 'Arn'] },
      SCHEDULE_DLQ_ARN: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
      DISPATCHER_FUNCTION_ARN: { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:aurora-restore-test-dispatcher' },
      NOTIFICATION_TOPIC_ARN: { Ref: 'NotificationTopic' },
      STAGE: 'test',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });
});
