import type { ClusterSnapshot, RdsHome } from '../ports/rds';
import type { RefreshRequest } from '../request/schema';
import { parseRdsArn } from './rds-arn';

/** Whether the snapshot is copied before the restore, and why; or why the request cannot work. */
export type CopyDecision =
  | { ok: true; copyNeeded: boolean; reason: string; crossAccount: boolean; crossRegion: boolean; sourceRegion: string }
  | { ok: false; message: string };

/** Where a snapshot lives relative to this port: another account, another region, or home. */
export interface SnapshotLocation {
  crossAccount: boolean;
  crossRegion: boolean;
  region: string;
  owner?: string;
}

/**
 * Locates a snapshot from its ARN. Without our own account id, "another account" falls back to what
 * RDS and the request say: a `shared` snapshot, or one owned by the request's source.accountId.
 */
export function locateSnapshot(
  snapshot: Pick<ClusterSnapshot, 'arn' | 'type'>,
  home: RdsHome,
  source: Pick<RefreshRequest['source'], 'accountId' | 'region'>,
): SnapshotLocation {
  const arn = parseRdsArn(snapshot.arn);
  const region = arn?.region ?? source.region ?? home.region;
  const owner = arn?.accountId;
  const crossAccount =
    home.accountId !== undefined && owner !== undefined
      ? owner !== home.accountId
      : snapshot.type === 'shared' || (source.accountId !== undefined && owner === source.accountId);
  return { crossAccount, crossRegion: region !== home.region, region, ...(owner !== undefined ? { owner } : {}) };
}

/**
 * Decides per request whether a copy is needed. A restore reads only snapshots of its own region,
 * a shared snapshot is copied so that the data no longer depends on the other account, and a
 * re-encryption needs a copy. The same account and region without a new key restores directly.
 */
export function decideCopy(snapshot: ClusterSnapshot, home: RdsHome, request: Pick<RefreshRequest, 'copy' | 'source'>): CopyDecision {
  const { crossAccount, crossRegion, region: sourceRegion, owner } = locateSnapshot(snapshot, home, request.source);
  const needs: string[] = [];
  if (crossAccount) needs.push(`the snapshot belongs to account ${owner ?? request.source.accountId ?? 'another account'}`);
  if (crossRegion) needs.push(`the snapshot is in region ${sourceRegion} and the target in ${home.region}`);
  if (request.copy.kmsKeyId !== undefined) needs.push(`copy.kmsKeyId asks for re-encryption with ${request.copy.kmsKeyId}`);

  if (request.copy.mode === 'never' && needs.length > 0) {
    return {
      ok: false,
      message: `copy.mode is "never", but a copy is needed: ${needs.join('; ')}. Set copy.mode to "auto"${request.copy.kmsKeyId !== undefined ? ' or remove copy.kmsKeyId' : ''}.`,
    };
  }
  const copyNeeded = request.copy.mode === 'always' || needs.length > 0;
  if (copyNeeded && snapshot.encrypted && (crossAccount || crossRegion) && request.copy.kmsKeyId === undefined) {
    return {
      ok: false,
      message:
        `Snapshot ${snapshot.id} is encrypted and ${needs.slice(0, crossAccount && crossRegion ? 2 : 1).join(' and ')}: ` +
        `RDS needs a KMS key for such a copy. Set copy.kmsKeyId to a key of region ${home.region} that this account can use` +
        (crossAccount ? ' (and make sure the source key is shared with this account)' : '') +
        '.',
    };
  }
  const reason = copyNeeded
    ? needs.length > 0
      ? needs.join('; ')
      : 'copy.mode is "always"'
    : 'same account and region, no re-encryption: the restore reads the snapshot directly';
  return { ok: true, copyNeeded, reason, crossAccount, crossRegion, sourceRegion };
}
