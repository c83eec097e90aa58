import type { RefreshRequest } from '../../request/schema';

/** What `setup-db-users` would do, one line per action, for a dry run's plan. Names secrets, never reads them. */
export function planUsers(users: RefreshRequest['users'], target: string): string[] {
  const lines: string[] = [];
  const master = users.masterPassword;
  if (master === undefined) lines.push(`setup-db-users: keep the master password of the snapshot (the source cluster's) on ${target}`);
  else if ('secret' in master) lines.push(`setup-db-users: set the master password of ${target} from secret ${master.secret} (ModifyDBCluster, applied immediately)`);
  else lines.push(`setup-db-users: let RDS manage the master password of ${target} in Secrets Manager${master.kmsKeyId ? ` (KMS key ${master.kmsKeyId})` : ''}`);
  if (users.dropRoles.length > 0) {
    lines.push(`setup-db-users: drop roles ${users.dropRoles.map((r) => JSON.stringify(r)).join(', ')} where they exist (their objects reassigned to the master user)`);
  }
  for (const script of users.postRestoreSql) {
    lines.push(`setup-db-users: run SQL script ${'file' in script ? script.file : script.s3Uri} in its own transaction on database ${users.database}`);
  }
  for (const role of users.roles) {
    const grants = role.grants.map((g) => `${g.preset} on ${g.database ?? users.database}.{${g.schemas.join(',')}}`);
    const parts = [
      `password from secret ${role.passwordSecret}`,
      ...(grants.length > 0 ? [grants.join('; ')] : []),
      ...(role.memberOf.length > 0 ? [`member of ${role.memberOf.map((m) => JSON.stringify(m)).join(', ')}`] : []),
      ...(role.grants.length > 0 && role.defaultPrivileges ? ['default privileges for future objects'] : []),
    ];
    lines.push(`setup-db-users: create or alter role ${JSON.stringify(role.name)} (${parts.join('; ')})`);
  }
  return lines;
}
