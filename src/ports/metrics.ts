/** Dimensions are few and bounded (Step, Outcome, Target): never an operation id. */
export type MetricDimensions = Partial<Record<'Step' | 'Outcome' | 'Target', string>>;

export interface MetricDatum {
  name: string;
  value: number;
  unit: 'Count' | 'Milliseconds' | 'Seconds' | 'Percent';
  dimensions: MetricDimensions;
}

/** The metrics port: collects data during an invocation and sends them in one call at its end. */
export interface MetricsPort {
  add(datum: MetricDatum): void;
  flush(): Promise<void>;
}
