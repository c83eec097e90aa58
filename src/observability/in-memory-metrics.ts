import type { MetricDatum, MetricsPort } from '../ports/metrics';

/** Metrics kept in memory: the simulation and tests read them, and a disabled deployment sends none. */
export class InMemoryMetrics implements MetricsPort {
  public readonly sent: MetricDatum[] = [];
  private buffer: MetricDatum[] = [];

  public add(datum: MetricDatum): void {
    this.buffer.push(datum);
  }

  public async flush(): Promise<void> {
    this.sent.push(...this.buffer);
    this.buffer = [];
  }
}
