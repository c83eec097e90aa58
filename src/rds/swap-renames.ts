import type { Facts, Operation } from '../store/operation';
import { buildClusterId, buildInstanceId, retiredId, strategyOf } from './naming';

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
    ...operation.request.target.instances.map((instance) => ({ kind: 'instance' as const, from: buildInstanceId(operation, instance.id), to: instance.id, side: 'new' as const })),
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

/**
 * The `rollback` command's domain rule: a completed swap whose retired cluster is still kept (its
 * delete not begun) goes to the `rollback` step, which renames it back; anything else is refused,
 * saying why.
 */
export function rollbackDecision(operation: Operation, now: Date): { step: 'rollback'; facts: Partial<Facts> } | { refused: string } {
  const { facts } = operation;
  if (strategyOf(operation) !== 'swap') return { refused: 'it is not a swap (strategy replace deletes the old target; there is nothing to swap back)' };
  if (facts.targetExisted !== true) return { refused: 'there was no old target to swap back in' };
  if (operation.step === 'rollback' || facts.rolledBackAt !== undefined) return { refused: 'it is already rolled back (or rolling back)' };
  if (facts.swappedAt === undefined) return { refused: 'its swap has not happened: the old target still has its name, nothing to roll back' };
  if (facts.retiredDeleteStarted === true || facts.retiredDeleted === true) {
    return { refused: `its keep window is over: the retired cluster ${retiredId(operation, operation.request.target.clusterId)} is being deleted or gone` };
  }
  return { step: 'rollback', facts: { swapRollback: { cause: 'command', reason: `rollback command at ${now.toISOString()}` }, rollbackRenamesIssued: 0 } };
}
