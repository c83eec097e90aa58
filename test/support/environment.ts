/** A complete, valid environment for the dispatcher, as serverless.yml would set it. */
export function validEnvironment(): Record<string, string> {
  return {
    AWS_REGION: 'eu-west-1',
    TABLE_NAME: 'aurora-restore-operations',
    SCHEDULE_GROUP_NAME: 'aurora-restore',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/aurora-restore-scheduler',
    SCHEDULE_DLQ_ARN: 'arn:aws:sqs:eu-west-1:123456789012:aurora-restore-dlq',
    DISPATCHER_FUNCTION_ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:aurora-restore-dispatcher',
    NOTIFICATION_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:aurora-restore',
    RDS_MAX_ATTEMPTS: '1',
  };
}
