import type { StepContext } from '../engine/step';
import { isTransientError } from '../errors';
import { describeSourceKind, restorableWindowOf, restoreTimeProblem } from './point-in-time-source';

/** Whether the restore can still happen, checked before anything is deleted. */
export type RestoreReadiness = { ok: true } | { ok: false; transient: boolean; message: string };

function versionParts(version: string): number[] {
  return version.split('.').map((part) => Number.parseInt(part, 10) || 0);
}

/** True when `target` is older than `snapshot` (Aurora restores only to the same or a newer version). */
export function isOlderVersion(target: string, snapshot: string): boolean {
  const [a, b] = [versionParts(target), versionParts(snapshot)];
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference < 0;
  }
  return false;
}

/** The restore's own KMS key (target.kmsKeyId) must exist, be enabled and be usable by this function. */
async function checkTargetKey(context: StepContext): Promise<RestoreReadiness | undefined> {
  const keyId = context.request.target.kmsKeyId;
  const kms = context.ports.kms;
  if (keyId === undefined || kms === undefined) return undefined;
  try {
    const key = await kms.describeKey(keyId);
    if (key === undefined) return { ok: false, transient: false, message: `the KMS key target.kmsKeyId ${keyId} does not exist in this account and region` };
    if (key.state !== 'Enabled') return { ok: false, transient: false, message: `the KMS key target.kmsKeyId ${keyId} is ${key.state}; the restore needs an enabled key` };
    return undefined;
  } catch (error) {
    if (isTransientError(error)) return { ok: false, transient: true, message: `could not check the KMS key ${keyId}: ${error instanceof Error ? error.message : String(error)}` };
    return {
      ok: false,
      transient: false,
      message: `this function cannot use the KMS key target.kmsKeyId ${keyId} (${error instanceof Error ? error.message : String(error)}); add it to KMS_KEY_ARNS in .env and allow the function's role in the key policy`,
    };
  }
}

/**
 * Before the old target is deleted, the snapshot the restore will use must still exist and be
 * `available` (a resumed operation may find it expired or deleted), and the requested engine version
 * must not be older than the snapshot's, and the restore's KMS key must be usable. Otherwise deleting
 * would leave no cluster at all.
 */
export async function checkRestoreReadiness(context: StepContext, options: { snapshot: boolean } = { snapshot: true }): Promise<RestoreReadiness> {
  const { facts } = context.operation;
  const requested = context.request.target.engineVersion;
  if (requested !== undefined && facts.engineVersion !== undefined && isOlderVersion(requested, facts.engineVersion)) {
    return {
      ok: false,
      transient: false,
      message: `target.engineVersion ${requested} is older than the snapshot's engine version ${facts.engineVersion}: Aurora cannot restore to an older version. Set target.engineVersion to ${facts.engineVersion} or newer, or leave it out.`,
    };
  }
  const keyProblem = await checkTargetKey(context);
  if (keyProblem !== undefined) return keyProblem;
  // A dry run has made no copy yet: only the source snapshot exists, and snapshot-check saw it.
  if (!options.snapshot) return { ok: true };
  if (context.request.source.type !== 'snapshot') return checkSourceClusterReadable(context);
  const snapshotId = facts.restoreSnapshotId;
  if (snapshotId === undefined) {
    return { ok: false, transient: false, message: 'no snapshot to restore from is recorded (facts.restoreSnapshotId); the snapshot and copy steps must run first' };
  }
  try {
    const snapshot = await context.ports.rds.describeClusterSnapshot(snapshotId);
    if (snapshot === undefined) {
      return { ok: false, transient: false, message: `the snapshot to restore from, ${snapshotId}, no longer exists; start a new refresh (it will find a current snapshot)` };
    }
    if (snapshot.status !== 'available') {
      return { ok: false, transient: false, message: `the snapshot to restore from, ${snapshotId}, is ${snapshot.status}, not available` };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, transient: isTransientError(error), message: `could not check the snapshot to restore from, ${snapshotId}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * For a clone or point-in-time source: the source cluster must still exist and still cover the
 * restore time (the window's start moves forward as backups expire, and an operation may be resumed
 * days later).
 */
async function checkSourceClusterReadable(context: StepContext): Promise<RestoreReadiness> {
  const { source } = context.request;
  const kind = describeSourceKind(source);
  const sourceId = source.clusterId ?? '';
  try {
    const cluster = await context.ports.rds.describeCluster(sourceId);
    if (cluster === undefined) return { ok: false, transient: false, message: `the source cluster ${sourceId} of ${kind} no longer exists` };
    const window = restorableWindowOf(cluster);
    if (window === undefined) return { ok: false, transient: false, message: `the source cluster ${sourceId} is ${cluster.status} and RDS reports no restorable window for it` };
    const restoreTime = source.type === 'point-in-time' && source.restoreTime !== undefined ? new Date(source.restoreTime) : undefined;
    const problem = restoreTime !== undefined ? restoreTimeProblem(cluster.id, restoreTime, window) : undefined;
    return problem === undefined ? { ok: true } : { ok: false, transient: false, message: problem };
  } catch (error) {
    return { ok: false, transient: isTransientError(error), message: `could not check the source cluster ${sourceId}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
