import { EmfMetrics } from '../../../src/observability/emf-metrics';
import type { MetricDatum } from '../../../src/ports/metrics';

interface EmfBlob {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

function collector(): { lines: string[]; blobs: () => EmfBlob[]; metrics: EmfMetrics } {
  const lines: string[] = [];
  return { lines, blobs: () => lines.map((line) => JSON.parse(line) as EmfBlob), metrics: new EmfMetrics((line) => lines.push(line)) };
}

/** What CloudWatch extracts from a blob: each metric with its value(s) and dimensions. */
function extracted(blob: EmfBlob): { namespace: string; metric: string; unit: string; value: unknown; dimensions: Record<string, unknown> }[] {
  return blob._aws.CloudWatchMetrics.flatMap((directive) =>
    directive.Metrics.map((metric) => ({
      namespace: directive.Namespace,
      metric: metric.Name,
      unit: metric.Unit,
      value: blob[metric.Name],
      dimensions: Object.fromEntries(directive.Dimensions.flat().map((name) => [name, blob[name]])),
    })),
  );
}

describe('EmfMetrics', () => {
  it('writes nothing until the flush, and everything once', async () => {
    // Prepare
    const out = collector();
    out.metrics.add({ name: 'Checks', value: 1, unit: 'Count', dimensions: { Step: 'check-copy-status' } });

    // Act
    const before = out.lines.length;
    await out.metrics.flush();
    await out.metrics.flush();

    // Assess
    expect(before).toBe(0);
    expect(out.lines).toHaveLength(1);
  });

  it('gives every dimension set its own blob, in the AuroraRestore namespace, with exactly the datum dimensions', async () => {
    // Prepare
    const out = collector();
    const data: MetricDatum[] = [
      { name: 'OperationFailed', value: 1, unit: 'Count', dimensions: { Step: 'delete-rds', Target: 'staging' } },
      { name: 'StepDuration', value: 12.5, unit: 'Seconds', dimensions: { Step: 'copy-snapshot' } },
      { name: 'StepDuration', value: 3, unit: 'Seconds', dimensions: { Step: 'delete-rds' } },
      { name: 'StepChecks', value: 4, unit: 'Count', dimensions: { Step: 'copy-snapshot' } },
      { name: 'OperationSucceeded', value: 1, unit: 'Count', dimensions: { Target: 'staging' } },
    ];
    for (const datum of data) out.metrics.add(datum);

    // Act
    await out.metrics.flush();

    // Assess: four dimension sets, four blobs; no Powertools `service` dimension anywhere.
    expect(out.lines).toHaveLength(4);
    const expected = data.map((datum) => ({ namespace: 'AuroraRestore', metric: datum.name, unit: datum.unit, value: datum.value, dimensions: datum.dimensions }));
    expect(out.blobs().flatMap(extracted)).toHaveLength(expected.length);
    expect(out.blobs().flatMap(extracted)).toEqual(expect.arrayContaining(expected));
    expect(out.lines.join('\n')).not.toContain('service');
  });

  it('keeps repeated values of one metric with the same dimensions in one blob', async () => {
    // Prepare
    const out = collector();
    for (const value of [1, 1, 1]) out.metrics.add({ name: 'Checks', value, unit: 'Count', dimensions: { Step: 'check-copy-status' } });

    // Act
    await out.metrics.flush();

    // Assess
    expect(out.blobs().flatMap(extracted)).toEqual([{ namespace: 'AuroraRestore', metric: 'Checks', unit: 'Count', value: [1, 1, 1], dimensions: { Step: 'check-copy-status' } }]);
  });

  it('writes a metric without dimensions with an empty dimension list', async () => {
    // Prepare
    const out = collector();
    out.metrics.add({ name: 'SweepRuns', value: 1, unit: 'Count', dimensions: {} });

    // Act
    await out.metrics.flush();

    // Assess
    expect(out.blobs()[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([]);
    expect(out.blobs()[0]?.SweepRuns).toBe(1);
  });
});
