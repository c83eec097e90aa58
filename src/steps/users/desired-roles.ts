import { isTransientError, StepFailedError } from '../../errors';
import type { DesiredRole } from '../../ports/database';
import type { SecretsPort } from '../../ports/secrets';
import type { RefreshRequest } from '../../request/schema';

/**
 * The configured roles with their passwords read from Secrets Manager and every grant's database
 * resolved. The passwords live only in the returned objects, which go straight to the database port.
 */
export async function desiredRoles(users: RefreshRequest['users'], secrets: SecretsPort): Promise<DesiredRole[]> {
  const roles: DesiredRole[] = [];
  for (const role of users.roles) {
    let password: string;
    try {
      password = await secrets.getSecretValue(role.passwordSecret, role.passwordSecretKey);
    } catch (error) {
      if (isTransientError(error)) throw error;
      throw new StepFailedError(
        `Cannot read the password of role ${JSON.stringify(role.name)} from secret ${role.passwordSecret} (key ${role.passwordSecretKey}): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    if (password.length === 0) throw new StepFailedError(`The password of role ${JSON.stringify(role.name)} in secret ${role.passwordSecret} is empty.`);
    roles.push({
      name: role.name,
      password,
      grants: role.grants.map((grant) => ({ preset: grant.preset, database: grant.database ?? users.database, schemas: grant.schemas })),
      memberOf: role.memberOf,
      defaultPrivileges: role.defaultPrivileges,
      ...(role.connectionLimit !== undefined ? { connectionLimit: role.connectionLimit } : {}),
    });
  }
  return roles;
}
