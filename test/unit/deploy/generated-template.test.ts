import { STEPS } from '../../../src/constants';
import { startEventSchema } from '../../../src/events/schema';
import { generateTemplate } from '../../../src/deploy/generated-template';
import { deliveredStartEvent } from '../../../src/deploy/nightly-targets';
import { requestInput } from '../../support/factories';
import { deployment, nightlyEntry } from './fixtures';

const QA_ENTRY = nightlyEntry({
  name: 'qa',
  schedule: 'cron(30 4 ? * MON-FRI *)',
  timezone: 'UTC',
  enabled: false,
  request: requestInput({ target: { clusterId: 'qa-orders', instances: [{ id: 'qa-orders-1', instanceClass: 'db.r6g.large' }] } }),
});

function generated(environment: NodeJS.ProcessEnv = { TARGET_CLUSTER_IDS: 'qa-*', SCHEDULE_RETRY_ATTEMPTS: '5' }) {
  return generateTemplate(deployment(environment, [nightlyEntry(), QA_ENTRY]));
}

type Props = Record<string, any>;
const props = (template: ReturnType<typeof generated>, id: string): Props => {
  const resource = template.resources.Resources[id];
  if (resource === undefined) throw new Error(`no resource ${id}`);
  return resource.Properties as Props;
};

describe('nightly schedules', () => {
  it('become recurring Scheduler schedules in the nightly group, invoking the dispatcher through the Scheduler role', () => {
    // Act
    const schedule = props(generated(), 'NightlyScheduleStaging');

    // Assess
    expect(schedule).toMatchObject({
      Name: 'aurora-restore-test-staging',
      GroupName: { Ref: 'NightlyScheduleGroup' },
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': ['DispatcherLambdaFunction', 'Arn'] },
        RoleArn: { 'Fn::GetAtt': ['SchedulerRole', 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
      },
    });
  });

  it.each([
    ['NightlyScheduleStaging', 'staging-orders', 'ENABLED'],
    ['NightlyScheduleQa', 'qa-orders', 'DISABLED'],
  ])('%s carries a start event for %s that the handler accepts (%s)', (id, cluster, state) => {
    // Prepare
    const schedule = props(generated(), id);

    // Act
    const event = startEventSchema.parse(deliveredStartEvent(schedule.Target.Input, '2026-11-25T02:00:00Z'));

    // Assess
    expect(schedule.State).toBe(state);
    expect(event).toMatchObject({ step: 'start', idempotencyKey: '2026-11-25T02:00:00Z', request: { target: { clusterId: cluster } } });
  });

  it('refuses a schedule name longer than Scheduler allows', () => {
    // Prepare
    const longName = nightlyEntry({ name: 'a'.repeat(40) });

    // Act / Assess
    expect(() => generateTemplate(deployment({ TARGET_CLUSTER_IDS: 'x' }, [longName], { service: 'aurora-restore', stage: 'production-eu', functionName: 'f', functionTimeoutSeconds: 900 }))).toThrow(
      /longer than Scheduler's 64 characters/,
    );
  });
});

describe('RDS event rule', () => {
  it('forwards the four wake-up events about managed clusters and instances to the dispatcher', () => {
    // Act
    const template = generated();

    // Assess
    expect(props(template, 'RdsEventRule').EventPattern).toEqual({
      source: ['aws.rds'],
      'detail-type': ['RDS DB Cluster Event', 'RDS DB Instance Event'],
      detail: {
        EventID: ['RDS-EVENT-0170', 'RDS-EVENT-0171', 'RDS-EVENT-0005', 'RDS-EVENT-0003'],
        SourceIdentifier: [{ prefix: 'qa-' }, { prefix: 'staging-orders' }],
      },
    });
    expect(props(template, 'RdsEventRule').Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': ['DispatcherLambdaFunction', 'Arn'] } })]);
    expect(props(template, 'RdsEventInvokePermission')).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': ['DispatcherLambdaFunction', 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': ['RdsEventRule', 'Arn'] },
    });
  });
});

describe('RDS event rule delivery', () => {
  it('retries an undelivered event for an hour, then sends it to the dead-letter queue, which lets only this rule write', () => {
    // Act
    const template = generated();

    // Assess
    expect(props(template, 'RdsEventRule').Targets[0]).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
    });
    expect(props(template, 'DeadLetterQueuePolicy')).toEqual({
      Queues: [{ Ref: 'DeadLetterQueue' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'RdsEventRuleDeadLetters',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['RdsEventRule', 'Arn'] } } },
          },
        ],
      },
    });
  });
});

describe('alarms', () => {
  const template = generated({ TARGET_CLUSTER_IDS: 'qa-*', STEP_DURATION_ALARM_SECONDS: 'check-copy-status=100000', MISSED_REFRESH_ALARM_HOURS: '30' });
  const alarms = Object.entries(template.resources.Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');

  it('all notify the topic', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const [, alarm] of alarms) expect(alarm.Properties?.AlarmActions).toEqual([{ Ref: 'NotificationTopic' }]);
  });

  it('fire on any failed operation, whatever its step and target', () => {
    expect(props(template, 'OperationFailedAlarm')).toMatchObject({
      Metrics: [{ Id: 'failed', Expression: 'SELECT SUM(OperationFailed) FROM SCHEMA("AuroraRestore", Step, Target)', Period: 300, ReturnData: true }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });
  });

  it('fire when an enabled nightly target has no success for the configured hours, missing data counting as none', () => {
    expect(props(template, 'MissedRefreshAlarmStaging')).toMatchObject({
      Namespace: 'AuroraRestore',
      MetricName: 'OperationSucceeded',
      Dimensions: [{ Name: 'Target', Value: 'staging-orders' }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 30,
      DatapointsToAlarm: 30,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
    expect(template.resources.Resources.MissedRefreshAlarmQa).toBeUndefined();
  });

  it('watch every step duration against its threshold', () => {
    const steps = alarms
      .filter(([id]) => id.startsWith('StepDurationAlarm'))
      .map(([, a]) => (a.Properties?.Metrics as { MetricStat?: { Metric: { Dimensions: { Value: string }[] } } }[])[0]?.MetricStat?.Metric.Dimensions[0]?.Value);
    expect(steps).toEqual([...STEPS]);
    expect(props(template, 'StepDurationAlarmCheckCopyStatus').Threshold).toBe(100000);
  });

  it('fire on a step still running past its threshold (the sweep reports RunningStepAge), not only once it ended', () => {
    // Prepare
    const metric = (name: string) => ({ Namespace: 'AuroraRestore', MetricName: name, Dimensions: [{ Name: 'Step', Value: 'check-copy-status' }] });

    // Act
    const alarm = props(template, 'StepDurationAlarmCheckCopyStatus');

    // Assess
    expect(alarm).toMatchObject({
      Metrics: [
        { Id: 'finished', MetricStat: { Metric: metric('StepDuration'), Period: 900, Stat: 'Maximum' }, ReturnData: false },
        { Id: 'running', MetricStat: { Metric: metric('RunningStepAge'), Period: 900, Stat: 'Maximum' }, ReturnData: false },
        { Id: 'longest', Expression: 'MAX([finished, running])', ReturnData: true },
      ],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 100000,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.MetricName).toBeUndefined();
  });

  it.each([
    ['DeadLetterQueueAlarm', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', { Name: 'QueueName', Value: { 'Fn::GetAtt': ['DeadLetterQueue', 'QueueName'] } }],
    ['FunctionErrorsAlarm', 'AWS/Lambda', 'Errors', { Name: 'FunctionName', Value: { Ref: 'DispatcherLambdaFunction' } }],
    ['FunctionThrottlesAlarm', 'AWS/Lambda', 'Throttles', { Name: 'FunctionName', Value: { Ref: 'DispatcherLambdaFunction' } }],
  ])('%s fires on any %s %s', (id, namespace, metric, dimension) => {
    expect(props(template, id)).toMatchObject({ Namespace: namespace, MetricName: metric, Dimensions: [dimension], Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });
});

describe('dashboard', () => {
  it('shows operations, step durations, checks, the function, the queue and every alarm', () => {
    // Prepare
    const template = generated();
    const alarmNames = Object.values(template.resources.Resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties?.AlarmName);

    // Act
    const body = JSON.parse(props(template, 'Dashboard').DashboardBody['Fn::Sub']);

    // Assess
    const text = JSON.stringify(body);
    for (const metric of ['OperationSucceeded', 'OperationFailed', 'OperationCancelled', 'OperationDuration', 'StepDuration', 'StepChecks', 'Checks', 'ApproximateNumberOfMessagesVisible', 'Errors']) {
      expect(text).toContain(metric);
    }
    const alarmWidget = body.widgets.find((w: { type: string }) => w.type === 'alarm');
    expect(alarmWidget.properties.alarms).toEqual(alarmNames.map((name) => `arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${name}`));
    // Fn::Sub must see only its own variables.
    expect(text.match(/\$\{[^}]*\}/g)?.every((v) => /^\$\{(AWS::(Region|Partition|AccountId)|DispatcherLambdaFunction|DeadLetterQueue\.QueueName)\}$/.test(v))).toBe(true);
  });
});

describe('the rest of the generated parts', () => {
  it.each([
    [{ TARGET_CLUSTER_IDS: 'a', NOTIFICATION_EMAIL: 'dba@example.com' }, [{ Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'NotificationTopic' }, Protocol: 'email', Endpoint: 'dba@example.com' } }]],
    [{ TARGET_CLUSTER_IDS: 'a' }, []],
  ])('subscribes NOTIFICATION_EMAIL to the topic only when it is set (%o)', (environment, subscriptions) => {
    expect(Object.values(generated(environment).resources.Resources).filter((r) => r.Type === 'AWS::SNS::Subscription')).toEqual(subscriptions);
  });

  it.each([
    [{ TARGET_CLUSTER_IDS: 'a' }, null, null],
    [{ TARGET_CLUSTER_IDS: 'a', TERMINATION_PROTECTED_STAGES: 'prod, staging', DISPATCHER_RESERVED_CONCURRENCY: '5' }, { stages: ['prod', 'staging'] }, 5],
  ])('protects the stages and reserves the concurrency .env names (%o)', (environment, deletionProtection, reservedConcurrency) => {
    expect(generated(environment)).toMatchObject({ deletionProtection, reservedConcurrency });
  });

  it('sets the VPC only when configured, and the log retention', () => {
    expect(generated().vpc).toBeNull();
    expect(generated().logRetentionInDays).toBe(30);
    expect(generated({ TARGET_CLUSTER_IDS: 'a', VPC_SUBNET_IDS: 'subnet-01', VPC_SECURITY_GROUP_IDS: 'sg-01', LOG_RETENTION_DAYS: '90' })).toMatchObject({
      vpc: { subnetIds: ['subnet-01'], securityGroupIds: ['sg-01'] },
      logRetentionInDays: 90,
    });
  });
});
