import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { LocalRuntime } from '../../../../src/local/local-runtime';
import type { InvocationRecord } from '../../../../src/local/drive-operation';

/** One place a run wrote to, as text. */
export interface CapturedSource {
  name: string;
  text: string;
}

/** Every item of the operations table exactly as DynamoDB holds it (attribute-value JSON), not as the store reads it. */
export async function scanTableRaw(runtime: LocalRuntime): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await runtime.dynamoDb.client.send(
      new ScanCommand({ TableName: runtime.dynamoDb.tableName, ConsistentRead: true, ...(start !== undefined ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

function describeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 5) return error;
  return { ...error, name: error.name, message: error.message, stack: error.stack, cause: describeError(error.cause, depth + 1) };
}

/**
 * Everything a run left behind that a person or a machine could read: log lines (the runtime's and
 * the database port's), the table scanned raw, every notification with its attributes, the metrics,
 * the simulated RDS call log and its events, the schedules, and each invocation's result or error.
 */
export async function capturedOutputs(runtime: LocalRuntime, databaseLogLines: string[], records: InvocationRecord[]): Promise<CapturedSource[]> {
  return [
    ...(await runtimeOutputs(runtime)),
    { name: 'database port log lines', text: databaseLogLines.join('\n') },
    { name: 'invocation results', text: JSON.stringify(records.map((record) => ({ ...record, error: describeError(record.error) }))) },
  ];
}

/** What the local runtime itself holds of a run: log lines, the raw table, notifications, metrics, RDS calls and events, schedules. */
export async function runtimeOutputs(runtime: LocalRuntime): Promise<CapturedSource[]> {
  return [
    { name: 'log lines', text: runtime.logLines.join('\n') },
    { name: 'DynamoDB table (raw scan)', text: JSON.stringify(await scanTableRaw(runtime)) },
    { name: 'notifications', text: JSON.stringify(runtime.notifier.published) },
    { name: 'metrics', text: JSON.stringify(runtime.metrics.sent) },
    { name: 'RDS call log', text: JSON.stringify(runtime.simulation.calls) },
    { name: 'RDS events', text: JSON.stringify([...runtime.simulation.deliveredEvents, ...runtime.simulation.lostEvents]) },
    { name: 'schedules', text: JSON.stringify(runtime.scheduler.created) },
  ];
}

/**
 * The base64 text a secret becomes inside any longer base64-encoded text: one core per alignment
 * of the secret within 3-byte groups, without the edge characters that also depend on neighbours.
 */
function base64Cores(bytes: Buffer): string[] {
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(3)]).toString('base64');
    return encoded.slice(offset === 0 ? 0 : 4, Math.floor((offset + bytes.length) / 3) * 4);
  });
}

/** The forms a leaked secret could take: as is, base64 and base64url (at any alignment), hex, and any 16-character piece of it. */
export function secretForms(secret: string): { form: string; text: string }[] {
  const bytes = Buffer.from(secret, 'utf8');
  const whole = [
    { form: 'plain', text: secret },
    ...base64Cores(bytes).flatMap((core, offset) => [
      { form: `base64@${offset}`, text: core },
      { form: `base64url@${offset}`, text: core.replace(/\+/g, '-').replace(/\//g, '_') },
    ]),
    { form: 'hex', text: bytes.toString('hex') },
  ];
  const pieces: { form: string; text: string }[] = [];
  for (let at = 0; at + 16 <= secret.length; at += 1) pieces.push({ form: `fragment@${at}`, text: secret.slice(at, at + 16) });
  return [...whole, ...pieces];
}

/** `secret "<label>" (<form>) in <source>` for every trace of a secret; empty when there is none. */
export function findLeaks(sources: readonly CapturedSource[], secrets: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const [label, secret] of Object.entries(secrets)) {
    for (const source of sources) {
      const found = secretForms(secret).find((form) => source.text.includes(form.text));
      if (found !== undefined) leaks.push(`secret "${label}" (${found.form}) in ${source.name}`);
    }
  }
  return leaks;
}

/** Stored-password shapes PostgreSQL accepts as-is (a SCRAM verifier, an md5 hash): a verifier is as good as a password to an attacker. */
export function findVerifiers(sources: readonly CapturedSource[]): string[] {
  const shape = /SCRAM-SHA-256\$|\bmd5[0-9a-f]{32}\b/;
  return sources.filter((source) => shape.test(source.text)).map((source) => `a password verifier in ${source.name}`);
}
