import type { StepName } from '../constants';
import { NotImplementedError } from '../errors';
import { fail } from '../engine/outcome';
import type { Step } from '../engine/step';

/** A step whose behaviour this build does not have: it fails the operation clearly, destroying nothing. */
export function notImplemented(step: StepName): Step {
  return async () => fail(new NotImplementedError(step));
}
