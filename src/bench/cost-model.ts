/**
 * AWS list prices (us-east-1, on-demand, as published in 2026) used to compare waiting strategies.
 * Only the parts that change with the strategy are counted; RDS, storage and copies cost the same
 * whichever strategy waits for them.
 */
export const PRICES = {
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaPerGbSecond: 0.0000133334, // arm64
  schedulerPerInvocation: 1.0 / 1_000_000,
  dynamoDbPerWriteUnit: 0.625 / 1_000_000,
  dynamoDbPerReadUnit: 0.125 / 1_000_000,
  cloudWatchLogsPerGbIngested: 0.5,
} as const;

/**
 * Metrics travel as embedded metric format in the log: a few blobs of about 250 bytes per
 * invocation, billed as log ingestion (no PutMetricData call).
 */
export const EMF_BYTES_PER_INVOCATION = 1024;

/** What one refresh consumed. */
export interface Usage {
  invocations: number;
  /** Invocations started by EventBridge Scheduler (the others come from the start or RDS events). */
  scheduledInvocations: number;
  writeUnits: number;
  readUnits: number;
  /** Assumed billed duration per invocation (AWS calls dominate; the simulation cannot measure it). */
  msPerInvocation: number;
  memoryMb: number;
}

/** Estimated cost in USD of one refresh's waiting machinery. */
export function estimateCost(usage: Usage): { total: number; lambda: number; scheduler: number; dynamoDb: number; cloudWatch: number } {
  const lambda = usage.invocations * (PRICES.lambdaPerRequest + (usage.msPerInvocation / 1000) * (usage.memoryMb / 1024) * PRICES.lambdaPerGbSecond);
  const scheduler = usage.scheduledInvocations * PRICES.schedulerPerInvocation;
  const dynamoDb = usage.writeUnits * PRICES.dynamoDbPerWriteUnit + usage.readUnits * PRICES.dynamoDbPerReadUnit;
  const cloudWatch = ((usage.invocations * EMF_BYTES_PER_INVOCATION) / 1024 ** 3) * PRICES.cloudWatchLogsPerGbIngested;
  return { total: lambda + scheduler + dynamoDb + cloudWatch, lambda, scheduler, dynamoDb, cloudWatch };
}
