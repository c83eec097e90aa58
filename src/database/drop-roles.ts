import type { Client } from 'pg';
import { PostgresError } from '../errors';
import type { DatabaseConnection } from '../ports/database';
import { withConnection, type ConnectDependencies } from './connect';
import { execute, inTransaction, rolesActableBy, sessionInfo } from './sql-session';

// Aurora's own database, which no customer login may enter.
const SKIPPED_DATABASES = ['rdsadmin'];

/**
 * Drops the listed roles that exist. A role cannot be dropped while it owns objects or holds
 * privileges in any database, so in every database that accepts connections its objects are first
 * reassigned to the connected (master) user — the data stays — and its privileges revoked; then
 * the role is dropped. Absent roles are skipped, so a second run does nothing.
 */
export async function dropRoles(connection: DatabaseConnection, names: string[], dependencies: ConnectDependencies): Promise<string[]> {
  if (names.length === 0) return [];
  const { present, databases } = await withConnection(connection, connection.database, dependencies, async (client) => {
    const info = await sessionInfo(client);
    if (names.includes(info.currentUser)) {
      throw new PostgresError(`Refusing to drop ${JSON.stringify(info.currentUser)}: it is the user this tool is connected as.`, undefined);
    }
    const rows = await execute<{ rolname: string; rolsuper: boolean }>(client, 'SELECT rolname, rolsuper FROM pg_roles WHERE rolname = ANY($1::text[]) ORDER BY rolname', {
      values: [names],
    });
    const superusers = rows.filter((row) => row.rolsuper).map((row) => row.rolname);
    if (superusers.length > 0) throw new PostgresError(`Refusing to drop superuser role(s) ${superusers.map((n) => JSON.stringify(n)).join(', ')}.`, undefined);
    const found = rows.map((row) => row.rolname);
    await takeOverRoles(client, found, await rolesActableBy(client, info, found));
    const dbRows = await execute<{ datname: string }>(
      client,
      'SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate AND datname <> ALL($1::text[]) ORDER BY datname',
      { values: [SKIPPED_DATABASES] },
    );
    return { present: found, databases: dbRows.map((row) => row.datname) };
  });
  if (present.length === 0) return [];
  for (const database of databases) {
    await withConnection(connection, database, dependencies, (client) =>
      inTransaction(client, async () => {
        for (const name of present) {
          const role = client.escapeIdentifier(name);
          await execute(client, `REASSIGN OWNED BY ${role} TO CURRENT_USER`, { doing: `Reassigning objects of ${JSON.stringify(name)} in database ${JSON.stringify(database)}` });
          await execute(client, `DROP OWNED BY ${role}`, { doing: `Revoking privileges of ${JSON.stringify(name)} in database ${JSON.stringify(database)}` });
        }
      }),
    );
  }
  await withConnection(connection, connection.database, dependencies, async (client) => {
    for (const name of present) {
      await execute(client, `DROP ROLE IF EXISTS ${client.escapeIdentifier(name)}`, { doing: `Dropping role ${JSON.stringify(name)}` });
    }
  });
  return present;
}

/**
 * REASSIGN OWNED needs the privileges of the role whose objects move. A master user that is not a
 * member (Aurora's is no superuser) grants itself the role first; the grant disappears with the role.
 */
async function takeOverRoles(client: Client, roles: string[], actable: Set<string>): Promise<void> {
  for (const name of roles.filter((role) => !actable.has(role))) {
    await execute(client, `GRANT ${client.escapeIdentifier(name)} TO CURRENT_USER`, {
      doing: `Taking over role ${JSON.stringify(name)} to reassign its objects before dropping it`,
    });
  }
}
