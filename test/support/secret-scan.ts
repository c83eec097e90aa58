import { findLeaks, findVerifiers, runtimeOutputs, type CapturedSource } from '../integration/pipeline/support/captured-output';
import type { LocalRuntime } from '../../src/local/local-runtime';
import type { Delivery } from './delivery-driver';

/**
 * Everything a run left that a person or a machine could read: every log line, every item of the
 * table as DynamoDB holds it, every notification with its attributes, every metric, the RDS call
 * log and events, the schedules, and what each invocation answered or threw.
 */
export async function outputsOf(runtime: LocalRuntime, deliveries: readonly Delivery[]): Promise<CapturedSource[]> {
  const answered = deliveries.map((d) => ({ ...d, error: d.error === undefined ? undefined : { name: d.error.name, message: d.error.message, stack: d.error.stack, cause: d.error.cause } }));
  return [...(await runtimeOutputs(runtime)), { name: 'invocation results', text: JSON.stringify(answered) }];
}

/** Every trace of a planted secret (in any encoding, or a 16-character piece) or of a password verifier in a run's outputs. */
export async function secretTraces(runtime: LocalRuntime, deliveries: readonly Delivery[], secrets: Record<string, string>): Promise<string[]> {
  const sources = await outputsOf(runtime, deliveries);
  return [...findLeaks(sources, secrets), ...findVerifiers(sources)];
}
