import { z } from 'zod';

/**
 * RDS's two windows, both in UTC: the daily backup window (`hh24:mi-hh24:mi`) and the weekly
 * maintenance window (`ddd:hh24:mi-ddd:hh24:mi`). RDS refuses a window under 30 minutes and a
 * backup window that overlaps the maintenance window; both are checked here, at the edge, because
 * RDS would only refuse them at the restore — after the old target is gone.
 */

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const TIME = '([01]\\d|2[0-3]):([0-5]\\d)';
const BACKUP_WINDOW = new RegExp(`^${TIME}-${TIME}$`);
const MAINTENANCE_WINDOW = new RegExp(`^(${DAYS.join('|')}):${TIME}-(${DAYS.join('|')}):${TIME}$`);

/** A window as [start, end) minutes within its period (a day or a week); end may pass the period's end. */
type Span = { start: number; end: number };

function span(start: number, end: number, period: number): Span {
  return { start, end: end > start ? end : end + period };
}

function backupSpan(window: string): Span | undefined {
  const match = BACKUP_WINDOW.exec(window);
  if (match === null) return undefined;
  const [, h1, m1, h2, m2] = match.map(Number);
  return span(h1! * 60 + m1!, h2! * 60 + m2!, MINUTES_PER_DAY);
}

function maintenanceSpan(window: string): Span | undefined {
  const match = MAINTENANCE_WINDOW.exec(window.toLowerCase());
  if (match === null) return undefined;
  const day = (name: string | undefined) => DAYS.indexOf(name as (typeof DAYS)[number]) * MINUTES_PER_DAY;
  return span(day(match[1]) + Number(match[2]) * 60 + Number(match[3]), day(match[4]) + Number(match[5]) * 60 + Number(match[6]), MINUTES_PER_WEEK);
}

const atLeastHalfAnHour = (s: Span | undefined) => s !== undefined && s.end - s.start >= 30;

export const backupWindow = z
  .string()
  .max(11, 'must be hh24:mi-hh24:mi in UTC, e.g. 03:00-03:30')
  .refine((window) => backupSpan(window) !== undefined, 'must be hh24:mi-hh24:mi in UTC, e.g. 03:00-03:30')
  .refine((window) => atLeastHalfAnHour(backupSpan(window)), 'must be at least 30 minutes long (RDS refuses a shorter backup window)');

export const maintenanceWindow = z
  .string()
  .max(19, 'must be ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. sun:05:00-sun:05:30')
  .refine((window) => maintenanceSpan(window) !== undefined, 'must be ddd:hh24:mi-ddd:hh24:mi in UTC (mon … sun), e.g. sun:05:00-sun:05:30')
  .refine((window) => atLeastHalfAnHour(maintenanceSpan(window)), 'must be at least 30 minutes long (RDS refuses a shorter maintenance window)')
  .transform((window) => window.toLowerCase());

function overlaps(a: Span, b: Span, period: number): boolean {
  // Either may wrap past the period's end: compare b shifted one period back, as is, and forward.
  return [-period, 0, period].some((shift) => a.start < b.end + shift && b.start + shift < a.end);
}

/** True when the daily backup window falls, on any day, inside the weekly maintenance window. */
export function windowsOverlap(backup: string, maintenance: string): boolean {
  const daily = backupSpan(backup);
  const weekly = maintenanceSpan(maintenance);
  if (daily === undefined || weekly === undefined) return false;
  return DAYS.some((_, index) => overlaps({ start: daily.start + index * MINUTES_PER_DAY, end: daily.end + index * MINUTES_PER_DAY }, weekly, MINUTES_PER_WEEK));
}
