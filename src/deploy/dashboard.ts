import { METRICS_NAMESPACE } from '../constants';
import { RUNNING_STEP_AGE } from './alarms';
import { escapeSub, LOGICAL_IDS, sub, type CfnResource } from './cfn';
import type { Deployment } from './deployment';

const HOUR = 3600;

function search(schema: string, metric: string, statistic: string, period = HOUR): string {
  return `SEARCH('{${METRICS_NAMESPACE},${schema}} MetricName="${metric}"', '${statistic}', ${period})`;
}

/** A metric row `[namespace, metric, dimension, value, …, options]` or an expression row. */
type MetricsEntry = unknown[];

function graph(title: string, x: number, y: number, metrics: MetricsEntry[], extra: Record<string, unknown> = {}) {
  return {
    type: 'metric',
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region: '${AWS::Region}', view: 'timeSeries', stacked: false, metrics, ...extra },
  };
}

/**
 * One entry of a graph's `metrics`: every entry is an array, and an expression's is
 * `[{ expression, id, label }]`. A graph's list holds such entries side by side; spreading one into
 * the list puts a bare object there, which CloudWatch rejects ("Should be array").
 */
function expression(id: string, text: string, label?: string): [Record<string, string>] {
  return [{ id, expression: text, ...(label ? { label } : {}) }];
}

/**
 * The operations dashboard: outcomes per target, operation and step durations, status checks per
 * step, the function's health and the dead-letter queue, and the state of every alarm. Custom
 * metrics are found with SEARCH, so targets started on demand appear without redeploying.
 */
export function dashboard(deployment: Deployment, alarmNames: string[]): Record<string, CfnResource> {
  const fn = `\${${LOGICAL_IDS.function}}`;
  const widgets = [
    {
      type: 'text',
      x: 0,
      y: 0,
      width: 24,
      height: 2,
      properties: {
        markdown: `## ${escapeSub(deployment.service)} (${escapeSub(deployment.stage)})\nOne dispatcher refreshes Aurora clusters from snapshots. \`npm run status -- <operationId>\` shows one operation; \`npm run status -- --target <cluster>\` the newest ones of a target.`,
      },
    },
    graph('Operations per target (hourly)', 0, 2, [
      expression('succeeded', search('Target', 'OperationSucceeded', 'Sum')),
      expression('failed', search('Step,Target', 'OperationFailed', 'Sum')),
      expression('cancelled', search('Target', 'OperationCancelled', 'Sum')),
    ]),
    graph('Operation duration (s)', 12, 2, [expression('duration', search('Target', 'OperationDuration', 'Maximum'))]),
    graph('Step duration (s): finished steps, and running ones as the sweep sees them', 0, 8, [
      expression('steps', search('Step', 'StepDuration', 'Maximum')),
      expression('running', search('Step', RUNNING_STEP_AGE.metricName, 'Maximum', 900)),
    ]),
    graph('Status checks per step', 12, 8, [
      expression('perStep', search('Step', 'StepChecks', 'Maximum')),
      expression('checks', search('Step', 'Checks', 'Sum')),
    ]),
    graph('Dispatcher', 0, 14, [
      ['AWS/Lambda', 'Invocations', 'FunctionName', fn, { stat: 'Sum' }],
      ['AWS/Lambda', 'Errors', 'FunctionName', fn, { stat: 'Sum' }],
      ['AWS/Lambda', 'Throttles', 'FunctionName', fn, { stat: 'Sum' }],
      ['AWS/Lambda', 'Duration', 'FunctionName', fn, { stat: 'Maximum', yAxis: 'right' }],
    ], { period: 300 }),
    graph('Dead-letter queue', 12, 14, [
      ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', `\${${LOGICAL_IDS.deadLetterQueue}.QueueName}`, { stat: 'Maximum' }],
      expression('notifications', search('Target', 'NotificationFailed', 'Sum', 300), 'notifications failed'),
    ], { period: 300 }),
    {
      type: 'alarm',
      x: 0,
      y: 20,
      width: 24,
      height: 4,
      properties: {
        title: 'Alarms',
        alarms: alarmNames.map((name) => `arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${escapeSub(name)}`),
      },
    },
  ];
  return {
    [LOGICAL_IDS.dashboard]: {
      Type: 'AWS::CloudWatch::Dashboard',
      Properties: {
        DashboardName: `${deployment.service}-${deployment.stage}`,
        DashboardBody: sub(JSON.stringify({ widgets })),
      },
    },
  };
}
