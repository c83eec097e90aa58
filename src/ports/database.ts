/**
 * The database port: how `setup-db-users` reaches the restored cluster's PostgreSQL. The real
 * implementation uses `pg`; its tests run against a real PostgreSQL.
 *
 * Passwords cross this port only as inputs. Implementations never log them, never put them (or a
 * verifier derived from them) in an error message, and raise `TransientError` while the endpoint
 * does not accept connections yet, so the dispatcher waits instead of failing.
 */

/** Where and as whom to connect. The password is passed through, never stored or logged. */
export interface DatabaseConnection {
  host: string;
  port: number;
  /** The database connected to first: roles are created there and scripts run there. */
  database: string;
  user: string;
  password: string;
  /** `verify-full` checks the certificate chain against the RDS CA bundle and the host name. */
  tls: 'verify-full' | 'disable';
  connectTimeoutSeconds: number;
  statementTimeoutSeconds: number;
}

/** A privilege preset on schemas of one database. */
export interface DesiredGrant {
  preset: 'readonly' | 'readwrite' | 'owner';
  database: string;
  schemas: string[];
}

/** A role to create or alter, with its password already read from its secret. */
export interface DesiredRole {
  name: string;
  password: string;
  grants: DesiredGrant[];
  memberOf: string[];
  /** Also grant the preset on tables, sequences and routines created later. */
  defaultPrivileges: boolean;
  connectionLimit?: number;
}

/** What applying roles did, by role name. */
export interface RoleChanges {
  /** Roles that did not exist. */
  created: string[];
  /** Roles that existed and had their login, password, connection limit or memberships changed. */
  updated: string[];
  /** Roles that already were as configured (grants are re-applied, which changes nothing). */
  unchanged: string[];
  /** Things left undone on purpose, in words (e.g. default privileges the master user may not set). */
  warnings: string[];
}

/** A SQL script run in its own transaction; `name` is what an error reports. */
export interface SqlScript {
  name: string;
  sql: string;
}

/** What running a script did. */
export interface ScriptRun {
  name: string;
  statements: number;
  durationMs: number;
  /**
   * `ran`: committed now. `already-run`: this script (same name and content) was committed for this
   * operation before — its marker row says so — and nothing was run again.
   */
  status: 'ran' | 'already-run';
}

/** What a verification query returned: how many rows, and the first column of the first row (absent without rows). */
export interface CheckResult {
  rowCount: number;
  firstValue?: string | number | boolean | null;
}

/** How `setup-db-users` reaches PostgreSQL. Every method opens and closes its own connections. */
export interface DatabasePort {
  /**
   * Drops these roles where they exist: in every database that accepts connections, objects they
   * own are reassigned to the connected (master) user and their privileges revoked, then the role
   * is dropped. Returns the roles that existed and were dropped; absent roles are not an error.
   */
  dropRoles(connection: DatabaseConnection, names: string[]): Promise<string[]>;

  /**
   * Creates or alters each role, adds its memberships and grants its presets. Idempotent: a second
   * run with the same input changes nothing and fails nothing.
   */
  applyRoles(connection: DatabaseConnection, roles: DesiredRole[]): Promise<RoleChanges>;

  /**
   * Runs a script statement by statement in one transaction on `connection.database`; any error
   * rolls it back and raises `SqlScriptError` naming the script, the statement and its line. The
   * same transaction records the script (operation id, name, sha256 of its content) in the marker
   * table, so a script committed once for an operation is never run again: a repeat answers
   * `already-run`.
   */
  runScript(connection: DatabaseConnection, script: SqlScript, operationId: string): Promise<ScriptRun>;

  /**
   * Reads a script as runScript would — split into statements, transaction control and psql
   * meta-commands refused — without connecting: raises the same SqlScriptError, or returns the
   * number of statements. For the checks before a refresh.
   */
  checkScript(script: SqlScript): Promise<{ statements: number }>;

  /**
   * Runs one verification query (a single SELECT, checked by PostgreSQL's parser) in a READ ONLY
   * transaction that is rolled back. Raises PostgresError when the SQL is not one query or fails.
   */
  runCheck(connection: DatabaseConnection, sql: string): Promise<CheckResult>;

  /** Reads a check's SQL as runCheck would, without connecting: raises the same PostgresError. For preflight. */
  checkQuery(sql: string): Promise<void>;
}

/** Where post-restore SQL comes from: files bundled with the function, or S3. */
export interface ScriptSourcePort {
  read(reference: { file: string } | { s3Uri: string }): Promise<SqlScript>;
}
