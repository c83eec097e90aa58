import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigurationError } from '../errors';
import { describeIssues } from '../events/parse-event';
import { startEventSchema } from '../events/schema';
import type { RefreshRequest } from '../request/schema';

/**
 * Scheduler replaces this context attribute in a target's input with the time the schedule was due,
 * so the start event of one night carries the same idempotency key however often it is delivered.
 */
export const SCHEDULED_TIME_PLACEHOLDER = '<aws.scheduler.scheduled-time>';

/** Scheduler accepts at most this much input per target. */
export const MAX_SCHEDULE_INPUT_CHARS = 8192;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** One nightly refresh as written in the targets file. */
const nightlyTargetSchema = z.strictObject({
  /** Names the schedule and the alarm; defaults to the target cluster id. */
  name: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,40}$/, 'must be 1–40 letters, digits or -_.')
    .optional(),
  /** Scheduler's six-field cron: minutes hours day-of-month month day-of-week year. */
  schedule: z
    .string()
    .regex(/^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/, 'must be a Scheduler cron expression such as cron(0 3 * * ? *)'),
  /** IANA time zone the cron expression is read in (daylight saving time is followed). */
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin or UTC').default('UTC'),
  /** A disabled target keeps its schedule (state DISABLED) and gets no missed-refresh alarm. */
  enabled: z.boolean().default(true),
  /** The refresh request exactly as `sls invoke` would send it; validated with the handler's schema. */
  request: z.record(z.string(), z.unknown()),
});

const nightlyTargetsFileSchema = z.strictObject({
  targets: z.array(nightlyTargetSchema),
});

/** A validated nightly refresh, ready to become a schedule. */
export interface NightlyTarget {
  name: string;
  schedule: string;
  timezone: string;
  enabled: boolean;
  /** The request as written (defaults are applied by the function at run time), plus `requestedBy`. */
  requestInput: Record<string, unknown>;
  /** The same request parsed, for checks made while packaging. */
  request: RefreshRequest;
}

/**
 * The event a nightly schedule sends. The idempotency key is the placeholder Scheduler fills in, so a
 * night's start delivered twice starts one operation.
 */
export function nightlyStartEvent(target: Pick<NightlyTarget, 'requestInput'>): Record<string, unknown> {
  return { step: 'start', request: target.requestInput, idempotencyKey: SCHEDULED_TIME_PLACEHOLDER };
}

/** The start event with the placeholder replaced by a time, as the dispatcher will receive it. */
export function deliveredStartEvent(input: string, scheduledTime: string): unknown {
  return JSON.parse(input.replaceAll(SCHEDULED_TIME_PLACEHOLDER, scheduledTime));
}

/** A sample of what Scheduler substitutes (an ISO time in UTC), used to validate the input while packaging. */
export const SAMPLE_SCHEDULED_TIME = '2026-01-01T03:00:00Z';

/**
 * Validates the contents of a nightly targets file: each entry's schedule, and its request through the
 * dispatcher's own start-event schema, exactly as the schedule will deliver it.
 */
export function parseNightlyTargets(content: unknown, source: string): NightlyTarget[] {
  const parsed = nightlyTargetsFileSchema.safeParse(content);
  if (!parsed.success) {
    throw new ConfigurationError(`Invalid nightly targets in ${source}: ${describeIssues(parsed.error).join('; ')}`);
  }
  const targets = parsed.data.targets.map((entry, index): NightlyTarget => {
    const label = entry.name ?? `#${index + 1}`;
    const clusterId = z.object({ target: z.object({ clusterId: z.string() }) }).safeParse(entry.request);
    const name = entry.name ?? (clusterId.success ? clusterId.data.target.clusterId.toLowerCase() : label);
    // The request's own requestedBy wins; otherwise the record says which nightly entry started it.
    const requestInput = { requestedBy: `nightly:${name}`, ...entry.request };
    const input = JSON.stringify(nightlyStartEvent({ requestInput }));
    const event = startEventSchema.safeParse(deliveredStartEvent(input, SAMPLE_SCHEDULED_TIME));
    if (!event.success) {
      const issues = describeIssues(event.error).map((issue) => `targets.${index}.${issue}`);
      throw new ConfigurationError(`Invalid nightly target ${label} in ${source}: ${issues.join('; ')}`);
    }
    if (input.length > MAX_SCHEDULE_INPUT_CHARS) {
      throw new ConfigurationError(
        `Nightly target ${name} in ${source}: its start event is ${input.length} characters; Scheduler accepts at most ${MAX_SCHEDULE_INPUT_CHARS}.`,
      );
    }
    return { name, schedule: entry.schedule, timezone: entry.timezone, enabled: entry.enabled, requestInput, request: event.data.request };
  });
  const names = new Set<string>();
  const clusters = new Set<string>();
  for (const { name, request } of targets) {
    if (names.has(name)) throw new ConfigurationError(`Nightly targets in ${source}: two entries share the name ${name}.`);
    if (clusters.has(request.target.clusterId)) {
      throw new ConfigurationError(
        `Nightly targets in ${source}: two entries share the target cluster ${request.target.clusterId}; one entry per cluster (they would contend for its lock).`,
      );
    }
    names.add(name);
    clusters.add(request.target.clusterId);
  }
  return targets;
}

/** Reads and validates the nightly targets file; a path is relative to the project directory. */
export function loadNightlyTargets(file: string, projectDir: string): NightlyTarget[] {
  const path = isAbsolute(file) ? file : resolve(projectDir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`NIGHTLY_TARGETS_FILE ${file} cannot be read (${(error as Error).message}).`, { cause: error });
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`NIGHTLY_TARGETS_FILE ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseNightlyTargets(content, file);
}
