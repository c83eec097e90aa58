import { z } from 'zod';
import { InvalidInputError } from '../errors';
import {
  commandEventSchema,
  continuationEventSchema,
  rdsEventSchema,
  startEventSchema,
  type DispatcherEvent,
} from './schema';

const EXPECTED_SHAPES =
  'expected one of: {"step":"start","request":{…}}, {"operationId","step","token"}, ' +
  '{"command":"status"|"cancel"|"resume","operationId"}, {"command":"list","target"}, or an RDS event from EventBridge';

/** Formats zod issues as `path: message` lines, naming the field and what it expects. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length === 0 ? '(event)' : issue.path.map(String).join('.');
    return `${path}: ${issue.message}`;
  });
}

function invalid(kind: string, error: z.ZodError): InvalidInputError {
  const issues = describeIssues(error);
  return new InvalidInputError(`Invalid ${kind} event: ${issues.join('; ')}`, issues);
}

/**
 * Recognises an event by its distinguishing field, then validates it fully, so the error names the
 * exact field of the kind of event the caller meant to send.
 */
export function parseEvent(raw: unknown): DispatcherEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidInputError(`Invalid event: it must be a JSON object; ${EXPECTED_SHAPES}.`, ['(event): must be an object']);
  }
  const record = raw as Record<string, unknown>;
  if (record.source === 'aws.rds') {
    const parsed = rdsEventSchema.safeParse(raw);
    if (!parsed.success) throw invalid('RDS', parsed.error);
    return { kind: 'rds', event: parsed.data };
  }
  if ('command' in record) {
    const parsed = commandEventSchema.safeParse(raw);
    if (!parsed.success) throw invalid('command', parsed.error);
    return { kind: 'command', event: parsed.data };
  }
  if (record.step === 'start' && !('operationId' in record)) {
    const parsed = startEventSchema.safeParse(raw);
    if (!parsed.success) throw invalid('start', parsed.error);
    return { kind: 'start', event: parsed.data };
  }
  if ('operationId' in record || 'token' in record) {
    const parsed = continuationEventSchema.safeParse(raw);
    if (!parsed.success) throw invalid('continuation', parsed.error);
    return { kind: 'continuation', event: parsed.data };
  }
  if ('step' in record) {
    throw new InvalidInputError(
      `Invalid event: step ${JSON.stringify(record.step)} needs "operationId" and "token" (a continuation); only "start" begins an operation, with a "request".`,
      ['step: a continuation needs operationId and token'],
    );
  }
  throw new InvalidInputError(`Invalid event: no "step", "command" or "source" field; ${EXPECTED_SHAPES}.`, [
    '(event): unrecognised event',
  ]);
}
