import type { RefreshStrategy } from '../request/schema';
/**
 * Names of what this tool creates. They are derived from the operation alone, so a step that runs
 * twice (at-least-once delivery, a resume) asks RDS for the same name and finds its own resource.
 */

/** RDS snapshot identifiers: a letter first, then letters, digits and single hyphens, ≤ 255 characters. */
const SNAPSHOT_ID = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,254}$/;

const MAX_SNAPSHOT_ID_LENGTH = 255;

/** True when RDS accepts `id` as a cluster snapshot identifier. */
export function isValidSnapshotId(id: string): boolean {
  return SNAPSHOT_ID.test(id) && !id.endsWith('-') && id.length <= MAX_SNAPSHOT_ID_LENGTH;
}

function snapshotId(parts: string[]): string {
  const id = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/-+$/, '')
    .slice(0, MAX_SNAPSHOT_ID_LENGTH)
    .replace(/-+$/, '');
  if (!isValidSnapshotId(id)) throw new Error(`cannot build a valid snapshot identifier from ${parts.join(', ')}`);
  return id;
}

/** The snapshot copy an operation makes: `aurora-restore-<target>-<operationId>`. */
export function copySnapshotId(target: string, operationId: string): string {
  return snapshotId(['aurora-restore', target, operationId]);
}

/** The final snapshot taken of the old target when the request asks for one, unique per operation. */
export function finalSnapshotId(target: string, operationId: string): string {
  return snapshotId(['aurora-restore-final', target, operationId]);
}

/** RDS cluster and instance identifiers: at most 63 characters. */
export const MAX_RDS_IDENTIFIER_LENGTH = 63;

/** What the names of a swap depend on: the strategy recorded at preflight, the target and the operation. */
type SwapNamed = { operationId: string; request: { strategy?: RefreshStrategy | undefined; target: { clusterId: string } }; facts: { strategy?: RefreshStrategy | undefined } };

/**
 * The strategy an operation runs with: recorded at preflight (the request's, else the deployment's
 * default then), so a deployment changed meanwhile does not switch a running refresh. An operation
 * that predates strategies is a `replace`.
 */
export function strategyOf(operation: SwapNamed): RefreshStrategy {
  return operation.facts.strategy ?? operation.request.strategy ?? 'replace';
}

/** The last part of the operation id (its random or digest part): six characters that tell operations of one target apart. */
export function shortOperationId(operationId: string): string {
  return operationId.slice(operationId.lastIndexOf('-') + 1);
}

/**
 * `<base>-<role>-<short id>`, the base cut so the whole fits 63 characters (and no hyphen is left
 * at the cut). The naming rule of everything a swap builds or retires: the cluster and each
 * instance get their own id plus the suffix, e.g. `staging-1` → `staging-1-next-a1b2c3`.
 */
export function swapIdentifier(base: string, role: 'next' | 'retired', operationId: string): string {
  const suffix = `-${role}-${shortOperationId(operationId)}`;
  return `${base.slice(0, MAX_RDS_IDENTIFIER_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** The cluster the restore builds: the target itself with `replace`, `<target>-next-<short id>` with `swap`. */
export function buildClusterId(operation: SwapNamed): string {
  const target = operation.request.target.clusterId;
  return strategyOf(operation) === 'swap' ? swapIdentifier(target, 'next', operation.operationId) : target;
}

/** An instance the restore builds for the configured instance `instanceId` (same rule as the cluster). */
export function buildInstanceId(operation: SwapNamed, instanceId: string): string {
  return strategyOf(operation) === 'swap' ? swapIdentifier(instanceId, 'next', operation.operationId) : instanceId;
}

/** The name the old target (or one of its instances) carries once a swap has renamed it away. */
export function retiredId(operation: Pick<SwapNamed, 'operationId'>, id: string): string {
  return swapIdentifier(id, 'retired', operation.operationId);
}
