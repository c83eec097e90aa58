import { advance, fail } from '../engine/outcome';
import type { Step } from '../engine/step';
import { StepFailedError } from '../errors';
import type { CheckResult } from '../ports/database';
import { appendPlan } from '../rds/dry-run-plan';
import { buildClusterId, strategyOf } from '../rds/naming';
import type { RefreshRequest } from '../request/schema';
import { masterConnection } from './users/master-connection';
import { ensureMasterPassword } from './users/master-password';

type Expectation = RefreshRequest['verify'][number]['expect'];

/** Why a check's result does not meet its expectation, or undefined when it does. Pure. */
export function expectationProblem(expect: Expectation, result: CheckResult): string | undefined {
  if ('empty' in expect) return result.rowCount === 0 ? undefined : `expected no row, got ${result.rowCount}`;
  if ('rows' in expect) {
    const { min, max } = expect.rows;
    if (min !== undefined && result.rowCount < min) return `expected at least ${min} rows, got ${result.rowCount}`;
    if (max !== undefined && result.rowCount > max) return `expected at most ${max} rows, got ${result.rowCount}`;
    return undefined;
  }
  if (result.rowCount === 0) return `expected ${JSON.stringify(expect.equals)}, got no row`;
  const got = result.firstValue ?? null;
  // PostgreSQL sends bigint and numeric as text: a number is compared as a number.
  const same = typeof expect.equals === 'number' && typeof got === 'string' && got.trim() !== '' ? Number(got) === expect.equals : got === expect.equals;
  return same ? undefined : `expected ${JSON.stringify(expect.equals)}, got ${JSON.stringify(got)}`;
}

/**
 * swap: runs the request's checks, read-only, on the new cluster while the old target still
 * serves. A check that fails fails the operation before any rename: the target is untouched, and
 * the new cluster is deleted by the compensation (or kept with `swap.keepFailed`). With `replace`
 * the step is passed through.
 */
export const verifyStep: Step = async (context) => {
  const { operation, request, ports } = context;
  if (strategyOf(operation) !== 'swap') return advance('swap-rename');
  const clusterId = buildClusterId(operation);
  if (request.verify.length === 0) return advance('swap-rename', { verifiedChecks: [] });
  if (request.dryRun) return advance('swap-rename', appendPlan(context, request.verify.map((check) => `would run check "${check.name}" on ${clusterId} before the swap`)));
  const setting = request.users.masterPassword;
  if (setting === undefined) return fail(new StepFailedError('verify needs users.masterPassword to connect to the new cluster; add it, then resume.'));
  const master = await ensureMasterPassword(context, setting);
  if (master.type === 'outcome') return master.outcome;
  const connection = masterConnection(context, master);
  if (connection === undefined) return fail(new StepFailedError(`Cluster ${clusterId} reports no writer endpoint or master user name; cannot run the checks.`));

  const problems: string[] = [];
  const passed: string[] = [];
  for (const check of request.verify) {
    const problem = expectationProblem(check.expect, await ports.database.runCheck(connection, check.sql));
    if (problem === undefined) passed.push(check.name);
    else problems.push(`"${check.name}": ${problem}`);
  }
  if (problems.length > 0) {
    return fail(
      new StepFailedError(
        `The new cluster ${clusterId} failed verification: ${problems.join('; ')}. Nothing was renamed: ${request.target.clusterId} still serves the old data. ` +
          (request.swap.keepFailed ? `${clusterId} is kept for inspection (swap.keepFailed).` : `${clusterId} is deleted (set swap.keepFailed to keep it for inspection).`),
      ),
      { verifiedChecks: passed },
    );
  }
  context.logger.info('the new cluster passed every check', { clusterId, checks: passed });
  return advance('swap-rename', { verifiedChecks: passed });
};
