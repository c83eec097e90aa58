import { proceed, wait, type Outcome } from '../../engine/outcome';
import type { StepContext } from '../../engine/step';
import { isTransientError } from '../../errors';
import type { Cluster, Instance } from '../../ports/rds';
import type { Facts } from '../../store/operation';
import { isMadeBy } from '../../rds/operation-tags';
import { describeRdsError, hasRdsCode, RDS_BUSY_CODES, rdsCall } from '../../rds/rds-errors';
import type { Rename } from '../../rds/swap-renames';

/** Renames take minutes: polled every minute, and a cluster's rename event (RDS-EVENT-0172) wakes the operation at once. */
const RENAME_CHECK_SECONDS = 60;

/** How to wait on a rename: the poll, and for a cluster the new name whose event ends the wait early (the target's downtime). */
function renameWait(reason: string, rename: Rename): Outcome {
  return wait(reason, { delaySeconds: RENAME_CHECK_SECONDS, ...(rename.kind === 'cluster' ? { waitingOn: [{ kind: 'cluster' as const, id: rename.to }] } : {}) });
}

/** Where a list of renames stands after one run. */
export type RenamesProgress =
  | { type: 'done' }
  /** A wait, or a `continue` that records the next rename before it is issued. */
  | { type: 'outcome'; outcome: Outcome }
  /** RDS refused rename `index` (or what it would rename is not ours): `done` renames of the list had completed. */
  | { type: 'refused'; index: number; done: number; rename: Rename; message: string };

type Resource = Pick<Cluster, 'id' | 'status' | 'tags'> & { resourceId?: string };

async function describe(context: StepContext, kind: Rename['kind'], id: string): Promise<Resource | undefined> {
  const { rds } = context.ports;
  return kind === 'cluster'
    ? rdsCall(`Describing cluster ${id}`, () => rds.describeCluster(id))
    : rdsCall(`Describing instance ${id}`, (): Promise<Instance | undefined> => rds.describeInstance(id));
}

/** Is `resource` the one this rename may touch: the pinned old target, or what this operation built? */
function ownershipProblem(context: StepContext, rename: Rename, resource: Resource): string | undefined {
  const { operation } = context;
  if (rename.side === 'new') {
    return isMadeBy(resource.tags, operation.operationId) ? undefined : `${rename.kind} ${rename.from} was not built by operation ${operation.operationId}; it is left untouched`;
  }
  const pinned = operation.facts.targetResourceId;
  if (rename.kind === 'cluster' && pinned !== undefined && resource.resourceId !== undefined && resource.resourceId !== pinned) {
    return `cluster ${rename.from} is not the cluster preflight checked (resource id now ${resource.resourceId}, recorded ${pinned}); it is left untouched`;
  }
  return undefined;
}

/**
 * Runs a list of renames in order, one action per run, deciding from what RDS shows: a rename whose
 * new name is available is done; one whose new name is `renaming` is waited on; otherwise the
 * rename is first recorded in the state (`issuedKey` = its position + 1, saved by the engine before
 * the next run issues it), then issued. So a crash anywhere leaves a state that says which renames
 * may have happened, and RDS says which did.
 */
export async function runRenames(context: StepContext, renames: readonly Rename[], issuedKey: 'swapRenamesIssued' | 'rollbackRenamesIssued'): Promise<RenamesProgress> {
  const issued = context.operation.facts[issuedKey] ?? 0;
  for (const [index, rename] of renames.entries()) {
    const renamed = await describe(context, rename.kind, rename.to);
    if (renamed !== undefined) {
      if (renamed.status === 'available') continue;
      return { type: 'outcome', outcome: renameWait(`renaming ${rename.kind} ${rename.from} to ${rename.to}: ${renamed.status}`, rename) };
    }
    const current = await describe(context, rename.kind, rename.from);
    const refused = (message: string): RenamesProgress => ({ type: 'refused', index, done: index, rename, message });
    if (current === undefined) return refused(`neither ${rename.kind} ${rename.from} nor ${rename.to} exists`);
    const problem = ownershipProblem(context, rename, current);
    if (problem !== undefined) return refused(problem);
    if (index >= issued) {
      const facts: Partial<Facts> = { [issuedKey]: index + 1 };
      return { type: 'outcome', outcome: proceed(`renaming ${rename.kind} ${rename.from} to ${rename.to}`, facts) };
    }
    if (current.status !== 'available') {
      return { type: 'outcome', outcome: wait(`${rename.kind} ${rename.from} is ${current.status}; renaming it to ${rename.to} once it is available`, { delaySeconds: RENAME_CHECK_SECONDS }) };
    }
    try {
      if (rename.kind === 'cluster') await context.ports.rds.renameCluster(rename.from, rename.to);
      else await context.ports.rds.renameInstance(rename.from, rename.to);
    } catch (error) {
      if (isTransientError(error)) throw error;
      if (hasRdsCode(error, RDS_BUSY_CODES)) {
        return { type: 'outcome', outcome: wait(`${rename.kind} ${rename.from} cannot be renamed yet (${describeRdsError(error)})`, { delaySeconds: RENAME_CHECK_SECONDS }) };
      }
      return refused(`renaming ${rename.kind} ${rename.from} to ${rename.to} failed: ${describeRdsError(error)}`);
    }
    context.logger.info('rename issued', { kind: rename.kind, from: rename.from, to: rename.to });
    return { type: 'outcome', outcome: renameWait(`renaming ${rename.kind} ${rename.from} to ${rename.to}`, rename) };
  }
  return { type: 'done' };
}
