import { fail, wait, type Outcome } from '../../engine/outcome';
import type { StepContext } from '../../engine/step';
import { OPERATION_TAG_KEY } from '../../constants';
import { SafetyViolationError, StepFailedError } from '../../errors';
import { RdsError, type Cluster } from '../../ports/rds';
import type { RefreshRequest } from '../../request/schema';
import type { Facts } from '../../store/operation';
import { buildClusterId } from '../../rds/naming';
import { isMadeBy } from '../../rds/operation-tags';

/** RDS takes about a minute to apply a new master password; checking sooner only spends a check. */
const PASSWORD_CHECK_DELAY_SECONDS = 60;

/** Either the master password is in force (and known), or the step must wait or fail. */
export type MasterPasswordPhase =
  | { type: 'ready'; password: string; cluster: Cluster; facts: Partial<Facts> }
  | { type: 'outcome'; outcome: Outcome };

type MasterPasswordSetting = NonNullable<RefreshRequest['users']['masterPassword']>;

const outcome = (value: Outcome): MasterPasswordPhase => ({ type: 'outcome', outcome: value });

function notRestoredByThisOperation(cluster: Cluster, operationId: string): SafetyViolationError {
  const found = cluster.tags[OPERATION_TAG_KEY];
  const carries = found === undefined ? `carries no ${OPERATION_TAG_KEY} tag` : `carries ${OPERATION_TAG_KEY}=${found}`;
  return new SafetyViolationError(
    `Cluster ${cluster.id} ${carries}, so operation ${operationId} did not restore it (another operation may have restored it since); ` +
      'its master password, roles and data are left untouched. Start a new refresh instead of resuming this one.',
    { operationId, step: 'setup-db-users' },
  );
}

/**
 * Sets the restored cluster's master password, once, and waits until RDS has applied it. A restored
 * cluster otherwise keeps the snapshot's (production's) password. First of all it checks that the
 * cluster carries this operation's tag: nothing is changed on a cluster another operation restored.
 *
 * - `secret`: ModifyDBCluster with MasterUserPassword from the secret, applied immediately.
 * - `manage`: ModifyDBCluster with ManageMasterUserPassword; the password is then read from the
 *   secret RDS creates, once it is active.
 *
 * The request is sent once (`facts.masterPasswordSet`), then the step waits while the cluster is
 * `resetting-master-credentials` (or anything but `available`).
 */
export async function ensureMasterPassword(context: StepContext, setting: MasterPasswordSetting): Promise<MasterPasswordPhase> {
  const { ports, operation, now } = context;
  const clusterId = buildClusterId(operation);
  const cluster = await ports.rds.describeCluster(clusterId);
  if (cluster === undefined) {
    return outcome(fail(new StepFailedError(`Target cluster ${clusterId} does not exist; it should have been restored by now.`)));
  }
  // A resumed operation must not change a cluster that another operation restored since it failed.
  if (!isMadeBy(cluster.tags, operation.operationId)) return outcome(fail(notRestoredByThisOperation(cluster, operation.operationId)));
  const requested = operation.facts.masterPasswordSet === true;
  const managed = 'manage' in setting ? await ports.rds.describeManagedMasterSecret(clusterId) : undefined;
  const alreadyManaged = managed !== undefined && managed.status === 'active';
  if (cluster.status !== 'available') {
    return outcome(
      wait(`cluster ${clusterId} is ${cluster.status}${requested ? ' (applying the new master password)' : ''}`, { delaySeconds: PASSWORD_CHECK_DELAY_SECONDS }),
    );
  }
  if (!requested && !alreadyManaged) {
    try {
      if ('secret' in setting) {
        const password = await ports.secrets.getSecretValue(setting.secret, setting.secretKey);
        await ports.rds.modifyCluster({ clusterId, masterUserPassword: password, applyImmediately: true });
      } else {
        await ports.rds.modifyCluster({
          clusterId,
          manageMasterUserPassword: true,
          ...(setting.kmsKeyId !== undefined ? { masterUserSecretKmsKeyId: setting.kmsKeyId } : {}),
          applyImmediately: true,
        });
      }
    } catch (error) {
      // Right after a restore the cluster may still be finishing a modification of its own.
      if (error instanceof RdsError && error.code === 'InvalidDBClusterStateFault') {
        return outcome(wait(`cluster ${clusterId} cannot change its master password yet: ${error.message}`, { delaySeconds: PASSWORD_CHECK_DELAY_SECONDS }));
      }
      throw error;
    }
    context.logger.info('master password change requested', { clusterId, mode: 'secret' in setting ? 'secret' : 'managed' });
    return outcome(
      wait(`master password change requested; waiting for ${clusterId} to apply it`, {
        facts: { masterPasswordSet: true, masterPasswordChangedAt: now.toISOString() },
        delaySeconds: PASSWORD_CHECK_DELAY_SECONDS,
      }),
    );
  }
  if ('secret' in setting) {
    return { type: 'ready', password: await ports.secrets.getSecretValue(setting.secret, setting.secretKey), cluster, facts: { masterPasswordSet: true } };
  }
  if (!alreadyManaged) {
    return outcome(wait(`the RDS-managed master secret of ${clusterId} is ${managed?.status ?? 'not there yet'}`, { delaySeconds: PASSWORD_CHECK_DELAY_SECONDS }));
  }
  return {
    type: 'ready',
    password: await ports.secrets.getSecretValue(managed.secretArn, 'password'),
    cluster,
    facts: { masterPasswordSet: true, masterSecretArn: managed.secretArn },
  };
}
