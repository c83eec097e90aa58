import { advance, fail, wait } from '../engine/outcome';
import type { Step } from '../engine/step';
import { StepFailedError } from '../errors';
import { appendPlan } from '../rds/dry-run-plan';
import { buildClusterId, strategyOf } from '../rds/naming';
import { isMadeBy } from '../rds/operation-tags';
import { rdsCall } from '../rds/rds-errors';
import { swapRenames } from '../rds/swap-renames';
import { runRenames } from './swap/run-renames';

/**
 * swap: the new cluster, built, set up and verified beside the target, takes its place by renames
 * (see swapRenames for the order). Each rename is recorded in the state before it is issued, so a
 * resumed or repeated run picks up the right half. A rename RDS refuses after the first one has
 * completed sends the operation to `rollback` (the renames undone, the operation failed saying
 * so); refused at the first, nothing changed and the operation fails with the target untouched.
 * Once every rename is done the refresh is delivered: the operation goes on to archive-snapshot
 * and sns-notification, which announces it and releases the target before retire keeps the old
 * cluster for its window. The identity of the cluster swapped in (its resource id; the ARN follows
 * the name) is recorded, so a later rollback command can tell it still serves. With `replace` the
 * step is passed through.
 */
export const swapRenameStep: Step = async (context) => {
  const { operation, request, ports, now } = context;
  if (strategyOf(operation) !== 'swap') return advance('archive-snapshot');
  const renames = swapRenames(operation);
  // The dry run walks retire next, so its plan lists the keep window right after the renames.
  if (request.dryRun) return advance('retire', appendPlan(context, renames.map((rename) => `would rename ${rename.kind} ${rename.from} to ${rename.to}`)));

  if ((operation.facts.swapRenamesIssued ?? 0) === 0) {
    // Before the first rename: the new cluster must be there, ours and available, or nothing is touched.
    const next = buildClusterId(operation);
    const built = await rdsCall(`Describing cluster ${next}`, () => ports.rds.describeCluster(next));
    const problem =
      built === undefined
        ? `cluster ${next} does not exist (deleted after an earlier failure?)`
        : !isMadeBy(built.tags, operation.operationId)
          ? `cluster ${next} was not built by operation ${operation.operationId}`
          : built.status === 'deleting'
            ? `cluster ${next} is being deleted (after an earlier failure)`
            : undefined;
    if (problem !== undefined) {
      return fail(
        new StepFailedError(
          `The swap cannot start: ${problem}. ` +
            `${request.target.clusterId} was not touched; start a new refresh.`,
        ),
      );
    }
    if (built?.status !== 'available') return wait(`cluster ${next} is ${built?.status}; the swap starts once it is available`, { delaySeconds: 60 });
  }
  const progress = await runRenames(context, renames, 'swapRenamesIssued');
  switch (progress.type) {
    case 'outcome':
      return progress.outcome;
    case 'refused':
      if (progress.done === 0) {
        const next = buildClusterId(operation);
        return fail(
          new StepFailedError(
            `The swap stopped before its first rename: ${progress.message}. ${request.target.clusterId} was not touched and still serves the old data; ` +
              (request.swap.keepFailed ? `${next} is kept for inspection (swap.keepFailed).` : `${next} is deleted.`),
          ),
          // Nothing was renamed: the compensation may delete the new cluster.
          { swapRenamesIssued: 0 },
        );
      }
      context.logger.error('a rename of the swap failed; rolling back', { rename: progress.rename, reason: progress.message });
      return advance('rollback', { swapRollback: { cause: 'failure', reason: progress.message.slice(0, 2000) } });
    case 'done': {
      const target = request.target.clusterId;
      const cluster = await rdsCall(`Describing cluster ${target}`, () => ports.rds.describeCluster(target));
      context.logger.info('swap done: the new cluster answers to the target\'s name', { target });
      // The refresh is delivered now: archive, announce (the target released there), then retire.
      return advance('archive-snapshot', {
        swappedAt: now.toISOString(),
        ...(cluster?.resourceId !== undefined ? { swappedInResourceId: cluster.resourceId } : {}),
        ...(cluster?.endpoint !== undefined ? { writerEndpoint: cluster.endpoint } : {}),
        ...(cluster?.readerEndpoint !== undefined ? { readerEndpoint: cluster.readerEndpoint } : {}),
        ...(cluster?.arn !== undefined ? { clusterArn: cluster.arn } : {}),
      });
    }
    default: {
      const unreachable: never = progress;
      throw new Error(`unknown rename progress ${JSON.stringify(unreachable)}`);
    }
  }
};
