/**
 * Statuses RDS reports, grouped by what a step does about them. Anything not listed as ready or
 * failed is treated as "still changing": the step waits, bounded by its deadline.
 */

/** Cluster and instance statuses from which a restore never recovers on its own. */
export const FAILED_RESOURCE_STATUSES: ReadonlySet<string> = new Set([
  'failed',
  'incompatible-restore',
  'incompatible-parameters',
  'incompatible-network',
  'incompatible-option-group',
  'inaccessible-encryption-credentials',
  'inaccessible-encryption-credentials-recoverable',
  'storage-full',
]);

/** Snapshot statuses while a copy is still running. */
export const SNAPSHOT_IN_PROGRESS_STATUSES: ReadonlySet<string> = new Set(['creating', 'copying', 'pending']);

/** What to do about a resource in a given status: go on, keep waiting, or give up. */
export type StatusVerdict = 'ready' | 'waiting' | 'failed';

/** Classifies a cluster or instance status. */
export function resourceVerdict(status: string): StatusVerdict {
  if (status === 'available') return 'ready';
  if (FAILED_RESOURCE_STATUSES.has(status)) return 'failed';
  return 'waiting';
}

/** Classifies a snapshot status during a copy. */
export function snapshotVerdict(status: string): StatusVerdict {
  if (status === 'available') return 'ready';
  if (SNAPSHOT_IN_PROGRESS_STATUSES.has(status)) return 'waiting';
  return 'failed';
}

/** What a person can do about a failed status. */
export function failedStatusHint(status: string): string {
  switch (status) {
    case 'incompatible-parameters':
      return 'A parameter group setting is incompatible with the instance class or engine version: fix target.clusterParameterGroup or the instances\' parameterGroup.';
    case 'incompatible-restore':
      return 'RDS could not restore from this snapshot (engine version or storage): check target.engineVersion against the snapshot\'s.';
    case 'incompatible-network':
      return 'The subnet group or security groups cannot host the cluster: check target.subnetGroup and target.securityGroupIds.';
    case 'inaccessible-encryption-credentials':
    case 'inaccessible-encryption-credentials-recoverable':
      return 'RDS cannot use the KMS key: check target.kmsKeyId and its key policy.';
    default:
      return 'See the RDS events of the resource for the cause.';
  }
}
