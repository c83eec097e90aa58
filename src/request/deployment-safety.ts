import { DEFAULT_MANAGED_TAG } from '../constants';
import { InvalidInputError } from '../errors';
import type { RefreshRequest } from './schema';

/**
 * Safety rules that belong to the deployment (environment), never to a request: the payload that
 * asks for a delete may not redefine what authorises it.
 */
export interface DeploymentSafety {
  /** The tag (MANAGED_TAG_KEY=MANAGED_TAG_VALUE) a cluster must carry for this tool to delete it. */
  managedTag: { key: string; value: string };
  /** ALLOW_UNMANAGED_TARGETS: whether a request may ever waive the managed tag (safety.requireManagedTag: false). */
  allowUnmanagedTargets: boolean;
}

/**
 * Checks a valid request against what the deployment allows, where a request first meets the
 * configuration (the schema cannot see it). Returns the refusal, or undefined; nothing is written
 * for a refused request.
 */
export function checkRequestAgainstDeployment(request: Pick<RefreshRequest, 'safety'>, safety: DeploymentSafety): InvalidInputError | undefined {
  if (!request.safety.requireManagedTag && !safety.allowUnmanagedTargets) {
    const issue =
      `request.safety.requireManagedTag: false is refused: this deployment replaces only clusters tagged ${safety.managedTag.key}=${safety.managedTag.value} ` +
      '(ALLOW_UNMANAGED_TARGETS is false); tag the target and leave requireManagedTag out, or set ALLOW_UNMANAGED_TARGETS=true in the deployment';
    return new InvalidInputError(`Invalid start event: ${issue}`, [issue]);
  }
  return undefined;
}

/** The deployment's defaults: the tool's own tag, and no unmanaged target ever replaced. */
export const DEFAULT_DEPLOYMENT_SAFETY: DeploymentSafety = {
  managedTag: { ...DEFAULT_MANAGED_TAG },
  allowUnmanagedTargets: false,
};
