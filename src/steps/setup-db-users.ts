import { advance, fail, proceed, wait, type Outcome } from '../engine/outcome';
import type { StepContext, Step } from '../engine/step';
import { PostgresError, SqlScriptError, StepFailedError } from '../errors';
import type { DatabaseConnection, ScriptRun } from '../ports/database';
import type { Facts } from '../store/operation';
import { usersConfigProblems } from './users/check-users-config';
import { desiredRoles } from './users/desired-roles';
import { masterConnection } from './users/master-connection';
import { ensureMasterPassword } from './users/master-password';
import { planUsers } from './users/plan-users';
import { strategyOf } from '../rds/naming';

/** With `swap` the new cluster is verified before it takes the target's place; with `replace` it already has. */
const nextStep = (operation: StepContext['operation']) => (strategyOf(operation) === 'swap' ? 'verify' : 'archive-snapshot');
/** A login refused this soon after the master password change is RDS not having applied it yet. */
const NEW_PASSWORD_GRACE_MS = 15 * 60 * 1000;

function scriptName(reference: { file: string } | { s3Uri: string }): string {
  return 'file' in reference ? reference.file : reference.s3Uri;
}

/**
 * After the restore: set the master password, then — connected as the master user over TLS — drop
 * the unwanted roles (e.g. production's), run the post-restore scripts (e.g. masking), and only then
 * create or alter the configured roles, so that no new login ever sees data before it is masked.
 * Every part is idempotent; each script's commit is saved before the next starts, and committed
 * scripts are not run again on a resume.
 */
export const setupDbUsersStep: Step = async (context) => {
  const { request, operation } = context;
  const NEXT = nextStep(operation);
  const users = request.users;
  const problems = usersConfigProblems(users, operation.facts.masterUsername);
  if (problems.length > 0) {
    return fail(new StepFailedError(`The users configuration cannot be applied: ${problems.join('; ')}.`));
  }
  if (request.dryRun) return advance(NEXT, { plan: [...(operation.facts.plan ?? []), ...planUsers(users, operation.target)] });
  if (users.masterPassword === undefined) {
    context.logger.warn('no users.masterPassword: the restored cluster keeps the snapshot\'s master password');
    return advance(NEXT);
  }
  const master = await ensureMasterPassword(context, users.masterPassword);
  if (master.type === 'outcome') return master.outcome;
  if (users.roles.length === 0 && users.dropRoles.length === 0 && users.postRestoreSql.length === 0) return advance(NEXT, master.facts);

  const connection = masterConnection(context, master);
  if (connection === undefined) {
    return fail(new StepFailedError(`Cluster ${operation.target} reports no writer endpoint or master user name; cannot connect.`), master.facts);
  }
  // The master user name may only be known now, from the cluster itself.
  const late = usersConfigProblems(users, connection.user);
  if (late.length > 0) {
    return fail(new StepFailedError(`The users configuration cannot be applied: ${late.join('; ')}.`), master.facts);
  }
  try {
    return await configureDatabase(context, connection, master.facts);
  } catch (error) {
    return handleLoginRefused(context, error);
  }
};

async function configureDatabase(context: StepContext, connection: DatabaseConnection, facts: Partial<Facts>): Promise<Outcome> {
  const { request, operation, ports, logger } = context;
  const NEXT = nextStep(operation);
  const users = request.users;
  const dropped = await ports.database.dropRoles(connection, users.dropRoles);
  if (dropped.length > 0) logger.info('roles dropped', { roles: dropped });
  // A resumed attempt finds them gone already; the record keeps what the first attempt dropped.
  const rolesDropped = [...new Set([...(operation.facts.rolesDropped ?? []), ...dropped])];

  const scriptsRun = operation.facts.sqlScriptsRun ?? [];
  const pending = users.postRestoreSql.filter((reference) => !scriptsRun.includes(scriptName(reference)));
  const [next] = pending;
  if (next !== undefined) {
    if (scriptsRun.length > 0) logger.info('SQL scripts committed by an earlier invocation are not run again', { scripts: scriptsRun });
    return runOneScript(context, connection, next, { ...facts, rolesDropped, sqlScriptsRun: scriptsRun }, pending.length - 1);
  }

  const changes = await ports.database.applyRoles(connection, await desiredRoles(users, ports.secrets));
  for (const warning of changes.warnings) logger.warn('database setup warning', { warning });
  logger.info('database roles configured', { created: changes.created, updated: changes.updated, unchanged: changes.unchanged });
  return advance(NEXT, {
    ...facts,
    rolesConfigured: users.roles.map((role) => role.name),
    rolesDropped,
    sqlScriptsRun: [...scriptsRun],
    ...(changes.warnings.length > 0 ? { databaseWarnings: changes.warnings } : {}),
  });
}

/**
 * Runs one post-restore script, then asks to go on (`continue`): the engine saves the script as
 * committed before the next one starts, and runs the next inline only while the invocation's time
 * budget allows, so several long scripts never outrun the Lambda's timeout.
 */
async function runOneScript(
  context: StepContext,
  connection: DatabaseConnection,
  reference: { file: string } | { s3Uri: string },
  facts: Partial<Facts> & { sqlScriptsRun: string[] },
  remaining: number,
): Promise<Outcome> {
  const { ports, logger, operation } = context;
  const name = scriptName(reference);
  let run: ScriptRun;
  try {
    run = await ports.database.runScript(connection, await ports.scripts.read(reference), operation.operationId);
  } catch (error) {
    if (!(error instanceof SqlScriptError)) throw error;
    // Saving what was committed lets a resume skip those scripts.
    return fail(error, facts);
  }
  // `already-run`: its marker row shows an earlier invocation committed it and died before saving.
  logger.info(run.status === 'already-run' ? 'SQL script already committed for this operation; not run again' : 'SQL script committed', { script: name, statements: run.statements, durationMs: run.durationMs });
  return proceed(`ran SQL script ${name}; continuing with ${remaining > 0 ? 'the next' : 'the rest of the database setup'}`, {
    ...facts,
    sqlScriptsRun: [...facts.sqlScriptsRun, name],
  });
}

/**
 * A refused master login right after the change usually means RDS has not applied it yet: wait,
 * within a grace period. Past it, fail and forget the change, so a resume applies the secret's
 * password again (harmless when it is already in force) and gets a fresh grace period.
 */
function handleLoginRefused(context: StepContext, error: unknown): Outcome {
  if (!(error instanceof PostgresError) || !error.isAuthenticationFailure) throw error;
  const changedAt = context.operation.facts.masterPasswordChangedAt;
  if (changedAt !== undefined && context.now.getTime() - Date.parse(changedAt) < NEW_PASSWORD_GRACE_MS) {
    return wait('the new master password is not accepted yet; RDS may still be applying it', { delaySeconds: 60 });
  }
  return fail(
    new PostgresError(`${error.message} — check that users.masterPassword names the secret whose password was applied to the cluster.`, error.sqlState),
    { masterPasswordSet: false, masterPasswordChangedAt: undefined },
  );
}
