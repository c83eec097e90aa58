import type { RdsEvent } from '../events/schema';
import type { Ports } from '../ports';
import type { Operation } from '../store/operation';

/** The operation an RDS event should wake, or why none. */
export interface RdsEventMatch {
  operation?: Operation;
  reason: string;
}

/**
 * Finds the running operation waiting on the event's resource. Cluster events name the target
 * cluster, whose lock names the operation; instance events name an instance, which the waiting
 * operation lists in `waitingOn`. Anything else is not ours.
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
    const waiting = operation.waitingOn?.some((ref) => ref.kind === kind && ref.id === resourceId) ?? false;
    if (!waiting) {
      return { reason: `operation ${operationId} is not waiting on ${kind} ${resourceId} (step ${operation.step})` };
    }
    return { operation, reason: 'waiting on this resource' };
  }
  return { reason: `no running operation holds ${kind} ${resourceId}` };
}
