import type { Cluster } from '../ports/rds';
import type { RefreshRequest } from '../request/schema';

/**
 * RDS's rules for restoring from a cluster rather than a snapshot (RestoreDBClusterToPointInTime):
 * which restore type a request means, the source's restorable window, and what to tell a person
 * when a limit is hit.
 */

/** The source's restorable window, as DescribeDBClusters reports it. */
export interface RestorableWindow {
  earliest: Date;
  latest: Date;
}

type Source = RefreshRequest['source'];

/** True when the request restores from the source cluster itself (a clone or a point in time), not from a snapshot. */
export function restoresFromCluster(source: Pick<Source, 'type'>): boolean {
  return source.type !== 'snapshot';
}

/** The RestoreType a cluster source means: a clone is copy-on-write; a point-in-time restore a full copy unless it says otherwise. */
export function restoreTypeOf(source: Pick<Source, 'type' | 'restoreType'>): 'copy-on-write' | 'full-copy' {
  return source.type === 'clone' ? 'copy-on-write' : (source.restoreType ?? 'full-copy');
}

/** What the source is, in words: `a clone`, `a point-in-time restore`. */
export function describeSourceKind(source: Pick<Source, 'type' | 'restoreType'>): string {
  if (source.type === 'clone') return 'a clone';
  return `a point-in-time restore (${restoreTypeOf(source)})`;
}

/** The window, or undefined while RDS reports none (no backup yet). */
export function restorableWindowOf(cluster: Pick<Cluster, 'earliestRestorableTime' | 'latestRestorableTime'>): RestorableWindow | undefined {
  const { earliestRestorableTime: earliest, latestRestorableTime: latest } = cluster;
  return earliest === undefined || latest === undefined ? undefined : { earliest, latest };
}

export function describeWindow(window: RestorableWindow): string {
  return `${window.earliest.toISOString()} to ${window.latest.toISOString()}`;
}

/** Why `restoreTime` cannot be restored from `window`, or undefined when it can. */
export function restoreTimeProblem(clusterId: string, restoreTime: Date, window: RestorableWindow): string | undefined {
  if (restoreTime >= window.earliest && restoreTime <= window.latest) return undefined;
  const side = restoreTime < window.earliest ? 'before the earliest restorable time (older backups have expired)' : 'after the latest restorable time';
  return (
    `source.restoreTime ${restoreTime.toISOString()} is outside the restorable window of cluster ${clusterId}, ${describeWindow(window)}: it is ${side}. ` +
    'Set source.restoreTime within the window, or leave it out to restore the latest restorable time.'
  );
}

/**
 * A hint for a refused RestoreDBClusterToPointInTime that names a limit: the copy-on-write clones
 * per source, or the restorable window. Undefined when the error names neither.
 */
export function pointInTimeLimitHint(message: string, source: Pick<Source, 'type' | 'restoreType' | 'clusterId'>): string | undefined {
  // A refusal about clones that names a limit (not any message that mentions a clone).
  if (restoreTypeOf(source) === 'copy-on-write' && /\bclones?\b/i.test(message) && /\b(limit|most|maximum|already has|quota)\b/i.test(message)) {
    return (
      `RDS refused another copy-on-write clone of ${source.clusterId ?? 'the source'} (Aurora versions that limit the clones sharing one source volume count clones of clones too): ` +
      'delete clones of it that are no longer needed, or set source.type "point-in-time" with restoreType "full-copy" (which shares no storage), then resume.'
    );
  }
  if (/restor(e|able) (time|window)/i.test(message)) {
    return 'The restore time must lie in the source cluster\'s restorable window (its backup retention period): set source.restoreTime inside it, or leave it out for the latest restorable time, then resume.';
  }
  return undefined;
}
