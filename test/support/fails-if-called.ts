/** A port nobody should call in this test: any method call rejects, naming the port and method. */
export function failsIfCalled<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => (property === 'then' ? undefined : () => Promise.reject(new Error(`${name}.${String(property)} must not be called in this test`))),
  });
}
