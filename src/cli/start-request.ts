import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { newOperationId } from '../engine/identity';
import { InvalidInputError } from '../errors';
import { parseEvent } from '../events/parse-event';
import type { StartEvent } from '../events/schema';
import type { RefreshRequestInput } from '../request/schema';
import { CliError } from './cli-error';
import { EXIT } from './exit-codes';

/** How `start` and `plan` are told what to refresh: a request file (or `-` for stdin), or flags for the common case. */
export interface StartInput {
  request?: string;
  target?: string;
  source?: string;
  snapshot?: string;
  instance?: string[];
  requestedBy?: string;
  idempotencyKey?: string;
  dryRun?: boolean;
}

/** A start event ready to send, and the id the dispatcher will give its operation. */
export interface PreparedStart {
  event: { step: 'start'; request: RefreshRequestInput; idempotencyKey: string };
  operationId: string;
  target: string;
}

/** The request flags and the request fields they fill, so an error about a field names the flag to fix. */
const FLAG_FOR_FIELD: [RegExp, string][] = [
  [/^request\.target\.clusterId/, '--target <cluster>'],
  [/^request\.target\.instances/, '--instance <id>=<instance class> (repeat it for each instance)'],
  [/^request\.source\.snapshot/, '--snapshot <id or ARN>'],
  [/^request\.source/, '--source <cluster> or --snapshot <id or ARN>'],
  [/^request\.requestedBy/, '--requested-by <name>'],
  [/^idempotencyKey/, '--idempotency-key <key>'],
];

function readJson(path: string, readStdin: () => string): unknown {
  let text: string;
  try {
    text = path === '-' ? readStdin() : readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read the request ${path}: ${(error as Error).message}`, 'Give the path of a JSON file with the request (see the README, "Start a refresh"), or - to read it from stdin.', EXIT.usage, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`The request ${path === '-' ? 'on stdin' : path} is not valid JSON: ${(error as Error).message}`, 'Fix the JSON (a single object with source and target); nothing was sent.', EXIT.usage, { cause: error });
  }
}

/** `--instance writer=db.r6g.large` → `{id, instanceClass}`. */
function parseInstance(spec: string): { id: string; instanceClass: string } {
  const [id, instanceClass, ...rest] = spec.split('=');
  if (id === undefined || id === '' || instanceClass === undefined || instanceClass === '' || rest.length > 0) {
    throw new CliError(`--instance ${JSON.stringify(spec)} is not <id>=<instance class>.`, 'Write it as --instance staging-orders-1=db.r6g.large.', EXIT.usage);
  }
  return { id, instanceClass };
}

function requestFromFlags(input: StartInput): RefreshRequestInput {
  const source = { ...(input.source !== undefined ? { clusterId: input.source } : {}), ...(input.snapshot !== undefined ? { snapshot: input.snapshot } : {}) };
  return {
    source,
    // Without --instance the existing target's instances are rebuilt.
    target: { clusterId: input.target ?? '', ...(input.instance !== undefined && input.instance.length > 0 ? { instances: input.instance.map(parseInstance) } : {}) },
  } as RefreshRequestInput;
}

function defaultRequester(): string | undefined {
  try {
    return `${userInfo().username} (aurora-restore CLI)`;
  } catch {
    return undefined;
  }
}

/**
 * Builds the start event from a file or from flags and validates it with the dispatcher's own
 * parser (the same schemas), so an invalid request fails here, naming each field and the fix, and
 * nothing is sent. The idempotency key (generated unless given) makes the operation id knowable
 * before the asynchronous invocation returns: the dispatcher derives it from target and key.
 */
export function prepareStart(input: StartInput, readStdin: () => string, now: Date): PreparedStart {
  const fromFlags = input.request === undefined;
  if (fromFlags && input.target === undefined) {
    throw new CliError('Nothing to start.', 'Give --request <file.json> (or --request - for stdin), or at least --target <cluster> and --source <cluster> (and --instance <id>=<class> for a target that does not exist yet).', EXIT.usage);
  }
  if (!fromFlags && (input.target ?? input.source ?? input.snapshot ?? input.instance) !== undefined) {
    throw new CliError('--request and --target/--source/--snapshot/--instance were both given.', 'Give the whole request in the file, or use the flags without --request.', EXIT.usage);
  }
  const raw = fromFlags ? requestFromFlags(input) : readJson(input.request as string, readStdin);
  const request = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : raw;
  if (typeof request === 'object' && request !== null && !Array.isArray(request)) {
    const fields = request as Record<string, unknown>;
    if (input.dryRun === true) fields.dryRun = true;
    if (input.requestedBy !== undefined) fields.requestedBy = input.requestedBy;
    else if (fields.requestedBy === undefined) {
      const requester = defaultRequester();
      if (requester !== undefined) fields.requestedBy = requester;
    }
  }
  const idempotencyKey = input.idempotencyKey ?? `cli-${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
  const event = { step: 'start', request, idempotencyKey };
  let parsed: StartEvent;
  try {
    const result = parseEvent(event);
    if (result.kind !== 'start') throw new Error(`unexpected event kind ${result.kind}`);
    parsed = result.event;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const issues = error.issues.map((issue) => {
      const flag = fromFlags ? FLAG_FOR_FIELD.find(([pattern]) => pattern.test(issue))?.[1] : undefined;
      return `  ${issue}${flag !== undefined ? `  (set it with ${flag})` : ''}`;
    });
    throw new CliError(
      `The request is invalid; nothing was sent:\n${issues.join('\n')}`,
      fromFlags ? 'Fix the flags above, or give the whole request with --request <file.json>.' : `Fix these fields in ${input.request === '-' ? 'the request' : input.request} (src/request/schema.ts describes each).`,
      EXIT.usage,
      { cause: error },
    );
  }
  return {
    event: { step: 'start', request: request as RefreshRequestInput, idempotencyKey },
    operationId: newOperationId(now, parsed.request.target.clusterId, idempotencyKey),
    target: parsed.request.target.clusterId,
  };
}
