import type { StepContext } from '../../engine/step';
import type { AccountQuotas, Cluster, QuotaUse } from '../../ports/rds';
import type { Problems } from './request-checks';

/**
 * What the refresh adds to the account at its peak: `replace` deletes the old target before it
 * restores, so it needs room only for what the old target did not have; `swap` builds the new
 * cluster beside the old one, so it needs a whole cluster and all its instances more.
 */
function peakNeed(strategy: 'replace' | 'swap', target: Cluster | undefined, instances: number): { clusters: number; instances: number } {
  if (strategy === 'swap' || target === undefined) return { clusters: 1, instances };
  return { clusters: 0, instances: Math.max(0, instances - target.members.length) };
}

function problem(what: string, quotaName: string, use: QuotaUse, need: number, strategy: string): string | undefined {
  // A maximum of 0 is no quota anyone could run under: an endpoint that reports nothing real.
  if (need === 0 || use.max <= 0 || use.used + need <= use.max) return undefined;
  const why = strategy === 'swap' ? ' (swap builds the new cluster beside the old target)' : '';
  return `target: this account and region use ${use.used} of their ${use.max} ${what}; the refresh needs ${need} more${why}. Delete ${what} nobody uses or raise the RDS quota "${quotaName}" in Service Quotas, then start again`;
}

/**
 * The account's quotas leave room for what the refresh creates, checked before anything is copied
 * or deleted: RDS would otherwise refuse the restore, or an instance, only after the old target is
 * gone. A quota RDS does not report, or a lookup that fails (refused, or still failing after the
 * SDK's own retries), is logged and skipped: the check refuses only what RDS certainly would, and
 * never holds up a refresh by itself.
 */
export async function quotaProblems(context: StepContext, target: Cluster | undefined, strategy: 'replace' | 'swap', instances: number): Promise<Problems> {
  let quotas: AccountQuotas;
  try {
    quotas = await context.ports.rds.accountQuotas();
  } catch (error) {
    context.logger.warn('the account quotas could not be read; the refresh goes on without checking them', { error });
    return [];
  }
  const need = peakNeed(strategy, target, instances);
  return [
    quotas.clusters !== undefined ? problem('DB clusters', 'DB clusters', quotas.clusters, need.clusters, strategy) : undefined,
    quotas.instances !== undefined ? problem('DB instances', 'DB instances', quotas.instances, need.instances, strategy) : undefined,
  ].filter((line): line is string => line !== undefined);
}
