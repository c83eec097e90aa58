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
