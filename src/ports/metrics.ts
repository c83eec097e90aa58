/** Dimensions are few and bounded (Step, Outcome, Target): never an operation id. */
export type MetricDimensions = Partial<Record<'Step' | 'Outcome' | 'Target', string>>;

export interface MetricDatum {
  name: string;
  value: number;
  unit: 'Count' | 'Milliseconds' | 'Seconds' | 'Percent';
  dimensions: MetricDimensions;
}

/**
 * The metrics port: collects data during an invocation and writes them at its end (in Lambda as
 * embedded metric format in the log, src/observability/emf-metrics.ts; in memory for tests and local runs).
 */
export interface MetricsPort {
  add(datum: MetricDatum): void;
  flush(): Promise<void>;
}
