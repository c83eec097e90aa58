import type { OperationStore } from '../../src/store/operation-store';

/** Each write a store was asked to make, with the operation it was for when the call names one. */
export interface StoreWrite {
  method: 'create' | 'save' | 'acquireLock' | 'releaseLock' | 'markEventHandled';
  operationId?: string;
}

/** The store, counting every write it is asked to make (attempted writes: a lost conditional write counts too). */
export function countingStore(resolve: () => OperationStore, writes: StoreWrite[]): OperationStore {
  return new Proxy({} as OperationStore, {
    get(_shell, property: keyof OperationStore) {
      const store = resolve();
      const method = store[property] as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        switch (property) {
          case 'create':
          case 'save':
            writes.push({ method: property, operationId: (args[0] as { operationId: string }).operationId });
            break;
          case 'acquireLock':
          case 'releaseLock':
            writes.push({ method: property, operationId: args[1] as string });
            break;
          case 'markEventHandled':
            writes.push({ method: property });
            break;
          default:
            break;
        }
        return method.apply(store, args);
      };
    },
  });
}
