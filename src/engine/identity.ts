import { createHash, randomBytes } from 'node:crypto';
import type { StepName } from '../constants';

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * A new operation id: UTC date and time plus randomness, e.g. `20261125-030000-a1b2c3`. Sortable,
 * readable in a console, and valid inside RDS snapshot and Scheduler names. With an idempotency key
 * the suffix is derived from target and key, so a start delivered twice gets the same id.
 */
export function newOperationId(now: Date, target: string, idempotencyKey?: string): string {
  const stamp =
    `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}-` +
    `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  if (idempotencyKey !== undefined) {
    const digest = createHash('sha256').update(`${target}\n${idempotencyKey}`).digest('hex');
    return `k${digest.slice(0, 8)}-${digest.slice(8, 14)}`;
  }
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * The token an event must carry to run `step`. Deterministic in (operation, step, attempt, check),
 * so two invocations racing on the same event produce the same schedule and the same token, and
 * whichever saves first leaves a state the schedule still matches.
 */
export function stepToken(operationId: string, step: StepName, attempt: number, check: number, continuation = 0): string {
  const key = continuation === 0 ? `${operationId}|${step}|${attempt}|${check}` : `${operationId}|${step}|${attempt}|${check}|n${continuation}`;
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

/**
 * Schedule name: `ar-<operationId>-<step code>-a<attempt>-<c|n><number>` (`c` a status check, `n` a
 * continuation), at most 64 characters of [0-9a-zA-Z-_.] as Scheduler requires, and the same for
 * the same wait.
 */
export function scheduleName(operationId: string, stepCode: string, attempt: number, number: number, kind: 'check' | 'continue' = 'check'): string {
  const name = `ar-${operationId}-${stepCode}-a${attempt}-${kind === 'check' ? 'c' : 'n'}${number}`;
  if (name.length <= 64) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${name.slice(0, 64 - 13)}-${digest}`;
}

/** CreateSchedule's ClientToken: deterministic per name and token, 64 characters at most. */
export function scheduleClientToken(name: string, token: string): string {
  return createHash('sha256').update(`${name}|${token}`).digest('hex').slice(0, 64);
}
