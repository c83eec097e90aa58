import type { StepContext } from '../../engine/step';
import type { Cluster } from '../../ports/rds';
import { MAX_COPY_ON_WRITE_CLONES, restoresFromCluster, restoreTypeOf } from '../../rds/point-in-time-source';
import { rdsCall } from '../../rds/rds-errors';
import type { Problems } from './request-checks';

/**
 * A copy-on-write restore has a free place among its source's clones. Aurora allows 15 per source,
 * clones of clones included, and refuses the 16th only at the restore — with `replace`, after the
 * old target is deleted. The old target counts unless the refresh deletes it first (`replace` of a
 * target that is itself a clone of the source: a nightly clone refresh frees its own place). A
 * source never cloned is skipped, and so (logged) is a listing that fails: the check refuses only
 * what RDS certainly would, and never holds up a refresh by itself.
 */
export async function cloneLimitProblems(context: StepContext, target: Cluster | undefined, strategy: 'replace' | 'swap'): Promise<Problems> {
  const { source } = context.request;
  if (!restoresFromCluster(source) || restoreTypeOf(source) !== 'copy-on-write' || source.clusterId === undefined) return [];
  const sourceId = source.clusterId;
  const cluster = await rdsCall(`Describing source cluster ${sourceId}`, () => context.ports.rds.describeCluster(sourceId));
  // A missing source is snapshot-check's to report, with the fix.
  if (cluster?.cloneGroupId === undefined) return [];
  let clusters: Cluster[];
  try {
    clusters = await context.ports.rds.listClusters();
  } catch (error) {
    context.logger.warn("the source's clones could not be counted; the refresh goes on without checking Aurora's clone limit", { error });
    return [];
  }
  const clones = clusters.filter((candidate) => candidate.cloneGroupId === cluster.cloneGroupId && candidate.id !== cluster.id);
  const freed = strategy === 'replace' && target !== undefined && clones.some((clone) => clone.id === target.id) ? 1 : 0;
  if (clones.length - freed < MAX_COPY_ON_WRITE_CLONES) return [];
  const names = clones.map((clone) => clone.id).sort().join(', ');
  return [
    `source.type: cluster ${sourceId} already has ${clones.length} copy-on-write clones (${names}), the most Aurora allows (${MAX_COPY_ON_WRITE_CLONES}, clones of clones included); ` +
      'delete clones nobody uses, or use source.type "point-in-time" with source.restoreType "full-copy"',
  ];
}
