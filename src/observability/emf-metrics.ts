import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE } from '../constants';
import type { MetricDatum, MetricsPort } from '../ports/metrics';

/** Powertools keeps at most 100 values of one metric in one blob. */
const MAX_VALUES_PER_BLOB = 100;

/** Where EMF lines go: stdout in Lambda (CloudWatch Logs extracts the metrics), a collector in tests. */
export type EmfSink = (line: string) => void;

const stdoutSink: EmfSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/** The data that share one dimension set, names and values alike: they can share one EMF blob. */
function byDimensions(data: readonly MetricDatum[]): MetricDatum[][] {
  const groups = new Map<string, MetricDatum[]>();
  for (const datum of data) {
    const key = JSON.stringify(Object.entries(datum.dimensions).sort(([a], [b]) => a.localeCompare(b)));
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [datum]);
    else group.push(datum);
  }
  return [...groups.values()];
}

/**
 * Metrics as CloudWatch embedded metric format in the function's log, serialised by Powertools for
 * AWS Lambda: no API call and no VPC endpoint on the invocation's path. Data are collected during
 * an invocation and written at its end.
 *
 * An EMF blob declares its dimension sets for all its metrics and holds one value per dimension, so
 * data with different dimensions (`OperationFailed` by Step and Target, `StepDuration` by Step; or
 * `Checks` for two steps) each get a blob of their own, as Powertools' `singleMetric()` would give,
 * while data with identical dimensions share one. Powertools' default `service` dimension is
 * cleared: the dimensions are exactly the low-cardinality Step, Outcome and Target of each datum,
 * which the alarms and the dashboard name.
 */
export class EmfMetrics implements MetricsPort {
  private buffer: MetricDatum[] = [];

  public constructor(private readonly sink: EmfSink = stdoutSink) {}

  public add(datum: MetricDatum): void {
    this.buffer.push(datum);
  }

  public async flush(): Promise<void> {
    const data = this.buffer;
    this.buffer = [];
    for (const group of byDimensions(data)) {
      for (let start = 0; start < group.length; start += MAX_VALUES_PER_BLOB) this.write(group.slice(start, start + MAX_VALUES_PER_BLOB));
    }
  }

  private write(data: MetricDatum[]): void {
    const [first] = data;
    if (first === undefined) return;
    const blob = new Metrics({ namespace: METRICS_NAMESPACE });
    blob.clearDefaultDimensions();
    if (Object.keys(first.dimensions).length > 0) blob.addDimensions(first.dimensions as Record<string, string>);
    for (const datum of data) blob.addMetric(datum.name, datum.unit, datum.value);
    // Serialised here and written to our sink rather than published to Powertools' own console, so
    // tests and local runs read exactly what CloudWatch would.
    this.sink(JSON.stringify(blob.serializeMetrics()));
    blob.clearMetrics();
  }
}
