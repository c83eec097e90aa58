import type { Cluster } from '../ports/rds';
import type { Facts, Operation } from '../store/operation';
import { buildClusterId, buildInstanceId, retiredId, strategyOf } from './naming';
import { isMadeBy } from './operation-tags';
import { instancesToBuild } from './target-configuration';

/** One rename of a swap: ModifyDBCluster / ModifyDBInstance with a new identifier. */
export interface Rename {
  kind: 'cluster' | 'instance';
  from: string;
  to: string;
  /** `old`: the target being retired (pinned by resource id); `new`: what this operation built (its tag). */
  side: 'old' | 'new';
}

/**
 * The renames of a swap, in the order they run: the old target away (`-retired-`), the new cluster
 * into its name — from then on the target's cluster endpoints answer from the new data — then the
 * old instances away and the new ones into the configured ids (old first: the ids may be the same).
 * A target that did not exist at preflight has nothing to retire.
 */
export function swapRenames(operation: Pick<Operation, 'operationId' | 'request' | 'facts'>): Rename[] {
  const target = operation.request.target.clusterId;
  const old = operation.facts.targetExisted === true;
  const oldInstances = old ? (operation.facts.targetInstanceIds ?? []) : [];
  return [
    ...(old ? [{ kind: 'cluster' as const, from: target, to: retiredId(operation, target), side: 'old' as const }] : []),
    { kind: 'cluster', from: buildClusterId(operation), to: target, side: 'new' },
    ...oldInstances.map((id) => ({ kind: 'instance' as const, from: id, to: retiredId(operation, id), side: 'old' as const })),
    ...instancesToBuild(operation).map((instance) => ({ kind: 'instance' as const, from: buildInstanceId(operation, instance.id), to: instance.id, side: 'new' as const })),
  ];
}

/** The renames that undo the first `issued` renames of a swap, last first. */
export function rollbackRenames(operation: Pick<Operation, 'operationId' | 'request' | 'facts'>, issued: number): Rename[] {
  return swapRenames(operation)
    .slice(0, issued)
    .reverse()
    .map((rename) => ({ ...rename, from: rename.to, to: rename.from }));
}

/** The AWS CLI command that performs a rename by hand. */
export function renameCommand(rename: Pick<Rename, 'kind' | 'from' | 'to'>): string {
  return rename.kind === 'cluster'
    ? `aws rds modify-db-cluster --db-cluster-identifier ${rename.from} --new-db-cluster-identifier ${rename.to} --apply-immediately`
    : `aws rds modify-db-instance --db-instance-identifier ${rename.from} --new-db-instance-identifier ${rename.to} --apply-immediately`;
}

/** When the keep window of the retired cluster ends: swap.keepRetiredHours after the swap. */
export function keepWindowEnd(swappedAt: string, keepRetiredHours: number): Date {
  return new Date(Date.parse(swappedAt) + keepRetiredHours * 3_600_000);
}

/**
 * True when a completed swap left a retired cluster that is still to be kept, then deleted: the
 * refresh is delivered at the swap and the operation goes on only to tidy it up (retire,
 * delete-retired), its target released. False for `replace`, a dry run, a swap with no old target.
 */
export function retiredClusterRemains(operation: Pick<Operation, 'operationId' | 'request' | 'facts'>): boolean {
  const { facts } = operation;
  return strategyOf(operation) === 'swap' && !operation.request.dryRun && facts.targetExisted === true && facts.swappedAt !== undefined && facts.retiredDeleted !== true;
}

/** Where the retired cluster of a released swap stands, in words for a notification or a status, or undefined when none is kept. */
export function retiredClusterNote(operation: Pick<Operation, 'operationId' | 'request' | 'facts' | 'status'>): string | undefined {
  if (!retiredClusterRemains(operation) || operation.facts.swappedAt === undefined) return undefined;
  const retired = retiredId(operation, operation.request.target.clusterId);
  if (operation.status === 'RUNNING') {
    if (operation.facts.retiredDeleteStarted === true) return `the retired cluster ${retired} (the old target) is being deleted`;
    const until = keepWindowEnd(operation.facts.swappedAt, operation.request.swap.keepRetiredHours).toISOString();
    return `the retired cluster ${retired} (the old target) is kept until ${until}, then deleted; {"command":"rollback"} swaps it back until then`;
  }
  return operation.status === 'CANCELLED' && operation.facts.retiredDeleteStarted !== true
    ? `the retired cluster ${retired} (the old target) is kept: this operation no longer deletes it; delete it by hand when it is no longer needed, or resume the operation`
    : `the retired cluster ${retired} (the old target) may still exist: resume the operation to finish deleting it, or delete it by hand`;
}

/**
 * The `rollback` command's domain rule: a completed swap whose retired cluster is still kept (its
 * delete not begun), and whose cluster under the target's name is still the one it swapped in
 * (`serving`, as described now: same resource id, this operation's tag), goes to the `rollback`
 * step, which renames it back; anything else is refused, saying why. A newer refresh that swapped
 * its own cluster in must never see the old data renamed over it.
 */
export function rollbackDecision(
  operation: Operation,
  now: Date,
  serving: Pick<Cluster, 'resourceId' | 'tags'> | undefined,
): { step: 'rollback'; facts: Partial<Facts> } | { refused: string } {
  const { facts } = operation;
  const target = operation.request.target.clusterId;
  if (strategyOf(operation) !== 'swap') return { refused: 'it is not a swap (strategy replace deletes the old target; there is nothing to swap back)' };
  if (facts.targetExisted !== true) return { refused: 'there was no old target to swap back in' };
  if (operation.step === 'rollback' || facts.rolledBackAt !== undefined) return { refused: 'it is already rolled back (or rolling back)' };
  if (facts.swappedAt === undefined) return { refused: 'its swap has not happened: the old target still has its name, nothing to roll back' };
  if (facts.retiredDeleteStarted === true || facts.retiredDeleted === true) {
    return { refused: `its keep window is over: the retired cluster ${retiredId(operation, target)} is being deleted or gone` };
  }
  if (serving === undefined) return { refused: `no cluster answers to ${target} now: it is not the cluster this operation swapped in, so nothing is renamed` };
  const sameCluster = isMadeBy(serving.tags, operation.operationId) && (facts.swappedInResourceId === undefined || serving.resourceId === facts.swappedInResourceId);
  if (!sameCluster) {
    return {
      refused:
        `the cluster under the name ${target} is no longer the one this operation swapped in (resource id ${serving.resourceId ?? 'unknown'}, swapped in ${facts.swappedInResourceId ?? 'this operation\'s tagged cluster'}): ` +
        `a newer refresh replaced it, and renaming ${retiredId(operation, target)} back would take the target from under it`,
    };
  }
  return { step: 'rollback', facts: { swapRollback: { cause: 'command', reason: `rollback command at ${now.toISOString()}` }, rollbackRenamesIssued: 0 } };
}
