/**
 * The database port: how `setup-db-users` reaches the restored cluster's PostgreSQL. The real
 * implementation uses `pg`; tests run it against a real PostgreSQL.
 */

/** Where and as whom to connect. The password is passed through, never stored or logged. */
export interface DatabaseConnection {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  tls: 'verify-full' | 'disable';
  connectTimeoutSeconds: number;
  statementTimeoutSeconds: number;
}

/** A role to create or alter, with its password already read from its secret. */
export interface DesiredRole {
  name: string;
  password: string;
  grants: { preset: 'readonly' | 'readwrite' | 'owner'; database: string; schemas: string[] }[];
  memberOf: string[];
  defaultPrivileges: boolean;
  connectionLimit?: number;
}

/** A SQL script to run in its own transaction; `name` is what an error reports. */
export interface SqlScript {
  name: string;
  sql: string;
}

export interface DatabaseSetupInput {
  connection: DatabaseConnection;
  roles: DesiredRole[];
  dropRoles: string[];
  scripts: SqlScript[];
}

export interface DatabaseSetupResult {
  rolesCreated: string[];
  rolesAltered: string[];
  rolesDropped: string[];
  scriptsRun: string[];
}

export interface DatabasePort {
  /**
   * Applies roles, drops and scripts. Idempotent: a second run with the same input changes nothing
   * and fails nothing. Raises a TransientError while the endpoint does not accept connections yet.
   */
  setup(input: DatabaseSetupInput): Promise<DatabaseSetupResult>;
}

/** Where post-restore SQL comes from: files bundled with the function, or S3. */
export interface ScriptSourcePort {
  read(reference: { file: string } | { s3Uri: string }): Promise<SqlScript>;
}
