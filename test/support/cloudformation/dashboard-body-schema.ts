import { z } from 'zod';

/**
 * The structure of a CloudWatch dashboard body, as "Dashboard Body Structure and Syntax" in the
 * CloudWatch API reference documents it, for the widget types this project draws (metric, text,
 * alarm) and the log widget. CloudWatch checks the body when PutDashboard is called (that is, while
 * CloudFormation creates the stack) and rolls the stack back on any error, e.g. "Should be array"
 * for a `metrics` entry that is not an array. Every object is strict, so a misspelt key fails too.
 */

/** Rendering options, the optional last element of a metric row (or the only one of an expression row). */
const renderingOptions = z.strictObject({
  accountId: z.string().optional(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  label: z.string().optional(),
  id: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'an id starts with a lower-case letter, then letters, digits or _').optional(),
  period: z.number().int().positive().optional(),
  region: z.string().optional(),
  stat: z.string().optional(),
  visible: z.boolean().optional(),
  yAxis: z.enum(['left', 'right']).optional(),
});

/** `[ { "expression": "...", "id": "...", "label": "..." } ]`: a math or SEARCH expression. */
const expressionRow = z.tuple([renderingOptions.extend({ expression: z.string().min(1) })]);

/**
 * `[Namespace, MetricName, DimensionName, DimensionValue, …, {rendering options}?]`, where `"."`
 * repeats the row above's value and `"..."` all of them.
 */
const metricRow = z
  .array(z.union([z.string(), renderingOptions]))
  .min(1)
  .superRefine((row, context) => {
    const strings = row.filter((item) => typeof item === 'string');
    const optionsAt = row.findIndex((item) => typeof item !== 'string');
    if (optionsAt !== -1 && optionsAt !== row.length - 1) context.addIssue({ code: 'custom', message: 'rendering options must be the last element of a metric row' });
    if (strings.length === 0) context.addIssue({ code: 'custom', message: 'a metric row starts with the namespace and the metric name' });
    const shorthand = strings.includes('...');
    if (!shorthand && strings.length % 2 !== 0) context.addIssue({ code: 'custom', message: 'a metric row is namespace, metric name, then dimension name/value pairs' });
  });

/** Each entry of `metrics` is itself an array: a metric row or an expression row. */
const metricsEntry = z
  .array(z.unknown(), { error: 'Should be array: each metrics entry is a metric row or [{ expression, id, label }]' })
  .pipe(z.union([expressionRow, metricRow]));
const metricsList = z.array(metricsEntry).max(500);

const position = {
  x: z.number().int().min(0).max(23).optional(),
  y: z.number().int().min(0).optional(),
  width: z.number().int().min(1).max(24).optional(),
  height: z.number().int().min(1).max(1000).optional(),
};

const metricWidget = z.strictObject({
  type: z.literal('metric'),
  ...position,
  properties: z.strictObject({
    accountId: z.string().optional(),
    annotations: z.record(z.string(), z.unknown()).optional(),
    liveData: z.boolean().optional(),
    legend: z.strictObject({ position: z.enum(['right', 'bottom', 'hidden']) }).optional(),
    metrics: metricsList.optional(),
    period: z.number().int().positive().optional(),
    region: z.string().min(1),
    setPeriodToTimeRange: z.boolean().optional(),
    singleValueFullPrecision: z.boolean().optional(),
    sparkline: z.boolean().optional(),
    stacked: z.boolean().optional(),
    stat: z.string().optional(),
    table: z.record(z.string(), z.unknown()).optional(),
    title: z.string().optional(),
    view: z.enum(['timeSeries', 'singleValue', 'gauge', 'bar', 'pie', 'table']).optional(),
    yAxis: z.record(z.string(), z.unknown()).optional(),
  }),
});

const textWidget = z.strictObject({
  type: z.literal('text'),
  ...position,
  properties: z.strictObject({ markdown: z.string().min(1), background: z.enum(['solid', 'transparent']).optional() }),
});

const alarmArn = z.string().regex(/^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:[^\s]+$/, 'must be a CloudWatch alarm ARN');

const alarmWidget = z.strictObject({
  type: z.literal('alarm'),
  ...position,
  properties: z.strictObject({
    alarms: z.array(alarmArn).min(1).max(100),
    sortBy: z.enum(['default', 'stateUpdatedTimestamp', 'timestamp']).optional(),
    states: z.array(z.enum(['ALARM', 'INSUFFICIENT_DATA', 'OK'])).optional(),
    title: z.string().optional(),
  }),
});

const logWidget = z.strictObject({
  type: z.literal('log'),
  ...position,
  properties: z.strictObject({
    query: z.string().min(1),
    region: z.string().min(1),
    stacked: z.boolean().optional(),
    title: z.string().optional(),
    view: z.enum(['timeSeries', 'bar', 'pie', 'table']).optional(),
  }),
});

export const dashboardBodySchema = z.strictObject({
  start: z.string().optional(),
  end: z.string().optional(),
  periodOverride: z.enum(['auto', 'inherit']).optional(),
  widgets: z.array(z.discriminatedUnion('type', [metricWidget, textWidget, alarmWidget, logWidget])).max(500),
});

/** Values a deployed stack would put in place of the template's `${…}` variables. */
const SAMPLE_VALUES: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-west-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** The body as CloudWatch receives it: `Fn::Sub` resolved with sample values for the stack's own. */
export function resolveDashboardBody(body: unknown): string {
  const text = typeof body === 'string' ? body : (body as { 'Fn::Sub'?: unknown })?.['Fn::Sub'];
  if (typeof text !== 'string') throw new Error(`DashboardBody must be a string or { "Fn::Sub": string }, got ${JSON.stringify(body)}`);
  return text.replace(/\$\{(!?)([^}]*)\}/g, (_, literal: string, name: string) =>
    literal === '!' ? `\${${name}}` : (SAMPLE_VALUES[name] ?? `${name.replaceAll('.', '-').toLowerCase()}-value`),
  );
}

/** Parses and checks a dashboard body; `issues` names each problem by its JSON path. */
export function parseDashboardBody(body: unknown): { issues: string[]; body?: z.infer<typeof dashboardBodySchema> } {
  let json: unknown;
  try {
    json = JSON.parse(resolveDashboardBody(body));
  } catch (error) {
    return { issues: [`not JSON: ${(error as Error).message}`] };
  }
  const parsed = dashboardBodySchema.safeParse(json);
  if (parsed.success) return { issues: [], body: parsed.data };
  return { issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`) };
}
