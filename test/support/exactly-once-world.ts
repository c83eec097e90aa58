import type { RestoredSettings } from '../../src/simulation/resource-records';
import { randomBytes } from 'node:crypto';
import { createLocalRuntime, type LocalRuntime } from '../../src/local/local-runtime';
import type { Ports } from '../../src/ports';
import type { RefreshRequestInput } from '../../src/request/schema';
import { seedRefreshScenario } from '../../src/simulation/refresh-scenario';
import type { SimulationQuotas, SimulationTimings } from '../../src/simulation/simulation-config';
import { countingStore, type StoreWrite } from './counting-store';
import type { CrashSwitch } from './crash-injection';
import { RecordingDatabase } from './recording-database';

/** Secret ids of a world; every target's request names the same ones. */
const SECRET_IDS = { master: 'staging/master', analyst: 'staging/analyst', app: 'staging/app' } as const;
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:db-refresh';
export const MASK_SCRIPT = 'mask-customers.sql';
const MASTER_USER = 'app_owner';

/** The names of one refresh: a source with snapshots, and a managed target with its instances. */
export interface RefreshTarget {
  source: string;
  target: string;
  instances: string[];
}

/** A local runtime (dynalite, simulated Aurora, virtual clock) with a recording database and planted secrets. */
export interface ExactlyOnceWorld {
  runtime: LocalRuntime;
  database: RecordingDatabase;
  /** Every secret value the world planted, by label: none may appear in any output. */
  secrets: { master: string; analyst: string; app: string };
  /** Seeds the source and the target (with `instances` instances, default one) of refresh number `n`. */
  /** Seeds refresh `n`: its source, and a target with `instances` instances and `settings` to carry over. */
  seedTarget(n: number, instances?: number, settings?: RestoredSettings): RefreshTarget;
  /** The start event of a whole refresh of `names`: copy, delete, restore, users, masking, archive, notification; `overrides` change the request (e.g. a swap). */
  startEvent(names: RefreshTarget, overrides?: Partial<RefreshRequestInput>): { step: 'start'; request: RefreshRequestInput; idempotencyKey: string };
  stop(): Promise<void>;
}

function distinctive(label: string): string {
  return `${label}-${randomBytes(24).toString('base64url')}`;
}

/** What may differ between worlds. */
export interface ExactlyOnceWorldOptions {
  crash?: CrashSwitch;
  /** Every store write, recorded. */
  storeWrites?: StoreWrite[];
  /** The simulator's timings (e.g. `spread: 0`, so every refresh takes exactly as long). */
  timings?: Partial<SimulationTimings>;
  /** The account's RDS quotas (e.g. raised, for many refreshes at once). */
  quotas?: Partial<SimulationQuotas>;
  logLevel?: 'debug' | 'info' | 'warn';
}

/**
 * Builds a world: the local runtime over dynalite, the simulated Aurora on a virtual clock and a
 * recording database, with the role and master passwords planted in its secrets. With a crash
 * switch, every port the engine and the steps use goes through it.
 */
export async function startExactlyOnceWorld(options: ExactlyOnceWorldOptions = {}): Promise<ExactlyOnceWorld> {
  const secrets = { master: distinctive('master'), analyst: distinctive('analyst'), app: distinctive('app') };
  const database = new RecordingDatabase({ [MASK_SCRIPT]: "UPDATE shop.customers SET email = 'customer-' || id || '@example.invalid';\n" });
  let runtime: LocalRuntime | undefined;
  const crash = options.crash;
  // The runtime makes its store, scheduler, notifier, simulator and secrets itself: the switch
  // resolves them once it exists (no port is called before).
  const made = (): LocalRuntime => runtime as LocalRuntime;
  const writes = options.storeWrites;
  const ports: Partial<Omit<Ports, 'clock' | 'logger'>> =
    crash === undefined
      ? { database, scripts: database, ...(writes !== undefined ? { store: countingStore(() => made().store, writes) } : {}) }
      : {
          database: crash.wrap('database', () => database),
          scripts: crash.wrap('scripts', () => database),
          store: crash.wrap('store', () => made().store),
          scheduler: crash.wrap('scheduler', () => made().scheduler),
          notifier: crash.wrap('notifier', () => made().notifier),
          rds: crash.wrap('rds', () => made().simulation),
          kms: crash.wrap('kms', () => made().simulation),
          secrets: crash.wrap('secrets', () => made().secrets),
        };
  runtime = await createLocalRuntime({
    start: new Date('2026-11-25T01:00:00Z'),
    logLevel: options.logLevel ?? 'info',
    secrets: {
      [SECRET_IDS.master]: JSON.stringify({ username: MASTER_USER, password: secrets.master }),
      [SECRET_IDS.analyst]: secrets.analyst,
      [SECRET_IDS.app]: JSON.stringify({ pw: secrets.app }),
    },
    simulation: { seed: 5, ...(options.timings !== undefined ? { timings: options.timings } : {}), ...(options.quotas !== undefined ? { quotas: options.quotas } : {}) },
    ports,
  });
  const world = runtime;
  return {
    runtime: world,
    database,
    secrets,
    seedTarget(n, instances = 1, settings) {
      const names = { source: `prod-${n}`, target: `staging-${n}`, instances: Array.from({ length: instances }, (_, index) => `staging-${n}-${index + 1}`) };
      seedRefreshScenario(
        world.simulation,
        { sourceClusterId: names.source, sourceClusterExists: true, sizeGb: 20, encrypted: true, masterUsername: MASTER_USER, target: { clusterId: names.target, managed: true, instanceIds: names.instances, ...(settings !== undefined ? { settings } : {}) } },
        world.clock.now(),
      );
      return names;
    },
    startEvent(names, overrides = {}) {
      return {
        step: 'start',
        idempotencyKey: `nightly-${names.target}`,
        request: {
          requestedBy: 'exactly-once evidence',
          source: { clusterId: names.source, maxAgeHours: 26 },
          target: { clusterId: names.target, instances: names.instances.map((id) => ({ id, instanceClass: 'db.r6g.large' })) },
          copy: { mode: 'auto', kmsKeyId: 'alias/staging-data' },
          users: {
            masterPassword: { secret: SECRET_IDS.master },
            database: 'shop',
            tls: 'disable',
            roles: [
              { name: 'analyst', passwordSecret: SECRET_IDS.analyst, grants: [{ preset: 'readonly', schemas: ['shop'] }] },
              { name: 'app', passwordSecret: SECRET_IDS.app, passwordSecretKey: 'pw', grants: [{ preset: 'readwrite', schemas: ['shop'] }] },
            ],
            dropRoles: ['prod_reporting'],
            postRestoreSql: [{ file: MASK_SCRIPT }],
          },
          archive: { mode: 'delete' },
          waiting: { strategy: 'progress' },
          notification: { topicArn: TOPIC_ARN },
          ...overrides,
        },
      };
    },
    stop: () => world.stop(),
  };
}
