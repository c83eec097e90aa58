import { instancesToBuild } from '../rds/target-configuration';
import type { SimulatedAurora } from '../simulation/simulated-aurora';
import type { Operation } from '../store/operation';

/** How long after a change really finished the operation noticed it. */
export interface DetectionLag {
  wait: 'copy' | 'delete' | 'restore';
  /** Virtual time from the real completion to the step moving on. */
  lagMs: number;
  /** Status checks the step made. */
  checks: number;
}

function endedAt(operation: Operation, step: keyof Operation['stepRuns']): number | undefined {
  const ended = operation.stepRuns[step]?.endedAt;
  return ended === undefined ? undefined : Date.parse(ended);
}

/**
 * Measures each wait of a finished operation against what the simulation says really happened:
 * the copy becoming available, the old cluster gone, and the restore (cluster available, then —
 * after the instances are created — every instance available; both phases' lags add up).
 */
export function detectionLags(operation: Operation, simulation: SimulatedAurora): DetectionLag[] {
  const lags: DetectionLag[] = [];
  const completion = (kind: string, id: string) => simulation.completions.find((c) => c.kind === kind && c.id === id)?.at.getTime();
  const copyDone = operation.facts.copySnapshotId !== undefined ? completion('copy-available', operation.facts.copySnapshotId) : undefined;
  const copyNoticed = endedAt(operation, 'check-copy-status');
  if (copyDone !== undefined && copyNoticed !== undefined) {
    lags.push({ wait: 'copy', lagMs: copyNoticed - copyDone, checks: operation.stepRuns['check-copy-status']?.checks ?? 0 });
  }
  const goneDone = completion('cluster-gone', operation.target);
  const goneNoticed = endedAt(operation, 'check-delete-status');
  if (goneDone !== undefined && goneNoticed !== undefined && operation.facts.targetExisted === true) {
    lags.push({ wait: 'delete', lagMs: goneNoticed - goneDone, checks: operation.stepRuns['check-delete-status']?.checks ?? 0 });
  }
  const clusterUp = simulation.completions.filter((c) => c.kind === 'cluster-available' && c.id === operation.target).at(-1)?.at.getTime();
  const instancesRequested = simulation.calls.find((call) => call.operation === 'createInstance' && call.result === 'ok')?.at.getTime();
  const instanceIds = instancesToBuild(operation).map((instance) => instance.id);
  const instancesUp = Math.max(...instanceIds.map((id) => completion('instance-available', id) ?? Number.NaN));
  const restoreNoticed = endedAt(operation, 'check-restore-status');
  if (clusterUp !== undefined && instancesRequested !== undefined && Number.isFinite(instancesUp) && restoreNoticed !== undefined) {
    lags.push({
      wait: 'restore',
      lagMs: instancesRequested - clusterUp + (restoreNoticed - instancesUp),
      checks: operation.stepRuns['check-restore-status']?.checks ?? 0,
    });
  }
  return lags;
}
