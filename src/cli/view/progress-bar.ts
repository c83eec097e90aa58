import { roughDuration } from '../rough-duration';

const WIDTH = 30;

/** `[█████████░░░░░░░░░░░░░░░░░░░░░]  31 %`: the share done, in whole percents as RDS reports them. */
export function progressBar(percent: number, width = WIDTH): string {
  const clamped = Math.min(100, Math.max(0, percent));
  const filled = Math.round((clamped / 100) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(clamped)).padStart(3)} %`;
}

/** `2026-11-25 09:00:00Z (in 3.5 h)` / `(12 min ago)`: a time and how far it is from now. */
export function timeFromNow(iso: string, now: Date): string {
  const delta = Date.parse(iso) - now.getTime();
  const relative = Math.abs(delta) < 1000 ? 'now' : delta > 0 ? `in ${roughDuration(delta)}` : `${roughDuration(-delta)} ago`;
  return `${shortTime(iso)} (${relative})`;
}

/** An ISO time as `2026-11-25 09:00:00Z`, readable in a column. */
export function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}
