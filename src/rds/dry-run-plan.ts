import type { StepContext } from '../engine/step';
import type { Facts } from '../store/operation';

/**
 * The dry-run plan with this step's lines appended. A step's earlier lines are replaced rather than
 * repeated, so a step that runs twice leaves one account of what it would do.
 */
export function appendPlan(context: Pick<StepContext, 'operation'>, lines: readonly string[]): Pick<Facts, 'plan'> {
  const prefix = `${context.operation.step}: `;
  const earlier = (context.operation.facts.plan ?? []).filter((line) => !line.startsWith(prefix));
  return { plan: [...earlier, ...lines.map((line) => `${prefix}${line}`)] };
}
