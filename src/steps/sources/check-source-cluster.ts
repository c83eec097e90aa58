import { advance, fail, type Outcome } from '../../engine/outcome';
import type { StepContext } from '../../engine/step';
import type { Facts } from '../../store/operation';
import { appendPlan } from '../../rds/dry-run-plan';
import { describeSourceKind, describeWindow, restorableWindowOf, restoreTimeProblem, restoreTypeOf } from '../../rds/point-in-time-source';
import { rdsCall, stepFailed } from '../../rds/rds-errors';

/**
 * snapshot-check for a clone or point-in-time source: there is no snapshot to find and nothing to
 * copy. It records the source cluster and its restorable window, and refuses a `restoreTime` outside
 * that window — here, before anything is deleted — naming the window. Read-only, so a dry run does
 * the same and adds the plan.
 */
export async function checkSourceCluster(context: StepContext): Promise<Outcome> {
  const { request, ports } = context;
  const { source } = request;
  const kind = describeSourceKind(source);
  const sourceId = source.clusterId;
  if (sourceId === undefined) return fail(stepFailed(`${kind} needs source.clusterId, the cluster it reads from.`));
  const cluster = await rdsCall(`Describing source cluster ${sourceId}`, () => ports.rds.describeCluster(sourceId));
  if (cluster === undefined) {
    return fail(
      stepFailed(
        `Source cluster ${sourceId} does not exist in this account and region: ${kind} reads a cluster of the function's own account and region. ` +
          'Check source.clusterId, or use source.type "snapshot" for a cluster elsewhere (its snapshots are copied).',
      ),
    );
  }
  const window = restorableWindowOf(cluster);
  const facts: Partial<Facts> = {
    sourceClusterArn: cluster.arn,
    restoreType: restoreTypeOf(source),
    ...(cluster.engineVersion !== undefined ? { engineVersion: cluster.engineVersion } : {}),
    ...(window !== undefined ? { sourceEarliestRestorableTime: window.earliest.toISOString(), sourceLatestRestorableTime: window.latest.toISOString() } : {}),
    copyNeeded: false,
    copyReason: `${kind} reads source cluster ${cluster.id} directly: no snapshot, no copy`,
  };
  if (window === undefined) {
    return fail(
      stepFailed(`Source cluster ${cluster.id} is ${cluster.status} and RDS reports no restorable window for it yet (no backup): ${kind} cannot read it. Wait until it is available and backed up, then resume.`),
      facts,
    );
  }
  const restoreTime = source.type === 'point-in-time' && source.restoreTime !== undefined ? new Date(source.restoreTime) : undefined;
  const problem = restoreTime !== undefined ? restoreTimeProblem(cluster.id, restoreTime, window) : undefined;
  if (problem !== undefined) return fail(stepFailed(`${problem} Nothing was changed.`), facts);

  const plan = request.dryRun
    ? appendPlan(context, [
        `would make ${kind} of cluster ${cluster.arn} as of ${restoreTime?.toISOString() ?? 'its latest restorable time'} (restorable window ${describeWindow(window)}), without a snapshot or a copy`,
      ])
    : {};
  return advance('delete-rds', { ...facts, ...plan });
}
