import { createHash } from 'node:crypto';
import type { DatabaseConnection, DatabasePort, DesiredRole, RoleChanges, ScriptRun, ScriptSourcePort, SqlScript } from '../../src/ports/database';

/** One change the recording database made, in order. Passwords are never kept. */
export type DatabaseChange =
  | { kind: 'drop-roles'; cluster: string; roles: string[] }
  | { kind: 'apply-roles'; cluster: string; roles: string[] }
  | { kind: 'script'; cluster: string; script: string };

function fingerprint(password: string): string {
  return createHash('sha256').update(password).digest('base64url');
}

/**
 * A stand-in for the restored cluster's PostgreSQL that records every change it is asked to make:
 * each committed script, each application of roles, each drop. Passwords cross it as inputs and
 * only a hash is kept (to tell they arrived), so nothing here can leak one. Scripts come from `scripts` (name → SQL).
 */
export class RecordingDatabase implements DatabasePort, ScriptSourcePort {
  public readonly changes: DatabaseChange[] = [];
  /** Fingerprints of the passwords handed over, so a test can tell a planted secret really reached the database. */
  private readonly passwordFingerprints = new Set<string>();
  private readonly existingRoles = new Map<string, Set<string>>();
  /** Scripts committed, by cluster, operation and name: the marker table's rows. */
  private readonly committed = new Set<string>();

  public constructor(private readonly scripts: Record<string, string>) {}

  public async read(reference: { file: string } | { s3Uri: string }): Promise<SqlScript> {
    const name = 'file' in reference ? reference.file : reference.s3Uri;
    const sql = this.scripts[name];
    if (sql === undefined) throw new Error(`RecordingDatabase: no script named ${name}`);
    return { name, sql };
  }

  public async dropRoles(connection: DatabaseConnection, names: string[]): Promise<string[]> {
    const roles = this.rolesOf(connection.host);
    const dropped = names.filter((name) => roles.delete(name));
    this.changes.push({ kind: 'drop-roles', cluster: connection.host, roles: dropped });
    return dropped;
  }

  public async applyRoles(connection: DatabaseConnection, desired: DesiredRole[]): Promise<RoleChanges> {
    const roles = this.rolesOf(connection.host);
    const created = desired.filter((role) => !roles.has(role.name)).map((role) => role.name);
    for (const role of desired) {
      roles.add(role.name);
      this.passwordFingerprints.add(fingerprint(role.password));
    }
    this.changes.push({ kind: 'apply-roles', cluster: connection.host, roles: desired.map((role) => role.name) });
    return { created, updated: [], unchanged: desired.map((role) => role.name).filter((name) => !created.includes(name)), warnings: [] };
  }

  /**
   * Keeps the marker-table contract of the real port: a script committed for an operation on a
   * cluster is recorded with it, and asked again it is reported `already-run` without running.
   */
  public async runScript(connection: DatabaseConnection, script: SqlScript, operationId: string): Promise<ScriptRun> {
    const statements = script.sql.split(';').filter((part) => part.trim() !== '').length;
    const marker = `${connection.host}|${operationId}|${script.name}`;
    if (this.committed.has(marker)) return { name: script.name, statements, durationMs: 0, status: 'already-run' };
    this.committed.add(marker);
    this.changes.push({ kind: 'script', cluster: connection.host, script: script.name });
    return { name: script.name, statements, durationMs: 1, status: 'ran' };
  }

  /** The refreshes these tests drive run no verification checks. */
  public async runCheck(): Promise<never> {
    throw new Error('RecordingDatabase: runCheck is not used by these refreshes');
  }

  public async checkQuery(): Promise<void> {
    throw new Error('RecordingDatabase: checkQuery is not used by these refreshes');
  }

  public async checkScript(script: SqlScript): Promise<{ statements: number }> {
    return { statements: script.sql.split(';').filter((part) => part.trim() !== '').length };
  }

  /** True when this password was handed to the database for a role. */
  public receivedPassword(password: string): boolean {
    return this.passwordFingerprints.has(fingerprint(password));
  }

  /** The changes made on one cluster (its writer endpoint), as `kind target` lines. */
  public changesOn(host: string): string[] {
    return this.changesWhere((cluster) => cluster === host);
  }

  /** The changes made on the clusters whose writer endpoint passes `hostMatches` (e.g. a swap's `-next` cluster, renamed since). */
  public changesWhere(hostMatches: (host: string) => boolean): string[] {
    return this.changes.filter((change) => hostMatches(change.cluster)).map((change) => (change.kind === 'script' ? `script ${change.script}` : `${change.kind} ${change.roles.join(',')}`));
  }

  private rolesOf(host: string): Set<string> {
    let roles = this.existingRoles.get(host);
    if (roles === undefined) {
      roles = new Set();
      this.existingRoles.set(host, roles);
    }
    return roles;
  }
}
