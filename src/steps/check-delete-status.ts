import { advance, wait } from '../engine/outcome';
import type { Step } from '../engine/step';
import type { Cluster, Instance } from '../ports/rds';
import type { WaitingOn } from '../store/operation';
import { labelError, rdsCall } from '../rds/rds-errors';
import { strategyOf } from '../rds/naming';

/**
 * Waits until the old target is gone: its instances, then the cluster (`DBClusterNotFoundFault`).
 * The cluster-deleted event wakes the operation at once; polling is the safety net.
 */
export const checkDeleteStatusStep: Step = async (context) => {
  const { operation, request, ports } = context;
  if (request.dryRun || operation.facts.targetExisted === false || strategyOf(operation) === 'swap') return advance('restore-snapshot');
  const targetId = request.target.clusterId;
  const cluster = await rdsCall(`Describing cluster ${targetId}`, () => ports.rds.describeCluster(targetId));
    const instanceIds = [...new Set([...(operation.facts.deletedInstanceIds ?? []), ...(cluster?.members.map((member) => member.instanceId) ?? [])])];
  const waitingOn: WaitingOn[] = [{ kind: 'cluster', id: targetId }, ...instanceIds.map((id) => ({ kind: 'instance' as const, id }))];
  if (cluster !== undefined) {
    const reason =
      cluster.status === 'deleting'
        ? `deleting cluster ${targetId}${cluster.members.length > 0 ? ` and instances ${cluster.members.map((m) => m.instanceId).join(', ')}` : ''}`
        : `cluster ${targetId} is ${cluster.status}, expected deleting`;
    return wait(reason, { waitingOn });
  }
  const remaining: string[] = [];
  for (const instanceId of instanceIds) {
    const instance = await rdsCall(`Describing instance ${instanceId}`, () => ports.rds.describeInstance(instanceId));
        if (instance !== undefined) remaining.push(`${instanceId} (${instance.status})`);
  }
  if (remaining.length > 0) return wait(`cluster ${targetId} is gone; waiting for instances ${remaining.join(', ')}`, { waitingOn });
  return advance('restore-snapshot');
};
