import type { Cluster, Instance } from '../ports/rds';
import { formatRdsArn } from '../rds/rds-arn';
import { awsErrors } from './aws-errors';
import { clusterEndpoints } from './cluster-endpoints';
import { clusterView, instanceView } from './resource-records';
import type { SimulationContext } from './simulation-context';
import { clusterKey, instanceKey } from './resource-inventory';

/**
 * Renames as RDS runs them (ModifyDBCluster NewDBClusterIdentifier / ModifyDBInstance
 * NewDBInstanceIdentifier, applied immediately): the resource takes its new identifier — and ARN —
 * at once and is `renaming` for a few minutes. A cluster's endpoints are derived from its
 * identifier, so they follow it; its instances keep their own identifiers until renamed themselves.
 */

/** RDS's identifier rule: 1–63 letters, digits or hyphens, a letter first, no `--`, no trailing hyphen. */
const IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,62}$/;

function checkNewIdentifier(id: string, newId: string, parameter: string): string {
  const lowered = newId.toLowerCase();
  if (!IDENTIFIER.test(lowered) || lowered.endsWith('-')) throw awsErrors.invalidValue(id, `The parameter ${parameter} is not a valid identifier: ${newId}`);
  return lowered;
}

/** ModifyDBCluster NewDBClusterIdentifier. */
export function renameCluster(world: SimulationContext, clusterId: string, newClusterId: string): Cluster {
  const cluster = world.resources.homeCluster(clusterId);
  if (cluster === undefined) throw awsErrors.clusterNotFound(clusterId);
  const newId = checkNewIdentifier(cluster.id, newClusterId, 'NewDBClusterIdentifier');
  if (world.resources.homeCluster(newId) !== undefined) throw awsErrors.clusterExists(newId);
  if (cluster.status !== 'available') throw awsErrors.invalidClusterState(cluster.id, `DB cluster ${cluster.id} is ${cluster.status}; it can be renamed once it is available.`);
  world.resources.removeCluster(cluster);
  cluster.id = newId;
  cluster.arn = formatRdsArn({ region: cluster.region, accountId: cluster.accountId, resourceType: 'cluster', resourceId: newId });
  Object.assign(cluster, clusterEndpoints(world.hooks.endpoints, world.accountId, newId, cluster.region, cluster.port));
  cluster.status = 'renaming';
  world.resources.putCluster(cluster);
  for (const member of cluster.members) {
    const instance = world.resources.homeInstance(member.instanceId);
    if (instance !== undefined) instance.clusterId = newId;
  }
  const done = world.durations.after(world.timings.renameMinutes);
  world.timeline.schedule(done, clusterKey(cluster), () => {
    if (cluster.status === 'renaming') cluster.status = 'available';
    world.completions.push({ at: done, kind: 'cluster-renamed', id: newId });
  });
  world.events.emit(done, clusterKey(cluster), 'RDS-EVENT-0172', cluster);
  return clusterView(cluster);
}

/** ModifyDBInstance NewDBInstanceIdentifier. */
export function renameInstance(world: SimulationContext, instanceId: string, newInstanceId: string): Instance {
  const instance = world.resources.homeInstance(instanceId);
  if (instance === undefined) throw awsErrors.instanceNotFound(instanceId);
  const newId = checkNewIdentifier(instance.id, newInstanceId, 'NewDBInstanceIdentifier');
  if (world.resources.homeInstance(newId) !== undefined) throw awsErrors.instanceExists(newId);
  if (instance.status !== 'available') throw awsErrors.invalidInstanceState(instance.id, `DB instance ${instance.id} is ${instance.status}; it can be renamed once it is available.`);
  const oldId = instance.id;
  world.resources.removeInstance(instance);
  instance.id = newId;
  instance.arn = formatRdsArn({ region: instance.region, accountId: instance.accountId, resourceType: 'db', resourceId: newId });
  instance.status = 'renaming';
  world.resources.putInstance(instance);
  const cluster = world.resources.homeCluster(instance.clusterId);
  for (const member of cluster?.members ?? []) if (member.instanceId === oldId) member.instanceId = newId;
  const done = world.durations.after(world.timings.renameMinutes);
  world.timeline.schedule(done, instanceKey(instance), () => {
    if (instance.status === 'renaming') instance.status = 'available';
    world.completions.push({ at: done, kind: 'instance-renamed', id: newId });
  });
  return instanceView(instance);
}
