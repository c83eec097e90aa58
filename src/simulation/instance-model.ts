import type { CreateInstanceInput, Instance } from '../ports/rds';
import { formatRdsArn } from '../rds/rds-arn';
import { ensureInstanceQuota } from './account-quotas';
import { awsErrors } from './aws-errors';
import { instanceView, type InstanceRecord } from './resource-records';
import type { SimulationContext } from './simulation-context';
import { instanceKey } from './resource-inventory';

/**
 * A DB instance's life as RDS runs it: added to an available cluster (the first becomes the writer),
 * available after a while, deleted after a while. Its deletion time is kept on the record because
 * deleting its cluster waits for it.
 */

/** A parameter group of the account's own (RDS's are named `default.<family>`). */
function isCustomGroup(name: string | undefined): boolean {
  return name !== undefined && !name.startsWith('default.');
}

/** DescribeDBInstances for one instance of the home account and region; undefined when not found. */
export function describeInstance(world: SimulationContext, instanceId: string): Instance | undefined {
  const record = world.resources.homeInstance(instanceId);
  return record === undefined ? undefined : instanceView(record);
}

/** CreateDBInstance in a cluster. */
export function createInstance(world: SimulationContext, input: CreateInstanceInput): Instance {
  const instanceId = input.instanceId.toLowerCase();
  if (world.resources.homeInstance(instanceId) !== undefined) throw awsErrors.instanceExists(instanceId);
  const cluster = world.resources.homeCluster(input.clusterId);
  if (cluster === undefined) throw awsErrors.clusterNotFound(input.clusterId);
  if (cluster.status !== 'available') throw awsErrors.invalidClusterState(cluster.id, `DB cluster ${cluster.id} is ${cluster.status}; instances can be added once it is available.`);
  if (input.instanceClass === 'db.serverless' && cluster.serverlessV2Scaling === undefined) {
    throw awsErrors.invalidCombination(instanceId, `Set ServerlessV2ScalingConfiguration on cluster ${cluster.id} before adding a db.serverless instance.`);
  }
  ensureInstanceQuota(world, instanceId);
  if (input.performanceInsights?.kmsKeyId !== undefined && world.faults.isKmsKeyInaccessible(input.performanceInsights.kmsKeyId)) {
    throw awsErrors.kmsNotAccessible(instanceId, input.performanceInsights.kmsKeyId);
  }
  const instance: InstanceRecord = {
    id: instanceId,
    arn: formatRdsArn({ region: world.region, accountId: world.accountId, resourceType: 'db', resourceId: instanceId }),
    clusterId: cluster.id,
    accountId: world.accountId,
    region: world.region,
    status: 'creating',
    instanceClass: input.instanceClass,
    ...(input.parameterGroup !== undefined ? { parameterGroup: input.parameterGroup } : {}),
    ...(input.promotionTier !== undefined ? { promotionTier: input.promotionTier } : {}),
    ...(input.performanceInsights !== undefined ? { performanceInsights: { ...input.performanceInsights } } : {}),
    ...(input.caCertificate !== undefined ? { caCertificate: input.caCertificate } : {}),
    // The model of RDS here: an instance joining a cluster restored with a custom cluster parameter
    // group comes up with that group `pending-reboot` (its static parameters apply at the next reboot).
    ...(isCustomGroup(cluster.settings?.clusterParameterGroup) ? { pendingReboot: true } : {}),
    tags: { ...input.tags },
  };
  const key = instanceKey(instance);
  world.resources.putInstance(instance);
  cluster.members.push({ instanceId, isWriter: !cluster.members.some((member) => member.isWriter) });
  const available = world.durations.after(world.timings.instanceCreateMinutes);
  world.timeline.schedule(available, key, () => {
    instance.status = 'available';
    world.completions.push({ at: available, kind: 'instance-available', id: instance.id });
  });
  world.events.emit(available, key, 'RDS-EVENT-0005', instance);
  return instanceView(instance);
}

/** DeleteDBInstance: the instance leaves its cluster once it is gone. */
export function deleteInstance(world: SimulationContext, instanceId: string): void {
  const instance = world.resources.homeInstance(instanceId);
  if (instance === undefined) throw awsErrors.instanceNotFound(instanceId);
  if (instance.status === 'deleting') throw awsErrors.invalidInstanceState(instance.id, `Instance ${instance.id} is already being deleted.`);
  if (instance.status === 'creating') throw awsErrors.invalidInstanceState(instance.id, `Instance ${instance.id} is not in available state.`);
  const key = instanceKey(instance);
  world.timeline.cancel(key);
  instance.status = 'deleting';
  const gone = world.durations.after(world.timings.instanceDeleteMinutes);
  instance.goneAt = gone.getTime();
  world.timeline.schedule(gone, key, () => {
    world.resources.removeInstance(instance);
    const cluster = world.resources.homeCluster(instance.clusterId);
    if (cluster !== undefined) cluster.members = cluster.members.filter((member) => member.instanceId !== instance.id);
    world.completions.push({ at: gone, kind: 'instance-gone', id: instance.id });
  });
  world.events.emit(gone, key, 'RDS-EVENT-0003', instance);
}

/** RebootDBInstance: `rebooting` for a few minutes, then available again with RDS-EVENT-0006. */
export function rebootInstance(world: SimulationContext, instanceId: string): Instance {
  const instance = world.resources.homeInstance(instanceId);
  if (instance === undefined) throw awsErrors.instanceNotFound(instanceId);
  if (instance.status !== 'available') throw awsErrors.invalidInstanceState(instance.id, `DB instance ${instance.id} is ${instance.status}; it can be rebooted once it is available.`);
  const key = instanceKey(instance);
  instance.status = 'rebooting';
  const done = world.durations.after(world.timings.rebootMinutes);
  world.timeline.schedule(done, key, () => {
    delete instance.pendingReboot;
    if (instance.status === 'rebooting') instance.status = 'available';
    world.completions.push({ at: done, kind: 'instance-rebooted', id: instance.id });
  });
  world.events.emit(done, key, 'RDS-EVENT-0006', instance);
  return instanceView(instance);
}
