import type { BuiltTarget } from '../../rds/target-configuration';
import { isTransientError } from '../../errors';
import type { StepContext } from '../../engine/step';
import { isSaslprepStable } from '../../database/scram-verifier';
import type { MissingResource } from '../../ports/rds';
import { describeRdsError } from '../../rds/rds-errors';

/** A check's findings: each names the request field (or resource) and the fix. Empty when all is well. */
export type Problems = string[];

/** RDS's rule for an Aurora PostgreSQL master password: 8 to 128 printable ASCII characters, none of / ' " @ or a space. */
export function masterPasswordProblem(password: string): string | undefined {
  if (password.length < 8 || password.length > 128) return `is ${password.length} characters long; RDS accepts 8 to 128`;
  if (!/^[\x21-\x7e]+$/.test(password)) return 'contains a character RDS does not accept (only printable ASCII, no space)';
  if (/[/'"@]/.test(password)) return 'contains / \' " or @, which RDS does not accept in a master password';
  return undefined;
}

/** Reads a secret for the check; a transient error is thrown for the engine to retry, anything else is a finding. */
async function readSecret(context: StepContext, field: string, secretId: string, key: string): Promise<{ value?: string; problem?: string }> {
  try {
    return { value: await context.ports.secrets.getSecretValue(secretId, key) };
  } catch (error) {
    if (isTransientError(error)) throw error;
    return { problem: `${field}: secret ${secretId} (key ${key}) cannot be read: ${error instanceof Error ? error.message : String(error)}. Create it or grant the function access (SECRET_ARNS), then start again` };
  }
}

/** Every secret the request names is readable and holds a password the database (and RDS) will accept. */
export async function secretProblems(context: StepContext): Promise<Problems> {
  const { users } = context.request;
  const problems: Problems = [];
  const master = users.masterPassword;
  if (master !== undefined && 'secret' in master) {
    const read = await readSecret(context, 'users.masterPassword.secret', master.secret, master.secretKey);
    if (read.problem !== undefined) problems.push(read.problem);
    const wrong = read.value === undefined ? undefined : masterPasswordProblem(read.value);
    if (wrong !== undefined) problems.push(`users.masterPassword: the password in secret ${master.secret} (key ${master.secretKey}) ${wrong}; put an accepted password in the secret`);
  }
  for (const [index, role] of users.roles.entries()) {
    const field = `users.roles[${index}].passwordSecret`;
    const read = await readSecret(context, field, role.passwordSecret, role.passwordSecretKey);
    if (read.problem !== undefined) problems.push(read.problem);
    else if (read.value === '') problems.push(`${field}: the password of role ${JSON.stringify(role.name)} in secret ${role.passwordSecret} is empty`);
    else if (read.value !== undefined && !isSaslprepStable(read.value)) {
      problems.push(`${field}: the password of role ${JSON.stringify(role.name)} contains characters SASLprep would rewrite (no-break spaces, soft hyphens…); choose another password`);
    }
  }
  return problems;
}

/** Every post-restore script loads and parses, so a typo is found before a day-long copy. */
export async function scriptProblems(context: StepContext): Promise<Problems> {
  const problems: Problems = [];
  for (const [index, reference] of context.request.users.postRestoreSql.entries()) {
    const field = `users.postRestoreSql[${index}]`;
    try {
      const script = await context.ports.scripts.read(reference);
      await context.ports.database.checkScript(script);
    } catch (error) {
      if (isTransientError(error)) throw error;
      problems.push(`${field}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** Each verification check of a swap is one query PostgreSQL's parser accepts: found now, not after a day-long copy. */
export async function verifyProblems(context: StepContext): Promise<Problems> {
  const problems: Problems = [];
  for (const [index, check] of context.request.verify.entries()) {
    try {
      await context.ports.database.checkQuery(check.sql);
    } catch (error) {
      if (isTransientError(error)) throw error;
      problems.push(`verify[${index}].sql ("${check.name}"): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** Each KMS key the request names exists in this account and region, is enabled, and can be described by the function. */
export async function keyProblems(context: StepContext): Promise<Problems> {
  const { request } = context;
  const master = request.users.masterPassword;
  const keys: [string, string | undefined][] = [
    ['target.kmsKeyId', request.target.kmsKeyId],
    ['copy.kmsKeyId', request.copy.kmsKeyId],
    ['users.masterPassword.kmsKeyId', master !== undefined && 'manage' in master ? master.kmsKeyId : undefined],
  ];
  const problems: Problems = [];
  for (const [field, keyId] of keys) {
    if (keyId === undefined) continue;
    try {
      const key = await context.ports.kms.describeKey(keyId);
      if (key === undefined) problems.push(`${field}: the KMS key ${keyId} does not exist in this account and region`);
      else if (key.state !== 'Enabled') problems.push(`${field}: the KMS key ${keyId} is ${key.state}; enable it or name an enabled key`);
    } catch (error) {
      if (isTransientError(error)) throw error;
      problems.push(`${field}: this function cannot use the KMS key ${keyId} (${describeRdsError(error)}); add it to KMS_KEY_ARNS and allow the function's role in the key policy`);
    }
  }
  return problems;
}

const RESOURCE_FIELDS: Record<MissingResource['kind'], string> = {
  'subnet-group': 'target.subnetGroup',
  'cluster-parameter-group': 'target.clusterParameterGroup',
  'instance-parameter-group': 'target.instances[].parameterGroup',
  'security-group': 'target.securityGroupIds',
  'instance-class': 'target.instances[].instanceClass',
};

/**
 * The groups the request names exist here, and every instance class of the target as it will be
 * built is orderable — the old target's classes included when the request names no instances, since
 * a newer engine version may no longer offer them. The groups carried over from the old target are
 * not looked up: they are on the cluster now, and one of another engine family is not carried.
 */
export async function resourceProblems(context: StepContext, built: BuiltTarget, engineVersion: string | undefined): Promise<Problems> {
  const { target } = context.request;
  const missing = await context.ports.rds.findMissingResources({
    clusterId: target.clusterId,
    ...(target.subnetGroup !== undefined ? { subnetGroup: target.subnetGroup } : {}),
    ...(target.clusterParameterGroup !== undefined ? { clusterParameterGroup: target.clusterParameterGroup } : {}),
    instanceParameterGroups: (target.instances ?? []).flatMap((instance) => (instance.parameterGroup !== undefined ? [instance.parameterGroup] : [])),
    securityGroupIds: target.securityGroupIds ?? [],
    instanceClasses: [...new Set(built.instances.map((instance) => instance.instanceClass))],
    ...(engineVersion !== undefined ? { engineVersion } : {}),
  });
  return missing.map((resource) =>
    resource.kind === 'instance-class'
      ? `${RESOURCE_FIELDS[resource.kind]}: ${resource.name} cannot be ordered for aurora-postgresql${engineVersion !== undefined ? ` ${engineVersion}` : ''} in this region; choose an orderable class`
      : `${RESOURCE_FIELDS[resource.kind]}: ${resource.name} does not exist in this account and region; create it or fix the name`,
  );
}
