import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../observability/logger';
import type { DatabasePort } from '../ports/database';
import { applyRoles } from './apply-roles';
import { DEFAULT_CONNECT_RETRY, type ConnectDependencies, type ConnectRetry } from './connect';
import { dropRoles } from './drop-roles';
import { loadRdsCaBundle } from './rds-ca-bundle';
import { checkQuery, runCheck } from './run-check';
import { plannedStatements, runScript } from './run-script';

/** Options of the `pg` database port. */
export interface PgDatabaseOptions {
  /** A PEM file replacing the bundled RDS CA certificates. */
  caBundlePath?: string;
  logger: Logger;
  /** Where each post-restore script records itself (SCRIPT_MARKER_TABLE). */
  markerTable?: { schema: string; table: string };
  /** Bounded retry while the endpoint does not accept connections yet. */
  connectRetry?: ConnectRetry;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The database port on `pg`. TLS (`verify-full`) checks the server's certificate chain against the
 * RDS CA bundle shipped with the function and its name against the endpoint; the bundle is read on
 * the first TLS connection, so local runs with `tls: 'disable'` never need it.
 */
export function createPgDatabase(options: PgDatabaseOptions): DatabasePort {
  let authorities: string[] | undefined;
  const dependencies: ConnectDependencies = {
    certificateAuthorities: () => (authorities ??= loadRdsCaBundle(options.caBundlePath !== undefined ? { caBundlePath: options.caBundlePath } : {})),
    retry: options.connectRetry ?? DEFAULT_CONNECT_RETRY,
    logger: options.logger,
    sleep: options.sleep ?? ((ms) => sleep(ms).then(() => undefined)),
  };
  return {
    dropRoles: (connection, names) => dropRoles(connection, names, dependencies),
    applyRoles: (connection, roles) => applyRoles(connection, roles, dependencies),
    runScript: (connection, script, operationId) => runScript(connection, script, operationId, { ...dependencies, ...(options.markerTable !== undefined ? { markerTable: options.markerTable } : {}) }),
    checkScript: async (script) => ({ statements: (await plannedStatements(script)).length }),
    runCheck: (connection, sql) => runCheck(connection, sql, dependencies),
    checkQuery,
  };
}
