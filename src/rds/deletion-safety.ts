import type { Cluster } from '../ports/rds';
import type { DeploymentSafety } from '../request/deployment-safety';
import type { RefreshRequest } from '../request/schema';
import type { Facts } from '../store/operation';
import { parseRdsArn } from './rds-arn';

/**
 * Is the cluster now answering to the target's name the one preflight checked? A cluster renamed
 * or recreated under the name has another resource id; one that appeared where preflight found
 * none was never checked at all. Returns the refusal, or undefined.
 */
export function pinnedIdentityProblem(cluster: Pick<Cluster, 'id' | 'resourceId' | 'arn'>, facts: Pick<Facts, 'targetResourceId' | 'targetExisted' | 'targetArn'>): string | undefined {
  if (facts.targetExisted === false) {
    return `Refusing to delete cluster ${cluster.id} (${cluster.resourceId ?? cluster.arn}): it appeared after preflight found no cluster of that name, so it was never checked. Find out who created it, then start a new refresh.`;
  }
  if (facts.targetResourceId !== undefined && cluster.resourceId !== undefined && cluster.resourceId !== facts.targetResourceId) {
    return (
      `Refusing to delete cluster ${cluster.id}: it is not the cluster preflight checked (resource id now ${cluster.resourceId}, recorded ${facts.targetResourceId}); ` +
      'it was renamed or recreated meanwhile. Nothing was deleted; start a new refresh to check the cluster now under that name.'
    );
  }
  if (facts.targetArn !== undefined && cluster.arn !== facts.targetArn) {
    return `Refusing to delete cluster ${cluster.id}: its ARN is now ${cluster.arn}, preflight recorded ${facts.targetArn}. Nothing was deleted; start a new refresh.`;
  }
  return undefined;
}

/** May the existing target be deleted, and must its deletion protection be switched off first? */
export type DeletionVerdict = { ok: true; disableDeletionProtection: boolean } | { ok: false; message: string };

interface ClusterIdentity {
  clusterId: string;
  accountId: string;
  region: string;
}

function same(a: ClusterIdentity, b: ClusterIdentity): boolean {
  return a.clusterId.toLowerCase() === b.clusterId.toLowerCase() && a.accountId === b.accountId && a.region === b.region;
}

function describeTags(tags: Record<string, string>): string {
  const entries = Object.entries(tags);
  return entries.length === 0 ? 'none' : entries.map(([key, value]) => `${key}=${value}`).join(', ');
}

/**
 * The safety rules for deleting the target, checked before any write. The target's own ARN says
 * which account and region it lives in, so "is it the source?" is decided on identities, not on
 * names alone: the request's source cluster, and the cluster the chosen snapshot was taken from.
 * The managed tag is the deployment's; a request waives it only where the deployment allows
 * unmanaged targets (checked again here: the operation may predate the deployment's setting).
 */
export function checkDeletionSafety(
  cluster: Cluster,
  request: Pick<RefreshRequest, 'source' | 'target' | 'safety'>,
  facts: Facts,
  deployment: DeploymentSafety,
  /** The name the cluster must have: the target's, or with a swap the name it was retired under. */
  expectedId: string = request.target.clusterId,
): DeletionVerdict {
  const arn = parseRdsArn(cluster.arn);
  if (arn === undefined) {
    return { ok: false, message: `Refusing to delete cluster ${cluster.id}: its ARN "${cluster.arn}" does not say which account and region it is in.` };
  }
  if (cluster.id.toLowerCase() !== expectedId.toLowerCase()) {
    return { ok: false, message: `Refusing to delete cluster ${cluster.id}: it is not the configured target ${expectedId}.` };
  }
  const target: ClusterIdentity = { clusterId: cluster.id, accountId: arn.accountId, region: arn.region };
  const sources: { identity: ClusterIdentity; what: string }[] = [];
  if (request.source.clusterId !== undefined) {
    sources.push({
      identity: { clusterId: request.source.clusterId, accountId: request.source.accountId ?? arn.accountId, region: request.source.region ?? arn.region },
      what: 'the request\'s source cluster (source.clusterId)',
    });
  }
  const snapshotArn = facts.sourceSnapshotArn !== undefined ? parseRdsArn(facts.sourceSnapshotArn) : undefined;
  if (facts.snapshotClusterId !== undefined && snapshotArn !== undefined) {
    sources.push({
      identity: { clusterId: facts.snapshotClusterId, accountId: snapshotArn.accountId, region: snapshotArn.region },
      what: `the cluster snapshot ${facts.sourceSnapshotId ?? facts.sourceSnapshotArn} was taken from`,
    });
  }
  const source = sources.find((candidate) => same(candidate.identity, target));
  if (source !== undefined) {
    return {
      ok: false,
      message:
        `Refusing to delete cluster ${cluster.id} (account ${target.accountId}, region ${target.region}): it is ${source.what}. ` +
        'The target is deleted before the restore; point target.clusterId at the cluster to be replaced.',
    };
  }
  const { key, value } = deployment.managedTag;
  const requireTag = request.safety.requireManagedTag || !deployment.allowUnmanagedTargets;
  if (requireTag && cluster.tags[key] !== value) {
    return {
      ok: false,
      message:
        `Refusing to delete cluster ${cluster.id}: it does not carry the tag ${key}=${value} that marks clusters this tool may replace (its tags: ${describeTags(cluster.tags)}). ` +
        `If it is meant to be replaced, tag it (aws rds add-tags-to-resource --resource-name ${cluster.arn} --tags Key=${key},Value=${value})` +
        (deployment.allowUnmanagedTargets
          ? ' or set safety.requireManagedTag to false in the request (this deployment allows unmanaged targets).'
          : '; this deployment does not replace untagged clusters (ALLOW_UNMANAGED_TARGETS is false).'),
    };
  }
  if (cluster.deletionProtection && !request.safety.allowDisableDeletionProtection) {
    return {
      ok: false,
      message:
        `Refusing to delete cluster ${cluster.id}: deletion protection is on. Set safety.allowDisableDeletionProtection to true in the request ` +
        'to let this tool switch it off, or switch it off yourself, then resume.',
    };
  }
  return { ok: true, disableDeletionProtection: cluster.deletionProtection };
}
