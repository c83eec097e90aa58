import type { StepContext } from '../../engine/step';
import type { DatabaseConnection } from '../../ports/database';
import type { MasterPasswordPhase } from './master-password';

const DEFAULT_POSTGRES_PORT = 5432;

/**
 * How to reach the restored cluster as its master user, once the master password is in force: the
 * endpoint and user recorded by check-restore-status, else the cluster's own. Undefined when the
 * cluster reports neither an endpoint nor a master user.
 */
export function masterConnection(context: StepContext, master: Extract<MasterPasswordPhase, { type: 'ready' }>): DatabaseConnection | undefined {
  const { operation, request } = context;
  const users = request.users;
  const host = operation.facts.writerEndpoint ?? master.cluster.endpoint;
  const user = operation.facts.masterUsername ?? master.cluster.masterUsername;
  if (host === undefined || user === undefined) return undefined;
  return {
    host,
    port: operation.facts.port ?? master.cluster.port ?? DEFAULT_POSTGRES_PORT,
    database: users.database,
    user,
    password: master.password,
    tls: users.tls,
    connectTimeoutSeconds: users.connectTimeoutSeconds,
    statementTimeoutSeconds: users.statementTimeoutSeconds,
  };
}
