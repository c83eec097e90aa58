import { createHash, randomBytes } from 'node:crypto';
import type { ManagedMasterSecret, ModifyClusterInput } from '../ports/rds';
import { partitionOf } from '../rds/rds-arn';
import { awsErrors } from './aws-errors';
import { isValidMasterPassword, type ClusterRecord } from './resource-records';
import type { SimulationContext } from './simulation-context';
import { clusterKey } from './resource-inventory';

/**
 * ModifyDBCluster and the master credentials it changes: a new password, or a password RDS manages
 * in Secrets Manager. Credentials never stay in the simulation; they go to the hooks' sink, which a
 * local run forwards to the PostgreSQL standing in for the cluster.
 */

/** ModifyDBCluster: deletion protection and the maintenance window at once; new master credentials through `resetting-master-credentials`. */
export async function modifyCluster(world: SimulationContext, input: ModifyClusterInput): Promise<void> {
  const cluster = world.resources.homeCluster(input.clusterId);
  if (cluster === undefined) throw awsErrors.clusterNotFound(input.clusterId);
  if (cluster.status === 'creating' || cluster.status === 'deleting') {
    throw awsErrors.invalidClusterState(cluster.id, `DB cluster ${cluster.id} is not available for modification with status ${cluster.status}.`);
  }
  const password = input.masterUserPassword;
  if (password !== undefined && input.manageMasterUserPassword === true) {
    throw awsErrors.invalidCombination(cluster.id, 'You can\'t specify MasterUserPassword and ManageMasterUserPassword together.');
  }
  const changesCredentials = password !== undefined || input.manageMasterUserPassword !== undefined;
  if (changesCredentials && cluster.status !== 'available') {
    throw awsErrors.invalidClusterState(cluster.id, `DB cluster ${cluster.id} is ${cluster.status}; its master credentials can be changed once it is available.`);
  }
  if (input.manageMasterUserPassword === false && cluster.managedSecret !== undefined && password === undefined) {
    throw awsErrors.invalidCombination(cluster.id, 'MasterUserPassword is required when you turn off ManageMasterUserPassword.');
  }
  if (password !== undefined && !isValidMasterPassword(password)) {
    // Like RDS, the message describes the rule and never repeats the value.
    throw awsErrors.invalidValue(cluster.id, 'The parameter MasterUserPassword is not a valid password. Only printable ASCII characters besides \'/\', \'@\', \'"\', \' \' may be used.');
  }
  if (input.deletionProtection !== undefined) cluster.deletionProtection = input.deletionProtection;
  if (input.preferredMaintenanceWindow !== undefined) cluster.settings = { ...cluster.settings, preferredMaintenanceWindow: input.preferredMaintenanceWindow };
  if (!changesCredentials) return;

  cluster.status = 'resetting-master-credentials';
  const done = world.durations.after(world.timings.resetCredentialsMinutes);
  world.timeline.schedule(done, clusterKey(cluster), () => {
    if (cluster.status === 'resetting-master-credentials') cluster.status = 'available';
  });
  if (password !== undefined) {
    if (input.manageMasterUserPassword === false) delete cluster.managedSecret;
    await world.hooks.credentials?.passwordChanged?.(cluster.id, cluster.masterUsername, password);
  } else if (input.manageMasterUserPassword === true && cluster.managedSecret === undefined) {
    const secret: ManagedMasterSecret = { secretArn: managedSecretArn(world, cluster), status: 'creating' };
    cluster.managedSecret = secret;
    world.timeline.schedule(world.durations.after(world.timings.managedSecretMinutes), clusterKey(cluster), () => {
      secret.status = 'active';
    });
    const generated = randomBytes(24).toString('base64url');
    await world.hooks.credentials?.managedSecretCreated?.(cluster.id, secret.secretArn, cluster.masterUsername, generated);
  }
}

/** The secret RDS manages a cluster's master password in, if it does. */
export function describeManagedMasterSecret(world: SimulationContext, clusterId: string): ManagedMasterSecret | undefined {
  const cluster = world.resources.homeCluster(clusterId);
  if (cluster === undefined) throw awsErrors.clusterNotFound(clusterId);
  return cluster.managedSecret === undefined ? undefined : { ...cluster.managedSecret };
}

/** Shaped like RDS's `rds!cluster-…` secret ARNs; derived from the cluster's ARN, not drawn, so it costs no random draw. */
function managedSecretArn(world: SimulationContext, cluster: ClusterRecord): string {
  const suffix = createHash('sha256').update(cluster.arn).digest('hex');
  return `arn:${partitionOf(world.region)}:secretsmanager:${world.region}:${world.accountId}:secret:rds!cluster-${suffix.slice(0, 8)}-${suffix.slice(8, 12)}-${suffix.slice(12, 18)}`;
}
