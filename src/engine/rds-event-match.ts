import type { StepName } from '../constants';
import type { RdsEvent } from '../events/schema';
import type { Ports } from '../ports';
import type { Operation } from '../store/operation';

/** The operation an RDS event should wake, or why none. */
export interface RdsEventMatch {
  operation?: Operation;
  reason: string;
  /**
   * For an instance-created event, the other instances the operation still waits for: the event is
   * then only noted, and the check runs when the last of them reports.
   */
  otherInstancesAwaited: string[];
}

/** Steps waiting on the target's cluster or instances, whose completion RDS announces with events. */
const EVENT_DRIVEN_STEPS: ReadonlySet<StepName> = new Set(['check-delete-status', 'check-restore-status']);

/** Events that announce an instance has been created. */
const INSTANCE_CREATED_EVENTS = new Set(['RDS-EVENT-0005']);

/** True for the steps an RDS event can end early (their polling is only a safety net). */
export function isEventDrivenStep(step: StepName): boolean {
  return EVENT_DRIVEN_STEPS.has(step);
}

function otherInstancesAwaited(operation: Operation, event: RdsEvent, resourceId: string): string[] {
  if (event['detail-type'] !== 'RDS DB Instance Event' || !INSTANCE_CREATED_EVENTS.has(event.detail.EventID ?? '')) return [];
  const instances = (operation.waitingOn ?? []).filter((ref) => ref.kind === 'instance').map((ref) => ref.id);
  return instances.includes(resourceId) ? instances.filter((id) => id !== resourceId) : [];
}

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
  const operation = lock === undefined ? undefined : await ports.store.get(lock.holderOperationId);
  if (operation === undefined || operation.status !== 'RUNNING') {
    return { reason: `no running operation holds ${kind} ${resourceId}`, otherInstancesAwaited: [] };
  }
  const listed = operation.waitingOn?.some((ref) => ref.kind === kind && ref.id === resourceId) ?? false;
  const ownResource = resourceId === operation.target || operation.request.target.instances.some((instance) => instance.id === resourceId);
  if (!listed && !(ownResource && isEventDrivenStep(operation.step))) {
    return { reason: `operation ${operation.operationId} is not waiting on ${kind} ${resourceId} (step ${operation.step})`, otherInstancesAwaited: [] };
  }
  return { operation, reason: 'waiting on this resource', otherInstancesAwaited: otherInstancesAwaited(operation, event, resourceId) };
}
