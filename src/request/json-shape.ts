import { FORBIDDEN_KEYS, MAX_NESTING_DEPTH } from './limits';

/** Where an untrusted JSON value breaks the edge's structural rules, and what is expected. */
export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Walks a parsed JSON value for keys that name JavaScript's object machinery and for nesting deeper
 * than any valid event has. The walk is iterative and stops at the depth bound, so a payload nested
 * a million levels deep (or a cyclic object handed over in-process) cannot overflow the stack.
 */
export function findJsonProblem(value: unknown, maxDepth: number = MAX_NESTING_DEPTH): JsonProblem | undefined {
  const pending: { node: unknown; path: (string | number)[] }[] = [{ node: value, path: [] }];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (path.length >= maxDepth) {
      return { path, message: `nests deeper than ${maxDepth} levels of objects and arrays; no valid event does` };
    }
    const children: { node: unknown; path: (string | number)[] }[] = [];
    if (Array.isArray(node)) {
      node.forEach((child, index) => children.push({ node: child, path: [...path, index] }));
    } else {
      for (const key of Object.keys(node)) {
        if (FORBIDDEN_KEYS.has(key)) {
          return { path: [...path, key], message: `the key "${key}" is not allowed anywhere in an event (it names JavaScript's object machinery); remove it` };
        }
        children.push({ node: (node as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
    // Reversed onto the stack, so the walk visits fields in their written order.
    pending.push(...children.reverse());
  }
  return undefined;
}

/** The value's size as JSON in UTF-8 bytes; undefined when it is not JSON at all (a BigInt, a cycle). */
export function serialisedBytes(value: unknown): number | undefined {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : Buffer.byteLength(json, 'utf8');
  } catch {
    return undefined;
  }
}
