import type { SimulatedCall } from '../simulation/call-log';
import type { SimulatedCompletion } from '../simulation/simulation-context';

/** The calls that take the target's cluster endpoint away: a delete of it or of its instances (replace), its rename (swap). */
function takesTargetAway(call: SimulatedCall, target: string, instanceIds: readonly string[]): boolean {
  if (call.result !== 'ok') return false;
  if (call.operation === 'renameCluster' || call.operation === 'deleteCluster') return call.resource === target;
  return call.operation === 'deleteInstance' && instanceIds.includes(call.resource);
}

/**
 * How long the target's cluster endpoint had nothing behind it, from the simulation's ground truth:
 * from the first call that took it away to the moment a cluster with an available instance answered
 * to the target's name again — for a swap the new cluster's rename into the name completing (its
 * instances were available before), for a replace the first instance of the restored cluster
 * becoming available. Undefined when the target was never taken away (a first run, a failure first).
 */
export function targetUnavailableMs(calls: readonly SimulatedCall[], completions: readonly SimulatedCompletion[], target: string, instanceIds: readonly string[]): number | undefined {
  const away = calls.find((call) => takesTargetAway(call, target, instanceIds));
  if (away === undefined) return undefined;
  const after = completions.filter((completion) => completion.at.getTime() >= away.at.getTime());
  const back =
    away.operation === 'renameCluster'
      ? after.find((completion) => completion.kind === 'cluster-renamed' && completion.id === target)
      : after.find((completion) => completion.kind === 'instance-available' && instanceIds.includes(completion.id));
  return back === undefined ? undefined : back.at.getTime() - away.at.getTime();
}
