import { OPERATION_TAG_KEY, TARGET_TAG_KEY } from '../constants';
import type { DeploymentSafety } from '../request/deployment-safety';
import type { RefreshRequest } from '../request/schema';

/** Tags on a snapshot copy: which operation made it and for which target (the archive step keeps N per target). */
export function copyTags(operationId: string, target: string): Record<string, string> {
  return { [OPERATION_TAG_KEY]: operationId, [TARGET_TAG_KEY]: target };
}

/**
 * Tags on the restored cluster and its instances: the request's own tags, then ours. Ours win, so a
 * request cannot leave the new cluster without the (deployment's) managed tag the next refresh
 * needs to delete it.
 */
export function restoredResourceTags(
  request: RefreshRequest,
  operationId: string,
  managedTag: DeploymentSafety['managedTag'],
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...(request.target.tags ?? {}),
    ...extra,
    [managedTag.key]: managedTag.value,
    [OPERATION_TAG_KEY]: operationId,
    [TARGET_TAG_KEY]: request.target.clusterId,
  };
}

/** True when the resource carries this operation's tag, i.e. an earlier run of this operation created it. */
export function isMadeBy(tags: Record<string, string>, operationId: string): boolean {
  return tags[OPERATION_TAG_KEY] === operationId;
}
