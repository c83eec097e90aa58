import type { RefreshRequest } from '../../request/schema';

/** Roles no request may create, alter or drop: PostgreSQL's and Aurora's own. */
const RESERVED_ROLE = /^(pg_|rds_)|^(rdsadmin|rdsrepladmin|rdstopmgr|rdsproxyadmin)$/;

/**
 * What is wrong with the `users` part of a request, in words; empty when it can run. Checked before
 * anything is changed, so a contradiction fails the step (or the dry run) without a half-done setup.
 */
export function usersConfigProblems(users: RefreshRequest['users'], masterUsername: string | undefined): string[] {
  const problems: string[] = [];
  const configured = new Set(users.roles.map((role) => role.name));
  const needsConnection = users.roles.length > 0 || users.dropRoles.length > 0 || users.postRestoreSql.length > 0;
  if (needsConnection && users.masterPassword === undefined) {
    problems.push(
      'users.roles, users.dropRoles and users.postRestoreSql need a known master password: set users.masterPassword ({"secret": …} or {"manage": true}); the restored cluster otherwise keeps the snapshot\'s password',
    );
  }
  for (const name of users.dropRoles) {
    if (configured.has(name)) problems.push(`role ${JSON.stringify(name)} is both in users.roles and in users.dropRoles`);
  }
  for (const name of [...configured, ...users.dropRoles]) {
    if (RESERVED_ROLE.test(name)) problems.push(`role ${JSON.stringify(name)} is reserved by PostgreSQL or Aurora`);
    if (masterUsername !== undefined && name === masterUsername) {
      problems.push(`role ${JSON.stringify(name)} is the master user; its password is set through users.masterPassword`);
    }
  }
  return [...new Set(problems)];
}
