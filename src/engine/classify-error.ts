import { isTransientError } from '../errors';

/** How the engine treats an error a step threw. */
export type ErrorClass = 'transient' | 'busy' | 'fatal';

/**
 * The one place a step's error is classified: throttling, 5xx, timeouts → `transient` (retry the
 * step soon); a resource in a state that refuses the call for now → `busy` (wait, as for any
 * status check); anything else → `fatal` (fail the operation, labelled with the step).
 */
export function classifyError(error: unknown, isResourceBusy: (error: unknown) => boolean): ErrorClass {
  if (isTransientError(error)) return 'transient';
  if (isResourceBusy(error)) return 'busy';
  return 'fatal';
}
