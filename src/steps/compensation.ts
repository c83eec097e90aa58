import type { Logger } from '../observability/logger';
import type { StepPorts } from '../engine/step';
import { buildClusterId, strategyOf } from '../rds/naming';
import { isMadeBy } from '../rds/operation-tags';
import type { Operation } from '../store/operation';

/**
 * Refusals after which the copy this operation made is useless: the target is not the one checked,
 * so the refresh must start again. After a refusal a person can fix (a tag, a key), the copy is kept
 * for the resume.
 */
const REFUSALS = new Set(['TargetChangedError']);

/**
 * Deletion protection switched off for a delete that never came is switched back on, so a failed
 * refresh leaves the target exactly as protected as it found it.
 */
async function restoreDeletionProtection(operation: Operation, ports: StepPorts): Promise<string[]> {
  const { facts, request } = operation;
  // Switched off by this operation (recorded), or on at preflight (a crash may have lost the record).
  if (facts.deletionProtectionDisabled !== true && facts.targetDeletionProtection !== true) return [];
  const cluster = await ports.rds.describeCluster(request.target.clusterId);
  const same = cluster !== undefined && (facts.targetResourceId === undefined || cluster.resourceId === facts.targetResourceId);
  if (!same || cluster.status === 'deleting' || cluster.deletionProtection) return [];
  await ports.rds.modifyCluster({ clusterId: cluster.id, deletionProtection: true, applyImmediately: true });
  return [`switched deletion protection of cluster ${cluster.id} back on`];
}

/**
 * A copy made before a refusal is ours and useless: deleted when `archive.mode` is `delete`, kept
 * (as archive says) with `keep-last`. Never once the restore has used it, never a snapshot that
 * does not carry this operation's tag.
 */
async function deleteUselessCopy(operation: Operation, ports: StepPorts): Promise<string[]> {
  const { facts, request, error } = operation;
  const copyId = facts.copySnapshotId;
  if (copyId === undefined || facts.clusterArn !== undefined || error === undefined || !REFUSALS.has(error.name) || request.archive.mode !== 'delete') return [];
  const copy = await ports.rds.describeClusterSnapshot(copyId);
  if (copy === undefined || !isMadeBy(copy.tags, operation.operationId) || copy.status === 'deleting') return [];
  await ports.rds.deleteClusterSnapshot(copyId);
  return [`deleted the snapshot copy ${copyId} this operation made (archive.mode delete); a new refresh makes a fresh one`];
}

/**
 * swap: the `-next` cluster this operation built is useless once the operation failed with the
 * target still serving — before any rename, or after a rollback that completed. It is deleted
 * (instances first), unless `swap.keepFailed` keeps it for inspection. Never while the names are
 * half swapped (a rollback that failed: a person finishes it), never a cluster without this
 * operation's tag.
 */
async function deleteUnusedNextCluster(operation: Operation, ports: StepPorts): Promise<string[]> {
  const { facts, request } = operation;
  if (strategyOf(operation) !== 'swap' || request.swap.keepFailed || request.dryRun) return [];
  const renamed = (facts.swapRenamesIssued ?? 0) > 0;
  if (renamed && facts.rolledBackAt === undefined) return [];
  const next = buildClusterId(operation);
  const cluster = await ports.rds.describeCluster(next);
  if (cluster === undefined || !isMadeBy(cluster.tags, operation.operationId) || cluster.status === 'deleting') return [];
  for (const member of cluster.members) {
    const instance = await ports.rds.describeInstance(member.instanceId);
    if (instance !== undefined && isMadeBy(instance.tags, operation.operationId) && instance.status !== 'deleting') await ports.rds.deleteInstance(member.instanceId);
  }
  // Built with the old target's deletion protection (carried over): ours, unused, so switched off to delete it.
  if (cluster.deletionProtection) await ports.rds.modifyCluster({ clusterId: next, deletionProtection: false, applyImmediately: true });
  await ports.rds.deleteCluster({ clusterId: next, finalSnapshot: { skip: true } });
  return [`deleted the cluster ${next} this operation built, and its instances (set swap.keepFailed to keep it for inspection)`];
}

/** What the refresh pipeline undoes when an operation fails: see Pipeline.compensate. */
export async function compensateFailedRefresh(operation: Operation, ports: StepPorts, log: Logger): Promise<string[]> {
  const done: string[] = [];
  for (const undo of [restoreDeletionProtection, deleteUselessCopy, deleteUnusedNextCluster]) {
    try {
      done.push(...(await undo(operation, ports)));
    } catch (error) {
      // One undo that fails must not keep the other from running.
      log.error('could not undo part of what the failed operation left behind', { error, undo: undo.name });
    }
  }
  return done;
}
