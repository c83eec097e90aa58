import type { RdsEvent } from '../events/schema';
import type { Ports } from '../ports';
import type { Operation } from '../store/operation';

/** The operation an RDS event should wake, or why none. */
export interface RdsEventMatch {
  operation?: Operation;
  reason: string;
}

/** Steps whose wait an event about the target's own cluster or instances may end early. */
const TARGET_WAIT_STEPS = new Set(['check-delete-status', 'check-restore-status']);

/**
 * Finds the running operation waiting on the event's resource. Cluster events name the target
 * cluster, whose lock names the operation; instance events name an instance, whose cluster RDS
 * still knows. The operation must list the resource in `waitingOn`, or be waiting on its target's
 * deletion or restore (an event may arrive before the wait is saved). Anything else is not ours.
 */
export async function findOperationForRdsEvent(event: RdsEvent, ports: Pick<Ports, 'store' | 'rds'>): Promise<RdsEventMatch> {
  const resourceId = event.detail.SourceIdentifier.toLowerCase();
  const kind = event['detail-type'] === 'RDS DB Cluster Event' ? 'cluster' : 'instance';
  let target = resourceId;
  if (kind === 'instance') {
    const instance = await ports.rds.describeInstance(resourceId).catch(() => undefined);
    if (instance?.clusterId !== undefined) target = instance.clusterId.toLowerCase();
  }
  const lock = await ports.store.getLock(target);
  const candidates = lock !== undefined ? [lock.holderOperationId] : [];
  for (const operationId of candidates) {
    const operation = await ports.store.get(operationId);
    if (operation === undefined || operation.status !== 'RUNNING') continue;
    const listed = operation.waitingOn?.some((ref) => ref.kind === kind && ref.id === resourceId) ?? false;
    const ownResource = resourceId === operation.target || operation.request.target.instances.some((instance) => instance.id === resourceId);
    if (!listed && !(ownResource && TARGET_WAIT_STEPS.has(operation.step))) {
      return { reason: `operation ${operationId} is not waiting on ${kind} ${resourceId} (step ${operation.step})` };
    }
    return { operation, reason: 'waiting on this resource' };
  }
  return { reason: `no running operation holds ${kind} ${resourceId}` };
}
