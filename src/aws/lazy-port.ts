/**
 * A port whose implementation is created on first use. Every method of a port is async, so the
 * proxy can await the implementation before forwarding the call.
 */
export function lazyPort<T extends object>(create: () => Promise<T>): T {
  let instance: Promise<T> | undefined;
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      return async (...args: unknown[]) => {
        instance ??= create();
        const resolved = (await instance) as Record<PropertyKey, unknown>;
        const member = resolved[property];
        if (typeof member !== 'function') throw new TypeError(`port has no method ${String(property)}`);
        return (member as (...a: unknown[]) => unknown).apply(resolved, args);
      };
    },
  });
}
