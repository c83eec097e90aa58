import type { ClusterSnapshot, CopySnapshotInput } from '../ports/rds';
import { isValidSnapshotId } from '../rds/naming';
import { formatRdsArn } from '../rds/rds-arn';
import { awsErrors } from './aws-errors';
import { snapshotView, type SnapshotRecord } from './resource-records';
import type { SimulationContext } from './simulation-context';
import { snapshotKey } from './resource-inventory';

/**
 * CopyDBClusterSnapshot, the longest wait of a refresh: RDS's checks and quotas, a duration that
 * grows with the snapshot's size, and an end decided when the copy starts (available, or failed or
 * vanished when a fault says so), so progress can be reported at any virtual time in between.
 */
export function copyClusterSnapshot(world: SimulationContext, input: CopySnapshotInput): ClusterSnapshot {
  const now = world.clock.now();
  if (!isValidSnapshotId(input.targetId)) {
    throw awsErrors.invalidValue(input.targetId, `The parameter TargetDBClusterSnapshotIdentifier is not a valid identifier: ${input.targetId}`);
  }
  if (world.resources.findSnapshot(input.targetId, world.region) !== undefined) throw awsErrors.snapshotExists(input.targetId);
  const source = world.resources.findSnapshot(input.source, world.region);
  if (source === undefined) throw awsErrors.snapshotNotFound(input.source);
  if (source.status !== 'available') throw awsErrors.invalidSnapshotState(input.source, `Snapshot ${source.id} is not available (status ${source.status}).`);
  const crossRegion = source.region !== world.region;
  const crossAccount = source.accountId !== world.accountId;
  if (source.encrypted && (crossRegion || crossAccount) && input.kmsKeyId === undefined) {
    throw awsErrors.invalidCombination(
      input.targetId,
      crossAccount
        ? 'KmsKeyId must be specified to copy an encrypted snapshot shared from another AWS account.'
        : 'KmsKeyId must be specified for a cross-region copy of an encrypted snapshot.',
    );
  }
  if (input.kmsKeyId !== undefined && world.faults.isKmsKeyInaccessible(input.kmsKeyId)) throw awsErrors.kmsNotAccessible(input.targetId, input.kmsKeyId);
  checkSnapshotQuota(world, input.targetId, now);

  const copy: SnapshotRecord = {
    id: input.targetId,
    arn: formatRdsArn({ region: world.region, accountId: world.accountId, resourceType: 'cluster-snapshot', resourceId: input.targetId }),
    clusterId: source.clusterId,
    accountId: world.accountId,
    region: world.region,
    type: 'manual',
    status: crossRegion || crossAccount ? 'copying' : 'creating',
    // A copy keeps the original's creation time: it holds the same data.
    createdAt: new Date(source.createdAt),
    sizeGb: source.sizeGb,
    encrypted: source.encrypted || input.kmsKeyId !== undefined,
    ...(input.kmsKeyId !== undefined ? { kmsKeyId: input.kmsKeyId } : source.kmsKeyId !== undefined ? { kmsKeyId: source.kmsKeyId } : {}),
    engineVersion: source.engineVersion,
    masterUsername: source.masterUsername,
    tags: { ...(input.copyTags ? source.tags : {}), ...input.tags },
    sharedWith: new Set(),
    copy: { startedAt: now.getTime(), durationMs: copyDurationMs(world, source.sizeGb) },
  };
  world.resources.putSnapshot(copy);
  scheduleCopyEnd(world, copy);
  return snapshotView(copy, world.accountId, now);
}

function checkSnapshotQuota(world: SimulationContext, targetId: string, now: Date): void {
  if (world.faults.isSnapshotQuotaBusy(now)) {
    throw awsErrors.snapshotQuota(targetId, `Cannot copy snapshot: ${world.quotas.concurrentCopies} snapshot copies are already in progress in ${world.region}.`);
  }
  const own = world.resources.allSnapshots().filter((record) => record.accountId === world.accountId && record.region === world.region && record.type === 'manual');
  if (own.length >= world.quotas.manualSnapshots) {
    throw awsErrors.snapshotQuota(targetId, `Cannot create more than ${world.quotas.manualSnapshots} manual snapshots.`);
  }
  const copying = own.filter((record) => record.copy !== undefined && (record.status === 'copying' || record.status === 'creating'));
  if (copying.length >= world.quotas.concurrentCopies) {
    throw awsErrors.snapshotQuota(targetId, `Cannot copy snapshot: ${copying.length} snapshot copies are already in progress in ${world.region}.`);
  }
}

function copyDurationMs(world: SimulationContext, sizeGb: number): number {
  const hours = sizeGb / 1024 / world.timings.copyTbPerHour;
  return world.durations.duration(world.timings.copyOverheadMinutes + hours * 60);
}

function scheduleCopyEnd(world: SimulationContext, copy: SnapshotRecord): void {
  const progress = copy.copy as NonNullable<SnapshotRecord['copy']>;
  const key = snapshotKey(copy);
  const failure = world.faults.copyFailure();
  if (failure !== undefined) {
    const percent = Math.max(0, Math.min(99, Math.floor(failure.atPercent)));
    const at = new Date(progress.startedAt + (progress.durationMs * percent) / 100);
    world.timeline.schedule(at, key, () => {
      if (failure.mode === 'vanish') {
        world.resources.removeSnapshot(copy);
        return;
      }
      copy.status = 'failed';
      progress.frozenPercent = percent;
    });
    return;
  }
  const done = new Date(progress.startedAt + progress.durationMs);
  world.timeline.schedule(done, key, () => {
    copy.status = 'available';
    progress.frozenPercent = 100;
    world.completions.push({ at: done, kind: 'copy-available', id: copy.id });
  });
}
