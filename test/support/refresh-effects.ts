import type { LocalRuntime } from '../../src/local/local-runtime';
import { buildClusterId } from '../../src/rds/naming';
import type { Operation } from '../../src/store/operation';
import type { RecordingDatabase } from './recording-database';
import type { RefreshTarget } from './exactly-once-world';

/** Facts that record when something happened: they move with virtual time, not with what was done. */
const TIMED_FACTS = ['masterPasswordChangedAt', 'swappedAt'] as const;

/** Everything a refresh did to the world, in a form two runs can be compared by. */
export interface RefreshEffects {
  status: Operation['status'] | 'missing';
  facts: Record<string, unknown>;
  /** Successful mutating RDS calls, `operation resource` → how many times. */
  rdsWrites: Record<string, number>;
  /** Committed post-restore scripts, by name → how many times. */
  scripts: Record<string, number>;
  /** How many times the configured roles were applied (idempotent; a repeat changes nothing). */
  roleApplications: number;
  /** The notification ids published, in order (one per message). */
  notifications: string[];
  lockHeld: boolean;
  claimLeft: boolean;
  /** What exists in the simulated Aurora afterwards. */
  /** The copy is `kept`, or `deleted` (gone, or being deleted: RDS takes a minute). */
  resources: { cluster: string; instances: string[]; copy: 'kept' | 'deleted' | 'none' };
}

function count(lines: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) counts[line] = (counts[line] ?? 0) + 1;
  return counts;
}

/** The operation of a target's refresh (the newest on it), read as DynamoDB holds it. */
export async function operationOn(runtime: LocalRuntime, target: string): Promise<Operation | undefined> {
  const [newest] = await runtime.store.listByTarget(target, 1);
  return newest === undefined ? undefined : runtime.store.get(newest.operationId);
}

/** What the refresh of `names` did, from the simulator's call log, the recording database, the notifier and the store. */
export async function refreshEffects(runtime: LocalRuntime, database: RecordingDatabase, names: RefreshTarget): Promise<RefreshEffects> {
  const operation = await operationOn(runtime, names.target);
  const copyId = operation?.facts.copySnapshotId;
  // The target, its instances (`staging-1-2`), its copies (`aurora-restore-staging-1-…`) and ARNs; not `staging-17`.
  const t = names.target;
  const mine = (resource: string): boolean => resource === t || resource.startsWith(`${t}-`) || resource.includes(`-${t}-`) || resource.endsWith(`:${t}`) || resource.includes(`:${t}-`);
  const writes = runtime.simulation
    .writeCalls()
    .filter((call) => call.result === 'ok' && mine(call.resource))
    .map((call) => `${call.operation} ${call.resource}`);
  const host = typeof operation?.facts.writerEndpoint === 'string' ? operation.facts.writerEndpoint : '';
  // A swap set the database up under the `-next` cluster's endpoint, renamed into the target's since.
  const built = operation === undefined ? undefined : `${buildClusterId(operation)}.`;
  const changes = database.changesWhere((cluster) => cluster === host || (built !== undefined && cluster.startsWith(built)));
  const facts: Record<string, unknown> = { ...(operation?.facts ?? {}) };
  for (const key of TIMED_FACTS) delete facts[key];
  return {
    status: operation?.status ?? 'missing',
    facts,
    rdsWrites: count(writes),
    scripts: count(changes.filter((line) => line.startsWith('script ')).map((line) => line.slice('script '.length))),
    roleApplications: changes.filter((line) => line.startsWith('apply-roles ')).length,
    notifications: runtime.notifier.published.filter((n) => n.attributes.target === names.target).map((n) => n.attributes.notificationId ?? '(no id)'),
    lockHeld: (await runtime.store.getLock(names.target)) !== undefined,
    claimLeft: operation?.claim !== undefined,
    resources: {
      cluster: runtime.simulation.peekCluster(names.target)?.status ?? 'absent',
      instances: names.instances.map((id) => runtime.simulation.peekInstance(id)?.status ?? 'absent'),
      copy: copyId === undefined ? 'none' : ['deleting', undefined].includes(runtime.simulation.peekSnapshot(copyId)?.status) ? 'deleted' : 'kept',
    },
  };
}
