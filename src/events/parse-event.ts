import { z } from 'zod';
import { InvalidInputError } from '../errors';
import { findJsonProblem, type JsonProblem, serialisedBytes } from '../request/json-shape';
import { MAX_EVENT_BYTES } from '../request/limits';
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

/** A path segment longer than this is cut in messages: a key may be as long as the payload allows. */
const MAX_PATH_SEGMENT_CHARS = 64;
/** At most this many issues are listed; the rest are counted. */
const MAX_LISTED_ISSUES = 20;

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(event)';
  return path
    .map((segment) => {
      const text = String(segment);
      return text.length > MAX_PATH_SEGMENT_CHARS ? `${text.slice(0, MAX_PATH_SEGMENT_CHARS)}…` : text;
    })
    .join('.');
}

/** Formats zod issues as `path: message` lines, naming the field (its dotted path) and what it expects. */
export function describeIssues(error: z.ZodError): string[] {
  const lines = error.issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = error.issues.length - MAX_LISTED_ISSUES;
  return more > 0 ? [...lines, `(and ${more} more issues)`] : lines;
}

function invalid(kind: string, error: z.ZodError): InvalidInputError {
  const issues = describeIssues(error);
  return new InvalidInputError(`Invalid ${kind} event: ${issues.join('; ')}`, issues);
}

/**
 * An event recognised as not ours to act on: an RDS event that does not match its schema. RDS and
 * EventBridge send what they send; throwing would only make Lambda retry it into the dead-letter
 * queue and wake its alarm, so it is ignored, with the reason.
 */
export interface IgnoredEvent {
  kind: 'ignored';
  reason: string;
  issues: string[];
}

/** What the handler does with an event: dispatch it, or ignore it (nothing is read or written). */
export type ParsedEvent = DispatcherEvent | IgnoredEvent;

function ignoredRdsEvent(issues: string[]): IgnoredEvent {
  return { kind: 'ignored', reason: `malformed RDS event ignored: ${issues.join('; ')}`, issues };
}

/** Structural problems (forbidden keys, nesting, size) of any event, before its schema is looked at. */
function structuralIssue(raw: object): string | undefined {
  const problem: JsonProblem | undefined = findJsonProblem(raw);
  if (problem !== undefined) return `${formatPath(problem.path)}: ${problem.message}`;
  const bytes = serialisedBytes(raw);
  if (bytes === undefined) return '(event): must be JSON';
  if (bytes > MAX_EVENT_BYTES) return `(event): is ${bytes} bytes as JSON; at most ${MAX_EVENT_BYTES} are accepted`;
  return undefined;
}

/**
 * Recognises an event by its distinguishing field, then validates it fully, so the error names the
 * exact field of the kind of event the caller meant to send. A malformed RDS event is ignored, not
 * thrown; any other bad event throws InvalidInputError before anything is read or written.
 */
export function parseEvent(raw: unknown): ParsedEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const issue = `(event): must be a JSON object; ${EXPECTED_SHAPES}`;
    throw new InvalidInputError(`Invalid event: ${issue}.`, [issue]);
  }
  const record = raw as Record<string, unknown>;
  const isRdsEvent = Object.hasOwn(record, 'source') && record.source === 'aws.rds';
  const structural = structuralIssue(raw);
  if (structural !== undefined) {
    if (isRdsEvent) return ignoredRdsEvent([structural]);
    throw new InvalidInputError(`Invalid event: ${structural}`, [structural]);
  }
  if (isRdsEvent) {
    const parsed = rdsEventSchema.safeParse(raw);
    if (!parsed.success) return ignoredRdsEvent(describeIssues(parsed.error));
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
    const issue = `step: ${JSON.stringify(record.step).slice(0, MAX_PATH_SEGMENT_CHARS)} needs "operationId" and "token" (a continuation); only "start" begins an operation, with a "request"`;
    throw new InvalidInputError(`Invalid event: ${issue}.`, [issue]);
  }
  const issue = `(event): no "step", "command" or "source" field; ${EXPECTED_SHAPES}`;
  throw new InvalidInputError(`Invalid event: ${issue}.`, [issue]);
}
