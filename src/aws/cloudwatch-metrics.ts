import { CloudWatchClient, PutMetricDataCommand, type StandardUnit } from '@aws-sdk/client-cloudwatch';
import { METRICS_NAMESPACE } from '../constants';
import type { MetricDatum, MetricsPort } from '../ports/metrics';

/** PutMetricData takes at most 1000 data per call; one invocation produces a few dozen at most. */
const MAX_DATA_PER_CALL = 1000;

/**
 * Buffers metrics during an invocation and sends them in one PutMetricData at its end. Dimensions
 * are the low-cardinality Step/Outcome/Target only: a metric per operation id would be billed monthly.
 */
export class CloudWatchMetrics implements MetricsPort {
  private buffer: MetricDatum[] = [];

  public constructor(
    private readonly client: CloudWatchClient,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  public add(datum: MetricDatum): void {
    this.buffer.push(datum);
  }

  public async flush(): Promise<void> {
    const data = this.buffer.splice(0, MAX_DATA_PER_CALL);
    this.buffer = [];
    if (data.length === 0) return;
    const timestamp = this.clock();
    await this.client.send(
      new PutMetricDataCommand({
        Namespace: METRICS_NAMESPACE,
        MetricData: data.map((datum) => ({
          MetricName: datum.name,
          Value: datum.value,
          Unit: datum.unit as StandardUnit,
          Timestamp: timestamp,
          Dimensions: Object.entries(datum.dimensions).map(([Name, Value]) => ({ Name, Value: String(Value) })),
        })),
      }),
    );
  }
}
