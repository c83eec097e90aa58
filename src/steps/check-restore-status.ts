import { advance, fail, wait, type Outcome } from '../engine/outcome';
import type { Step, StepContext } from '../engine/step';
import { SafetyViolationError } from '../errors';
import type { Cluster, Instance } from '../ports/rds';
import type { Facts, WaitingOn } from '../store/operation';
import { isMadeBy } from '../rds/operation-tags';
import { hasRdsCode, RDS_ERROR, labelError, rdsCall, stepFailed } from '../rds/rds-errors';
import { createInstanceInput } from '../rds/restore-inputs';
import { buildClusterId, buildInstanceId } from '../rds/naming';
import { effectiveTarget, type BuiltTarget } from '../rds/target-configuration';
import type { InstanceSpec } from '../request/schema';
import { failedStatusHint, resourceVerdict } from '../rds/rds-statuses';

/** One configured instance: ready, still on its way (after creating it if missing), or a reason to stop. */
/** `created`: this operation created the instance (just now, or earlier: it carries the operation's tag, even if the record of it was lost to a crash). */
type InstanceProgress = { state: 'ready'; created: boolean; instance: Instance } | { state: 'pending'; note: string; created: boolean } | { state: 'stop'; outcome: Outcome };

/** `spec` is the instance as it is built: the request's, with what it carries over from the old target. */
async function reconcileInstance(context: StepContext, built: BuiltTarget, spec: InstanceSpec): Promise<InstanceProgress> {
  const { request, ports, operation } = context;
  const clusterId = buildClusterId(operation);
  const instanceId = buildInstanceId(operation, spec.id);
  const instance = await rdsCall(`Describing instance ${instanceId}`, () => ports.rds.describeInstance(instanceId));
  if (instance === undefined) {
    try {
      // The built target's tags too: carried over from the old target when the request names none.
      await ports.rds.createInstance(createInstanceInput({ ...request, target: built }, spec, operation.operationId, context.config.safety.managedTag, { clusterId, instanceId }));
      return { state: 'pending', note: `${instanceId} creating`, created: true };
    } catch (error) {
      if (hasRdsCode(error, RDS_ERROR.instanceExists)) return { state: 'pending', note: `${instanceId} appeared meanwhile`, created: false };
      throw labelError(`Creating instance ${instanceId} (${spec.instanceClass}) in cluster ${clusterId}`, error);
    }
  }
  if (instance.clusterId?.toLowerCase() !== clusterId) {
    return {
      state: 'stop',
      outcome: fail(
        new SafetyViolationError(
          `Instance ${instanceId} already exists in ${instance.clusterId === undefined ? 'no cluster' : `cluster ${instance.clusterId}`}, not in ${clusterId}; it is left untouched. ` +
            'Choose another id in target.instances or remove that instance, then resume.',
        ),
      ),
    };
  }
  const created = isMadeBy(instance.tags, operation.operationId);
  switch (resourceVerdict(instance.status)) {
    case 'ready':
      return { state: 'ready', created, instance };
    case 'failed':
      return { state: 'stop', outcome: fail(stepFailed(`Instance ${instanceId} of cluster ${clusterId} is ${instance.status}. ${failedStatusHint(instance.status)}`)) };
    default:
      return { state: 'pending', note: `${instanceId} ${instance.status}`, created };
  }
}

function endpointFacts(cluster: Cluster): Partial<Facts> {
  return {
    clusterArn: cluster.arn,
    ...(cluster.endpoint !== undefined ? { writerEndpoint: cluster.endpoint } : {}),
    ...(cluster.readerEndpoint !== undefined ? { readerEndpoint: cluster.readerEndpoint } : {}),
    ...(cluster.port !== undefined ? { port: cluster.port } : {}),
    ...(cluster.masterUsername !== undefined ? { masterUsername: cluster.masterUsername } : {}),
  };
}

/**
 * Waits for the restored cluster to be available, then creates each configured instance that does
 * not exist yet (a restore creates none) and waits for all of them; then sets the maintenance window
 * and reboots, once, each instance left with a parameter group pending a reboot. Ends with the
 * writer and reader endpoints and the port recorded; fails on the statuses RDS does not recover from.
 */
export const checkRestoreStatusStep: Step = async (context) => {
  const { operation, request, ports } = context;
  if (request.dryRun) return advance('setup-db-users');
  const targetId = buildClusterId(operation);
  const cluster = await rdsCall(`Describing cluster ${targetId}`, () => ports.rds.describeCluster(targetId));
  if (cluster === undefined) {
    return fail(stepFailed(`Cluster ${targetId} does not exist any more: it disappeared during the restore. Check its RDS events, then start a new refresh.`));
  }
  if (!isMadeBy(cluster.tags, operation.operationId)) {
    return fail(
      new SafetyViolationError(`Cluster ${targetId} was not restored by operation ${operation.operationId}; it is left untouched.`),
    );
  }
  const clusterWaitingOn: WaitingOn[] = [{ kind: 'cluster', id: targetId }];
  switch (resourceVerdict(cluster.status)) {
    case 'failed':
      return fail(stepFailed(`Restored cluster ${targetId} is ${cluster.status}. ${failedStatusHint(cluster.status)}`), { clusterArn: cluster.arn });
    case 'waiting':
      return wait(`restoring cluster ${targetId}: ${cluster.status}`, { waitingOn: clusterWaitingOn });
    case 'ready':
      break;
  }

  const created = new Set(operation.facts.createdInstanceIds ?? []);
  const pending: string[] = [];
  const pendingIds: string[] = [];
  const ready: Instance[] = [];
  const built = effectiveTarget(request, operation.facts);
  for (const spec of built.instances) {
    const progress = await reconcileInstance(context, built, spec);
    if (progress.state === 'stop') return progress.outcome;
    if (progress.state === 'ready') ready.push(progress.instance);
    if (progress.created) created.add(buildInstanceId(operation, spec.id));
    if (progress.state === 'pending') {
      pending.push(progress.note);
      pendingIds.push(buildInstanceId(operation, spec.id));
    }
  }
  const createdInstanceIds = [...created];
  if (pending.length > 0) {
    return wait(`cluster ${targetId} is available; waiting for instances: ${pending.join(', ')}`, {
      // Only the instances still pending: the dispatcher checks again when the last of them reports.
      waitingOn: [...clusterWaitingOn, ...pendingIds.map((id) => ({ kind: 'instance' as const, id }))],
      facts: { createdInstanceIds, clusterArn: cluster.arn },
    });
  }
  await applyMaintenanceWindow(context, cluster, built.preferredMaintenanceWindow);
  const rebooting = await rebootPendingInstances(context, cluster, ready);
  if (rebooting !== undefined) return wait(rebooting.reason, { waitingOn: rebooting.waitingOn, facts: { createdInstanceIds, clusterArn: cluster.arn, rebootedInstanceIds: rebooting.rebooted } });
  return advance('setup-db-users', { ...endpointFacts(cluster), createdInstanceIds });
};

/**
 * The one setting a restore cannot take: the weekly maintenance window (the request's, or the old
 * target's), applied once the cluster is available. Compared first, so a repeated run changes nothing.
 */
async function applyMaintenanceWindow(context: StepContext, cluster: Cluster, wanted: string | undefined): Promise<void> {
  if (wanted === undefined || cluster.preferredMaintenanceWindow?.toLowerCase() === wanted.toLowerCase()) return;
  await rdsCall(`Setting the maintenance window of cluster ${cluster.id} to ${wanted}`, () =>
    context.ports.rds.modifyCluster({ clusterId: cluster.id, preferredMaintenanceWindow: wanted, applyImmediately: true }),
  );
  context.logger.info('maintenance window set', { cluster: cluster.id, window: wanted });
}

/**
 * Instances whose parameter group (their own, or the cluster's) waits for a reboot would run
 * without the settings the target asked for until somebody reboots them: each is rebooted once,
 * recorded before the next check, and awaited. One still pending after its reboot is logged, not
 * rebooted again (a reboot loop would keep the cluster down).
 */
async function rebootPendingInstances(context: StepContext, cluster: Cluster, instances: Instance[]): Promise<{ reason: string; waitingOn: WaitingOn[]; rebooted: string[] } | undefined> {
  const { operation, ports, logger } = context;
  const rebooted = new Set(operation.facts.rebootedInstanceIds ?? []);
  const pending = instances.filter((instance) => instance.pendingReboot === true || cluster.membersPendingReboot?.includes(instance.id) === true);
  const fresh = pending.filter((instance) => !rebooted.has(instance.id));
  for (const instance of pending.filter((candidate) => rebooted.has(candidate.id))) {
    logger.warn('a parameter group is still pending a reboot after this refresh rebooted the instance; left as it is', { instance: instance.id });
  }
  if (fresh.length === 0) return undefined;
  for (const instance of fresh) {
    await rdsCall(`Rebooting instance ${instance.id} to apply its parameter group`, () => ports.rds.rebootInstance(instance.id));
    rebooted.add(instance.id);
  }
  logger.info('instances rebooted to apply their parameter groups', { instances: fresh.map((instance) => instance.id) });
  return {
    reason: `rebooting ${fresh.map((instance) => instance.id).join(', ')} to apply ${fresh.length === 1 ? 'its parameter group' : 'their parameter groups'}`,
    waitingOn: fresh.map((instance) => ({ kind: 'instance' as const, id: instance.id })),
    rebooted: [...rebooted],
  };
}
