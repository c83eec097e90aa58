import { advance, fail } from '../engine/outcome';
import type { Step, StepContext } from '../engine/step';
import type { ClusterSnapshot, RdsHome } from '../ports/rds';
import type { Facts } from '../store/operation';
import { decideCopy } from '../rds/copy-decision';
import { appendPlan } from '../rds/dry-run-plan';
import { labelError, rdsCall, stepFailed } from '../rds/rds-errors';
import { selectNewestSnapshot } from '../rds/snapshot-selection';
import { checkSourceCluster } from './sources/check-source-cluster';
import { checkDeletionSafety } from '../rds/deletion-safety';
import { isOlderVersion } from '../rds/restore-readiness';
import { SafetyViolationError } from '../errors';

type Found = { ok: true; snapshot: ClusterSnapshot } | { ok: false; outcome: Awaited<ReturnType<Step>> };

/**
 * The snapshot named in the request: it must exist and be `available`. The age limit is for
 * discovery only: a named snapshot was chosen on purpose.
 */
async function explicitSnapshot(context: StepContext, reference: string, home: RdsHome): Promise<Found> {
  const { ports, request } = context;
  const snapshot = await rdsCall(`Describing snapshot ${reference}`, () => ports.rds.describeClusterSnapshot(reference, request.source.region));
    if (snapshot === undefined) {
    const region = request.source.region ?? home.region;
    return {
      ok: false,
      outcome: fail(
        stepFailed(`Snapshot ${reference} does not exist${reference.startsWith('arn:') ? '' : ` in region ${region}`} or is not visible to this account. ` +
            'A snapshot shared from another account must be given by its ARN, and shared with this account.',
        ),
      ),
    };
  }
  if (snapshot.status !== 'available') {
    return {
      ok: false,
      outcome: fail(stepFailed(`Snapshot ${reference} is ${snapshot.status}, not available: wait until RDS finishes it, or name another snapshot.`)),
    };
  }
  return { ok: true, snapshot };
}

/** The newest available snapshot of the source cluster among the requested types. */
async function discoveredSnapshot(context: StepContext, clusterId: string, home: RdsHome): Promise<Found> {
  const { ports, request, now } = context;
  const region = request.source.region ?? home.region;
  const snapshots = await rdsCall(`Listing the snapshots of cluster ${clusterId}`, () => ports.rds.describeClusterSnapshots({
      clusterId,
      types: request.source.snapshotTypes,
      ...(request.source.region !== undefined ? { region: request.source.region } : {}),
    }));
    const selection = selectNewestSnapshot(snapshots, {
    clusterId,
    types: request.source.snapshotTypes,
    ...(request.source.accountId !== undefined ? { ownerAccountId: request.source.accountId } : {}),
    ...(home.accountId !== undefined ? { homeAccountId: home.accountId } : {}),
    ...(request.source.maxAgeHours !== undefined ? { maxAgeHours: request.source.maxAgeHours } : {}),
    now,
    region,
  });
  if (!selection.ok) return { ok: false, outcome: fail(stepFailed(selection.reason)) };
  return { ok: true, snapshot: selection.snapshot };
}

function snapshotFacts(snapshot: ClusterSnapshot): Partial<Facts> {
  return {
    sourceSnapshotId: snapshot.id,
    sourceSnapshotArn: snapshot.arn,
    ...(snapshot.createdAt !== undefined ? { snapshotCreateTime: snapshot.createdAt.toISOString() } : {}),
    snapshotType: snapshot.type,
    sizeGb: snapshot.sizeGb,
    encrypted: snapshot.encrypted,
    ...(snapshot.kmsKeyId !== undefined ? { sourceKmsKeyId: snapshot.kmsKeyId } : {}),
    ...(snapshot.engineVersion !== undefined ? { engineVersion: snapshot.engineVersion } : {}),
    snapshotClusterId: snapshot.clusterId,
  };
}

/**
 * Finds the snapshot to restore — the one the request names, or the newest available one of the
 * source cluster — records what it is, and decides whether it must be copied first. Read-only, so a
 * dry run does exactly the same and only adds its findings to the plan.
 */
/**
 * What the chosen snapshot makes certain to fail later, refused now rather than after a copy that
 * may take a day: an engine version the restore cannot go down to, and a snapshot taken from the
 * target itself (the delete would be refused).
 */
async function refusalBeforeCopy(context: StepContext, snapshot: ClusterSnapshot, facts: Partial<Facts>): Promise<string | undefined> {
  const { request, operation } = context;
  const wanted = request.target.engineVersion;
  if (wanted !== undefined && snapshot.engineVersion !== undefined && isOlderVersion(wanted, snapshot.engineVersion)) {
    return `target.engineVersion ${wanted} is older than the snapshot's engine version ${snapshot.engineVersion}: Aurora cannot restore to an older version. Set target.engineVersion to ${snapshot.engineVersion} or newer, or leave it out.`;
  }
  if (operation.facts.targetExisted !== true) return undefined;
  const target = await rdsCall(`Describing target cluster ${request.target.clusterId}`, () => context.ports.rds.describeCluster(request.target.clusterId));
  if (target === undefined) return undefined;
  const verdict = checkDeletionSafety(target, request, { ...operation.facts, ...facts }, context.config.safety);
  return verdict.ok ? undefined : verdict.message;
}

export const snapshotCheckStep: Step = async (context) => {
  const { request } = context;
  // A clone or point-in-time restore has no snapshot: it goes straight to the delete.
  if (request.source.type !== 'snapshot') return checkSourceCluster(context);
  const home = await context.ports.rds.home();
  const { snapshot: reference, clusterId } = request.source;
  const found: Found =
    reference !== undefined
      ? await explicitSnapshot(context, reference, home)
      : clusterId !== undefined
        ? await discoveredSnapshot(context, clusterId, home)
        : { ok: false, outcome: fail(stepFailed('The request names neither source.snapshot nor source.clusterId.')) };
  if (!found.ok) return found.outcome;
  const { snapshot } = found;
  const facts = snapshotFacts(snapshot);
  const decision = decideCopy(snapshot, home, request);
  if (!decision.ok) return fail(stepFailed(decision.message), facts);
  const refusal = await refusalBeforeCopy(context, snapshot, facts);
  if (refusal !== undefined) return fail(new SafetyViolationError(refusal), facts);

  const decided: Partial<Facts> = {
    ...facts,
    copyNeeded: decision.copyNeeded,
    copyReason: decision.reason,
    ...(decision.copyNeeded ? {} : { restoreSnapshotId: snapshot.id }),
  };
  const plan = request.dryRun
    ? appendPlan(context, [
        `would use snapshot ${snapshot.arn} of cluster ${snapshot.clusterId} (${snapshot.type}, created ${snapshot.createdAt?.toISOString() ?? 'at an unknown time'}, ${snapshot.sizeGb} GB, ${snapshot.encrypted ? 'encrypted' : 'not encrypted'})`,
        decision.copyNeeded ? `would copy it first: ${decision.reason}` : `would not copy it: ${decision.reason}`,
      ])
    : {};
  return advance(decision.copyNeeded ? 'copy-snapshot' : 'delete-rds', { ...decided, ...plan });
};
