import type { z } from 'zod';

/**
 * Which request fields fit which kind of source. A clone and a point-in-time restore read the
 * source cluster's own storage and continuous backup through RestoreDBClusterToPointInTime, which
 * RDS runs only on a cluster of the caller's account and region, without a snapshot and without a
 * copy: the fields of snapshot discovery and copying, and a source elsewhere, can never work with
 * them, so they are refused at the edge with the reason rather than ignored.
 */

type Issue = { path: (string | number)[]; message: string };

interface SourceFields {
  type: 'snapshot' | 'clone' | 'point-in-time';
  clusterId?: string | undefined;
  snapshot?: string | undefined;
  accountId?: string | undefined;
  region?: string | undefined;
  maxAgeHours?: number | undefined;
  restoreTime?: string | undefined;
  restoreType?: 'full-copy' | 'copy-on-write' | undefined;
}

/** The source fields that contradict the source's type. */
export function sourceTypeIssues(source: SourceFields): Issue[] {
  const issues: Issue[] = [];
  if (source.type === 'snapshot') {
    if (source.restoreTime !== undefined) issues.push({ path: ['restoreTime'], message: 'applies only to source.type "point-in-time"; remove it, or set source.type to "point-in-time"' });
    if (source.restoreType !== undefined) issues.push({ path: ['restoreType'], message: 'applies only to source.type "point-in-time"; remove it, or set source.type to "point-in-time"' });
    return issues;
  }
  const what = source.type === 'clone' ? 'a clone' : 'a point-in-time restore';
  if (source.clusterId === undefined) issues.push({ path: ['clusterId'], message: `${what} needs source.clusterId, the cluster it reads from` });
  if (source.snapshot !== undefined) {
    issues.push({ path: ['snapshot'], message: `${what} reads the source cluster, not a snapshot: remove source.snapshot, or set source.type to "snapshot"` });
  }
  if (source.accountId !== undefined) {
    issues.push({
      path: ['accountId'],
      message: `${what} is made only in the source cluster's own account (RestoreDBClusterToPointInTime): remove source.accountId, or restore a snapshot shared by that account with source.type "snapshot"`,
    });
  }
  if (source.region !== undefined) {
    issues.push({
      path: ['region'],
      message: `${what} is made only in the source cluster's own region — RDS neither clones nor restores to a point in time across regions: remove source.region and run the refresh in that region, or use source.type "snapshot" (the snapshot is copied across regions)`,
    });
  }
  if (source.maxAgeHours !== undefined) {
    issues.push({ path: ['maxAgeHours'], message: `applies to snapshot discovery only; ${what} reads the source's continuous backup: remove it` });
  }
  if (source.type === 'clone') {
    if (source.restoreTime !== undefined) {
      issues.push({ path: ['restoreTime'], message: 'a clone is of the latest restorable time; for a given time set source.type to "point-in-time" (with restoreType "copy-on-write" for a clone at that time)' });
    }
    if (source.restoreType === 'full-copy') issues.push({ path: ['restoreType'], message: 'a clone is copy-on-write; for a full copy set source.type to "point-in-time"' });
  }
  return issues;
}

/** The request fields (outside `source`) that contradict a clone or point-in-time source. */
export function requestSourceIssues(request: {
  source: Pick<SourceFields, 'type'>;
  copy: { mode: string; kmsKeyId?: string | undefined };
  target: { engineVersion?: string | undefined };
}): Issue[] {
  if (request.source.type === 'snapshot') return [];
  const what = request.source.type === 'clone' ? 'a clone' : 'a point-in-time restore';
  const issues: Issue[] = [];
  if (request.copy.mode === 'always') issues.push({ path: ['copy', 'mode'], message: `${what} copies no snapshot: remove copy.mode "always"` });
  if (request.copy.kmsKeyId !== undefined) {
    issues.push({ path: ['copy', 'kmsKeyId'], message: `${what} copies no snapshot: remove copy.kmsKeyId, and set target.kmsKeyId for the restored cluster's key` });
  }
  if (request.target.engineVersion !== undefined) {
    issues.push({
      path: ['target', 'engineVersion'],
      message: `${what} keeps the source cluster's engine version (RestoreDBClusterToPointInTime takes none): remove target.engineVersion, and upgrade the refreshed cluster afterwards if needed`,
    });
  }
  return issues;
}

/** Adds each issue to a zod refinement context. */
export function addIssues(context: z.RefinementCtx, issues: Issue[]): void {
  for (const issue of issues) context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}
