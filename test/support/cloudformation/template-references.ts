import type { CfnTemplate } from './resource-schemas';

/**
 * References a resource makes that CloudFormation resolves against the rest of the template:
 * `Ref`, `Fn::GetAtt` (the attribute must exist on the target's type), `Fn::Sub` variables,
 * `Fn::If` and `Condition` names, `DependsOn`. A schema cannot see these: `{ "Ref": "Typo" }` is a
 * well-formed intrinsic that fails only at deploy time.
 */

const PSEUDO_PARAMETERS = ['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix'];

/** A reference to nothing, located by JSON pointer within the resource. */
export interface ReferenceProblem {
  path: string;
  message: string;
}

/** `A.B.C` → `['A', 'B.C']`: a logical id, then an attribute that may itself contain dots. */
function splitAttribute(text: string): [string, string | undefined] {
  const dot = text.indexOf('.');
  return dot === -1 ? [text, undefined] : [text.slice(0, dot), text.slice(dot + 1)];
}

/**
 * Every reference of `resource` that names nothing. `attributesOf(type)` gives the attributes of a
 * resource type (undefined for a type unknown to the spec, which is reported on that resource).
 */
export function referenceProblems(template: CfnTemplate, resource: Record<string, unknown>, attributesOf: (type: string) => string[] | undefined): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const resourceIds = Object.keys(template.Resources);
  const conditions = Object.keys(template.Conditions ?? {});
  const refTargets = new Set([...PSEUDO_PARAMETERS, ...Object.keys(template.Parameters ?? {}), ...resourceIds]);

  const missingAttribute = (logicalId: string, attribute: string): string | undefined => {
    const target = template.Resources[logicalId];
    if (target === undefined) return `Fn::GetAtt names ${logicalId}, which is not a resource of the template`;
    const attributes = attributesOf(target.Type);
    return attributes === undefined || attributes.includes(attribute) ? undefined : `${logicalId} (${target.Type}) has no attribute ${attribute}`;
  };

  const checkSub = (argument: unknown, path: string): void => {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    const local = new Set(Object.keys((variables as Record<string, unknown>) ?? {}));
    // `${!Literal}` is an escaped literal, not a variable.
    for (const match of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
      const variable = match[1]!;
      if (local.has(variable) || refTargets.has(variable)) continue;
      const [logicalId, attribute] = splitAttribute(variable);
      const problem = attribute !== undefined ? missingAttribute(logicalId, attribute) : `Fn::Sub variable \${${variable}} names nothing`;
      if (problem !== undefined) problems.push({ path, message: problem });
    }
    if (Array.isArray(argument)) walk(argument[1], `${path}/Fn::Sub/1`);
  };

  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${path}/${index}`));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const entries = Object.entries(value);
    const [name, argument] = entries.length === 1 ? entries[0]! : [undefined, undefined];
    if (name === 'Fn::Sub') return checkSub(argument, path);
    if (name === 'Ref' && typeof argument === 'string' && !refTargets.has(argument)) {
      problems.push({ path, message: `Ref to ${argument}, which is neither a resource, a parameter nor a pseudo parameter` });
    }
    if (name === 'Fn::GetAtt') {
      const [logicalId, attribute] = Array.isArray(argument) ? argument : splitAttribute(String(argument));
      const problem = typeof logicalId === 'string' && typeof attribute === 'string' ? missingAttribute(logicalId, attribute) : undefined;
      if (problem !== undefined) problems.push({ path, message: problem });
    }
    if (name === 'Fn::If' && Array.isArray(argument) && !conditions.includes(String(argument[0]))) {
      problems.push({ path, message: `Fn::If names condition ${String(argument[0])}, which the template does not define` });
    }
    for (const [key, child] of entries) walk(child, `${path}/${key}`);
  };

  walk(resource, '');
  if (typeof resource.Condition === 'string' && !conditions.includes(resource.Condition)) {
    problems.push({ path: '/Condition', message: `condition ${resource.Condition} is not defined` });
  }
  for (const dependency of [resource.DependsOn ?? []].flat()) {
    if (!resourceIds.includes(String(dependency))) problems.push({ path: '/DependsOn', message: `depends on ${String(dependency)}, which is not a resource` });
  }
  return problems;
}
