import { generateTemplate } from '../../../src/deploy/generated-template';
import { parseDashboardBody } from '../../support/cloudformation/dashboard-body-schema';
import { deployment, nightlyEntry } from './fixtures';

function dashboardBody(environment: NodeJS.ProcessEnv = { TARGET_CLUSTER_IDS: 'qa-*' }): unknown {
  return generateTemplate(deployment(environment, [nightlyEntry()])).resources.Resources.Dashboard?.Properties?.DashboardBody;
}

describe('the dashboard body', () => {
  it('has the structure CloudWatch documents: every metrics entry an array, expressions as [{ expression, id, label }]', () => {
    // Act
    const parsed = parseDashboardBody(dashboardBody());

    // Assess
    expect(parsed.issues).toEqual([]);
    const graphs = parsed.body!.widgets.flatMap((widget) => (widget.type === 'metric' ? [widget.properties.metrics ?? []] : []));
    expect(graphs.length).toBeGreaterThan(0);
    for (const metrics of graphs) for (const entry of metrics) expect(Array.isArray(entry)).toBe(true);
  });

  it('draws the running steps the sweep reports beside the finished ones', () => {
    // Act
    const text = JSON.stringify(parseDashboardBody(dashboardBody()).body);

    // Assess
    expect(text).toContain('MetricName=\\"RunningStepAge\\"');
    expect(text).toContain('MetricName=\\"StepDuration\\"');
  });

  it('lists every alarm of the stack in its alarm widget', () => {
    // Prepare
    const template = generateTemplate(deployment({ TARGET_CLUSTER_IDS: 'qa-*' }, [nightlyEntry()]));
    const alarmNames = Object.values(template.resources.Resources)
      .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
      .map((resource) => String(resource.Properties?.AlarmName));

    // Act
    const widget = parseDashboardBody(dashboardBody()).body!.widgets.find((w) => w.type === 'alarm');

    // Assess
    expect(widget?.type === 'alarm' && widget.properties.alarms).toEqual(alarmNames.map((name) => `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`));
  });
});

describe('the dashboard body schema', () => {
  const body = (metrics: unknown[]) => JSON.stringify({ widgets: [{ type: 'metric', x: 0, y: 0, width: 12, height: 6, properties: { region: 'eu-west-1', metrics } }] });

  it.each([
    ['a bare expression object in the list', [{ id: 'a', expression: 'SEARCH(...)' }], /metrics\.0: Should be array/],
    ['an expression row without its expression', [[{ id: 'a', label: 'x' }]], /metrics\.0/],
    ['options before the dimensions', [['AWS/Lambda', 'Errors', { stat: 'Sum' }, 'FunctionName']], /rendering options must be the last element/],
    ['a dimension without its value', [['AWS/Lambda', 'Errors', 'FunctionName']], /dimension name\/value pairs/],
    ['an unknown rendering option', [['AWS/Lambda', 'Errors', { statistic: 'Sum' }]], /metrics\.0/],
  ])('rejects %s', (_what, metrics, message) => {
    expect(parseDashboardBody(body(metrics)).issues.join('\n')).toMatch(message);
  });

  it.each([
    ['metric rows', [['AWS/Lambda', 'Errors', 'FunctionName', 'f', { stat: 'Sum' }], ['.', 'Throttles', '.', '.']]],
    ['expression rows', [[{ expression: 'SEARCH(...)', id: 'a', label: 'x' }], [{ expression: 'SUM(a)', id: 'b' }]]],
  ])('accepts %s', (_what, metrics) => {
    expect(parseDashboardBody(body(metrics)).issues).toEqual([]);
  });

  it('rejects an alarm widget naming something other than an alarm ARN', () => {
    // Prepare
    const alarmWidget = JSON.stringify({ widgets: [{ type: 'alarm', properties: { alarms: ['my-alarm'] } }] });

    // Act / Assess
    expect(parseDashboardBody(alarmWidget).issues).toEqual(['widgets.0.properties.alarms.0: must be a CloudWatch alarm ARN']);
  });
});
