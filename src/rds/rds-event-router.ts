import { instancesToBuild } from './target-configuration';
import type { ExternalEventRouter } from '../engine/pipeline';
import { rdsEventSchema, type RdsEvent } from '../events/schema';
import type { RdsPort } from '../ports/rds';
import type { Operation, WaitingOn } from '../store/operation';
import { buildClusterId, buildInstanceId } from './naming';

/** Events that announce an instance has been created. */
const INSTANCE_CREATED_EVENTS = new Set(['RDS-EVENT-0005']);

/**
 * A swap's `-next-`/`-retired-` cluster belongs to the target: the engine finds the operation whose
 * lock it is, or one that released the target and waits on that very cluster (a swap deleting its
 * retired cluster). A name cut to fit 63 characters is not recognised: polling covers it.
 */
function targetOfCluster(id: string): string {
  return SWAP_NAME.exec(id)?.[1] ?? id;
}

const SWAP_NAME = /^(.+)-(?:next|retired)-[a-z0-9]{6}$/;

/**
 * RDS events as the engine's external events. Cluster events name the target cluster, whose lock
 * names the operation; instance events name an instance, whose cluster RDS still knows (an
 * instance already deleted has none: the cluster-deleted event covers that wait). Snapshot copies
 * announce nothing, so a wait on a snapshot is polled.
 */
export function createRdsEventRouter(rds: Pick<RdsPort, 'describeInstance'>): ExternalEventRouter<unknown> {
  const parse = (event: unknown): RdsEvent => rdsEventSchema.parse(event);
  return {
    deliveryId: (event) => parse(event).id,
    describe(event) {
      const { detail } = parse(event);
      return `${detail.EventID ?? 'RDS event'} about ${detail.SourceIdentifier}`;
    },
    async locate(raw) {
      const event = parse(raw);
      const id = event.detail.SourceIdentifier.toLowerCase();
      if (event['detail-type'] === 'RDS DB Cluster Event') return { target: targetOfCluster(id), resource: { kind: 'cluster', id }, completesResource: false };
      const instance = await rds.describeInstance(id).catch(() => undefined);
      const target = targetOfCluster(instance?.clusterId?.toLowerCase() ?? id);
      return { target, resource: { kind: 'instance', id }, completesResource: INSTANCE_CREATED_EVENTS.has(event.detail.EventID ?? '') };
    },
    announces: (resource: WaitingOn) => resource.kind !== 'snapshot',
    ownsResource: (operation: Operation, resource: WaitingOn) =>
      resource.kind === 'cluster'
        ? resource.id === operation.target || resource.id === buildClusterId(operation)
        : instancesToBuild(operation).some((instance) => instance.id === resource.id || buildInstanceId(operation, instance.id) === resource.id),
  };
}
