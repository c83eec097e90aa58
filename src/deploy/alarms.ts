import { METRICS_NAMESPACE, STEPS } from '../constants';
import { getAtt, LOGICAL_IDS, logicalIdPart, ref, type CfnResource } from './cfn';
import type { Deployment } from './deployment';

const NOTIFY = { AlarmActions: [ref(LOGICAL_IDS.topic)] };
const NOTIFY_BOTH_WAYS = { AlarmActions: [ref(LOGICAL_IDS.topic)], OKActions: [ref(LOGICAL_IDS.topic)] };

function alarmName(deployment: Deployment, suffix: string): string {
  return `${deployment.service}-${deployment.stage}-${suffix}`;
}

/** Logical id of a nightly target's missed-refresh alarm. */
export function missedRefreshAlarmId(targetName: string): string {
  return `MissedRefreshAlarm${logicalIdPart(targetName)}`;
}

/** Logical id of a step's duration alarm. */
export function stepDurationAlarmId(step: string): string {
  return `StepDurationAlarm${logicalIdPart(step)}`;
}

/**
 * Any failed operation, whatever its target and step. `OperationFailed` carries both dimensions, and
 * on-demand targets are not known when deploying, so a Metrics Insights query sums them all.
 */
function failedOperationAlarm(deployment: Deployment): CfnResource {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: alarmName(deployment, 'operation-failed'),
      AlarmDescription: 'A refresh failed. The notification names the operation, the step and the error; `npm run status -- <operationId>` shows the rest.',
      ...NOTIFY,
      Metrics: [
        {
          Id: 'failed',
          Expression: `SELECT SUM(OperationFailed) FROM SCHEMA("${METRICS_NAMESPACE}", Step, Target)`,
          Period: 300,
          ReturnData: true,
        },
      ],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    },
  };
}

/**
 * No successful refresh of a nightly target within the window (26 h by default): one hourly
 * datapoint per hour, all of them without a success, and no data at all counts as none.
 */
function missedRefreshAlarm(deployment: Deployment, targetName: string, clusterId: string): CfnResource {
  const hours = deployment.settings.missedRefreshHours;
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: alarmName(deployment, `missed-refresh-${targetName}`),
      AlarmDescription: `No successful refresh of ${clusterId} in ${hours} h: the nightly refresh did not run, or did not finish.`,
      ...NOTIFY_BOTH_WAYS,
      Namespace: METRICS_NAMESPACE,
      MetricName: 'OperationSucceeded',
      Dimensions: [{ Name: 'Target', Value: clusterId }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: hours,
      DatapointsToAlarm: hours,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    },
  };
}

/**
 * The metric the sweep (every 15 minutes) reports for every RUNNING operation: how long its current
 * step has been running, in seconds, with the single dimension `Step`, so the maximum per step is
 * the oldest running instance of it. This is what lets a step alarm fire while the step still runs.
 */
export const RUNNING_STEP_AGE = { namespace: METRICS_NAMESPACE, metricName: 'RunningStepAge', unit: 'Seconds', dimension: 'Step' } as const;

/** The sweep's rate: one RunningStepAge datapoint per running step and period. */
const SWEEP_PERIOD_SECONDS = 900;

/**
 * A step over its threshold: the larger of its finished duration (`StepDuration`, sent when it
 * ends) and its running age (`RunningStepAge`, sent by the sweep while it runs), so a step that
 * hangs raises the alarm long before it ends, if it ever does. Two periods with one breaching
 * datapoint keep a sweep that lands a little late from flapping the alarm back to OK.
 */
function stepDurationAlarm(deployment: Deployment, step: string, thresholdSeconds: number): CfnResource {
  const metric = (name: string) => ({ Namespace: METRICS_NAMESPACE, MetricName: name, Dimensions: [{ Name: RUNNING_STEP_AGE.dimension, Value: step }] });
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: alarmName(deployment, `step-duration-${step}`),
      AlarmDescription: `Step ${step} has been running, or ran, longer than ${thresholdSeconds} s (STEP_DURATION_ALARM_SECONDS). \`npm run status -- --target <cluster>\` shows which operation.`,
      ...NOTIFY,
      Metrics: [
        { Id: 'finished', MetricStat: { Metric: metric('StepDuration'), Period: SWEEP_PERIOD_SECONDS, Stat: 'Maximum' }, ReturnData: false },
        { Id: 'running', MetricStat: { Metric: metric(RUNNING_STEP_AGE.metricName), Period: SWEEP_PERIOD_SECONDS, Stat: 'Maximum' }, ReturnData: false },
        { Id: 'longest', Expression: 'MAX([finished, running])', Label: `${step} duration (s)`, ReturnData: true },
      ],
      EvaluationPeriods: 2,
      DatapointsToAlarm: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: thresholdSeconds,
      TreatMissingData: 'notBreaching',
    },
  };
}

function lambdaAlarm(deployment: Deployment, metric: 'Errors' | 'Throttles', description: string): CfnResource {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: alarmName(deployment, `function-${metric.toLowerCase()}`),
      AlarmDescription: description,
      ...NOTIFY,
      Namespace: 'AWS/Lambda',
      MetricName: metric,
      Dimensions: [{ Name: 'FunctionName', Value: ref(LOGICAL_IDS.function) }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    },
  };
}

/**
 * Every alarm, each notifying the topic: a failed operation; a missed nightly refresh per enabled
 * target; a step over its duration threshold, while it runs or once it ended; messages in the
 * dead-letter queue (a schedule, an RDS event or an invocation that could not be delivered: an
 * operation may be stuck); function errors and throttles.
 */
export function alarms(deployment: Deployment): Record<string, CfnResource> {
  const resources: Record<string, CfnResource> = {
    OperationFailedAlarm: failedOperationAlarm(deployment),
    DeadLetterQueueAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: alarmName(deployment, 'dead-letters'),
        AlarmDescription:
          'Undeliverable schedules or RDS events, or failed invocations, are in the dead-letter queue: the operation they belong to may be stuck. Read the message, fix the cause, then resume the operation.',
        ...NOTIFY,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(LOGICAL_IDS.deadLetterQueue, 'QueueName') }],
        Statistic: 'Maximum',
        Period: 300,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
      },
    },
    FunctionErrorsAlarm: lambdaAlarm(deployment, 'Errors', 'The dispatcher raised an error (bad event, configuration, or an AWS call that kept failing). See its log.'),
    FunctionThrottlesAlarm: lambdaAlarm(deployment, 'Throttles', 'The dispatcher was throttled: the account or function concurrency limit was reached.'),
  };
  for (const target of deployment.nightlyTargets.filter((t) => t.enabled)) {
    resources[missedRefreshAlarmId(target.name)] = missedRefreshAlarm(deployment, target.name, target.request.target.clusterId);
  }
  for (const step of STEPS) {
    resources[stepDurationAlarmId(step)] = stepDurationAlarm(deployment, step, deployment.settings.stepDurationAlarmSeconds[step]);
  }
  return resources;
}
