import type { Client } from 'pg';
import { PostgresError } from '../errors';
import type { DatabaseConnection, DesiredGrant, DesiredRole, RoleChanges } from '../ports/database';
import { canLogIn, withConnection, type ConnectDependencies } from './connect';
import { defaultPrivilegeStatements, grantStatements } from './privilege-presets';
import { isSaslprepStable, scramSha256Verifier } from './scram-verifier';
import { execute, inTransaction, rolesActableBy, sessionInfo } from './sql-session';

interface ExistingRole {
  rolname: string;
  rolcanlogin: boolean;
  rolconnlimit: number;
  rolsuper: boolean;
  /** pg returns timestamptz as Date; 'infinity' as Infinity. */
  rolvaliduntil: Date | number | null;
}

/**
 * Creates or alters each role, then adds memberships, then grants presets database by database.
 * Roles are cluster-wide, so they are handled on the first connection; grants are per database.
 * Privileges a role already holds beyond its presets are left alone: listing a role in `dropRoles`
 * is the way to start it from scratch.
 */
export async function applyRoles(connection: DatabaseConnection, roles: DesiredRole[], dependencies: ConnectDependencies): Promise<RoleChanges> {
  for (const role of roles) {
    if (!isSaslprepStable(role.password)) {
      throw new PostgresError(
        `The password of role ${JSON.stringify(role.name)} contains characters that SASLprep rewrites (non-ASCII spaces, soft hyphens, compatibility forms); PostgreSQL clients disagree on such passwords. Use a password without them.`,
        undefined,
      );
    }
  }
  const changes: RoleChanges = { created: [], updated: [], unchanged: [], warnings: [] };
  const touched = new Set<string>();
  await withConnection(connection, connection.database, dependencies, async (client) => {
    const existing = await readRoles(client, roles.map((r) => r.name));
    for (const role of roles) {
      const before = existing.get(role.name);
      if (before === undefined) {
        await createRole(client, role);
        changes.created.push(role.name);
      } else if (await alterRole(client, connection, role, before, dependencies)) {
        touched.add(role.name);
      }
    }
    // After every role exists, so a configured role can be a member of another configured role.
    for (const name of await addMemberships(client, roles)) touched.add(name);
  });
  for (const role of roles) {
    if (changes.created.includes(role.name)) continue;
    (touched.has(role.name) ? changes.updated : changes.unchanged).push(role.name);
  }
  for (const [database, grants] of grantsByDatabase(roles)) {
    await withConnection(connection, database, dependencies, async (client) => {
      changes.warnings.push(...(await grantPresets(client, database, grants, roles)));
    });
  }
  return changes;
}

async function readRoles(client: Client, names: string[]): Promise<Map<string, ExistingRole>> {
  const rows = await execute<ExistingRole>(
    client,
    'SELECT rolname, rolcanlogin, rolconnlimit, rolsuper, rolvaliduntil FROM pg_roles WHERE rolname = ANY($1::text[])',
    { values: [names] },
  );
  return new Map(rows.map((row) => [row.rolname, row]));
}

function passwordClause(client: Client, role: DesiredRole): { clause: string; sensitive: string[] } {
  const verifier = scramSha256Verifier(role.password);
  return { clause: `PASSWORD ${client.escapeLiteral(verifier)}`, sensitive: [verifier, role.password] };
}

async function createRole(client: Client, role: DesiredRole): Promise<void> {
  const password = passwordClause(client, role);
  const limit = role.connectionLimit !== undefined ? ` CONNECTION LIMIT ${Math.trunc(role.connectionLimit)}` : '';
  await execute(client, `CREATE ROLE ${client.escapeIdentifier(role.name)} WITH LOGIN ${password.clause}${limit}`, {
    doing: `Creating role ${JSON.stringify(role.name)}`,
    sensitive: password.sensitive,
  });
}

function validForever(validUntil: ExistingRole['rolvaliduntil']): boolean {
  return validUntil === null || validUntil === Infinity;
}

/** Brings an existing role's login, validity, connection limit and password to the configured state; true if anything changed. */
async function alterRole(client: Client, connection: DatabaseConnection, role: DesiredRole, before: ExistingRole, dependencies: ConnectDependencies): Promise<boolean> {
  if (before.rolsuper) {
    throw new PostgresError(`Role ${JSON.stringify(role.name)} is a superuser in the restored database; refusing to alter it. Remove it from users.roles.`, undefined);
  }
  const clauses: string[] = [];
  if (!before.rolcanlogin) clauses.push('LOGIN');
  if (!validForever(before.rolvaliduntil)) clauses.push(`VALID UNTIL 'infinity'`);
  if (role.connectionLimit !== undefined && role.connectionLimit !== before.rolconnlimit) clauses.push(`CONNECTION LIMIT ${Math.trunc(role.connectionLimit)}`);
  // A correct password is left alone (a new verifier would differ by its salt); the probe is a login.
  const passwordWorks = clauses.length === 0 && (await canLogIn(connection, role.name, role.password, dependencies));
  let sensitive: string[] = [];
  if (!passwordWorks) {
    const password = passwordClause(client, role);
    clauses.push(password.clause);
    sensitive = password.sensitive;
  }
  if (clauses.length === 0) return false;
  await execute(client, `ALTER ROLE ${client.escapeIdentifier(role.name)} WITH ${clauses.join(' ')}`, {
    doing: `Altering role ${JSON.stringify(role.name)}`,
    sensitive,
  });
  return true;
}

/** Grants the memberships each role lacks; returns the roles that got one. */
async function addMemberships(client: Client, roles: DesiredRole[]): Promise<string[]> {
  const wanted = roles.flatMap((role) => role.memberOf.map((group) => ({ member: role.name, group })));
  if (wanted.length === 0) return [];
  const rows = await execute<{ member: string; grp: string }>(
    client,
    `SELECT m.rolname AS member, g.rolname AS grp FROM pg_auth_members a
       JOIN pg_roles m ON m.oid = a.member JOIN pg_roles g ON g.oid = a.roleid
      WHERE m.rolname = ANY($1::text[])`,
    { values: [roles.map((r) => r.name)] },
  );
  const held = new Set(rows.map((row) => `${row.member}\u0000${row.grp}`));
  const changed: string[] = [];
  for (const { member, group } of wanted) {
    if (held.has(`${member}\u0000${group}`)) continue;
    await execute(client, `GRANT ${client.escapeIdentifier(group)} TO ${client.escapeIdentifier(member)}`);
    changed.push(member);
  }
  return changed;
}

interface RoleGrant {
  role: string;
  grant: DesiredGrant;
  defaultPrivileges: boolean;
}

function grantsByDatabase(roles: DesiredRole[]): Map<string, RoleGrant[]> {
  const byDatabase = new Map<string, RoleGrant[]>();
  for (const role of roles) {
    for (const grant of role.grants) {
      const list = byDatabase.get(grant.database) ?? [];
      list.push({ role: role.name, grant, defaultPrivileges: role.defaultPrivileges });
      byDatabase.set(grant.database, list);
    }
  }
  return byDatabase;
}

/**
 * Grants presets in one database and sets default privileges for objects created later. Returns
 * warnings for what PostgreSQL silently skipped (a GRANT on objects the master user may not grant
 * on) and for creators the master user may not set default privileges for.
 */
async function grantPresets(client: Client, database: string, grants: RoleGrant[], roles: DesiredRole[]): Promise<string[]> {
  const warnings: string[] = [];
  const info = await sessionInfo(client);
  const schemas = [...new Set(grants.flatMap((g) => g.grant.schemas))];
  const owners = await schemaOwners(client, schemas);
  const missing = schemas.filter((schema) => !owners.has(schema));
  if (missing.length > 0) {
    throw new PostgresError(`Schema(s) ${missing.map((s) => JSON.stringify(s)).join(', ')} do not exist in database ${JSON.stringify(database)}; fix users.roles[].grants.`, '3F000');
  }
  const creatorsBySchema = new Map<string, string[]>();
  for (const schema of schemas) {
    const ownerRoles = roles.filter((r) => r.grants.some((g) => g.preset === 'owner' && g.database === database && g.schemas.includes(schema))).map((r) => r.name);
    // Predefined roles (pg_database_owner owns `public` since PostgreSQL 15) never create objects themselves.
    const creators = [info.currentUser, owners.get(schema) as string, ...ownerRoles].filter((name) => !name.startsWith('pg_'));
    creatorsBySchema.set(schema, [...new Set(creators)]);
  }
  const actable = await rolesActableBy(client, info, [...new Set([...creatorsBySchema.values()].flat())]);
  const onNotice = (notice: { severity?: string; message?: string }) => {
    if (notice.severity === 'WARNING' && notice.message) warnings.push(`database ${database}: ${notice.message}`);
  };
  client.on('notice', onNotice);
  try {
    for (const { role, grant, defaultPrivileges } of grants) {
      await inTransaction(client, async () => {
        for (const schema of grant.schemas) {
          for (const sql of grantStatements(role, database, schema, grant.preset, (name) => client.escapeIdentifier(name))) await execute(client, sql);
          if (!defaultPrivileges) continue;
          for (const creator of creatorsBySchema.get(schema) ?? []) {
            if (creator === role) continue;
            if (!actable.has(creator)) {
              warnings.push(
                `database ${database}: default privileges for ${JSON.stringify(role)} on objects ${JSON.stringify(creator)} creates later in schema ${JSON.stringify(schema)} not set: ${info.currentUser} may not act as ${JSON.stringify(creator)}`,
              );
              continue;
            }
            for (const sql of defaultPrivilegeStatements(role, creator, schema, grant.preset, (name) => client.escapeIdentifier(name))) await execute(client, sql);
          }
        }
      });
    }
  } finally {
    client.off('notice', onNotice);
  }
  return [...new Set(warnings)];
}

async function schemaOwners(client: Client, schemas: string[]): Promise<Map<string, string>> {
  const rows = await execute<{ nspname: string; owner: string }>(
    client,
    'SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = ANY($1::text[])',
    { values: [schemas] },
  );
  return new Map(rows.map((row) => [row.nspname, row.owner]));
}
