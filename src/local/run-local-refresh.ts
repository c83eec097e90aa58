import { join } from 'node:path';
import { Client } from 'pg';
import { detectionLags, type DetectionLag } from '../bench/detection-lag';
import type { StepName } from '../constants';
import { createPgDatabase } from '../database/create-pg-database';
import type { LogLevel } from '../observability/logger';
import { createScriptSource } from '../database/create-script-source';
import type { WaitStrategy } from '../engine/wait-policy';
import { StepFailedError } from '../errors';
import type { Step, StepRegistry } from '../engine/step';
import { seedRefreshScenario } from '../simulation/refresh-scenario';
import { stepRegistry } from '../steps/registry';
import type { Operation } from '../store/operation';
import type { RefreshStrategy } from '../request/schema';
import { DEMO, demoRequest, type DemoSource } from './demo/demo-request';
import type { InvocationRecord } from './drive-operation';
import { createLocalRuntime, type LocalRuntime } from './local-runtime';
import { startLocalPostgres, type LocalPostgres } from './local-postgres';

/** What `npm start` can change. */
export interface LocalRefreshOptions {
  sizeTb: number;
  strategy: WaitStrategy;
  /** Fail this step once, then resume the operation as a person would after fixing the cause. */
  failAt?: StepName;
  throttle: number;
  dryRun: boolean;
  /** Fraction of RDS events lost (they are best effort). */
  eventLoss: number;
  seed: number;
  /** Lines at or above this level are kept in `logLines`; warn by default. */
  logLevel?: LogLevel;
  /** Where the data comes from: a snapshot (copied), a clone, or a point-in-time restore of the source cluster. */
  source: DemoSource;
  /** How the new cluster takes the target's place (`--refresh`); the request names none when absent (the default: replace). */
  refresh?: RefreshStrategy;
}

/** Everything a run produced, for printing and for tests. */
export interface LocalRefreshResult {
  startedAt: Date;
  operation: Operation;
  records: InvocationRecord[];
  resumed: boolean;
  notifications: { subject: string; body: string }[];
  rdsWrites: number;
  eventsDelivered: number;
  eventsLost: number;
  /** How long after each copy, delete and restore really finished the operation noticed it. */
  lags: DetectionLag[];
  /** Every JSON log line of the run, each with its invocation's request id. */
  logLines: string[];
}

/** Wraps one step so that its first run fails, as an outage would, and later runs behave normally. */
function failOnce(steps: StepRegistry, failAt: StepName): StepRegistry {
  let failed = false;
  const original = steps[failAt];
  const failing: Step = async (context) => {
    if (!failed) {
      failed = true;
      throw new StepFailedError(`injected failure at ${failAt} (npm start --fail-at ${failAt})`);
    }
    return original.run(context);
  };
  return { ...steps, [failAt]: { ...original, run: failing } };
}

async function seedDemoDatabase(server: LocalPostgres): Promise<void> {
  const client = new Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS demo;
      CREATE TABLE IF NOT EXISTS demo.customers (id serial PRIMARY KEY, email text NOT NULL, phone text);
      INSERT INTO demo.customers (email, phone) VALUES ('ada@prod.example.com', '+44 20 7946 0001'), ('linus@prod.example.com', '+358 9 0002');`);
  } finally {
    await client.end();
  }
}

/** Changes the stand-in cluster's master password, as RDS would after ModifyDBCluster. */
async function applyMasterPassword(server: LocalPostgres, current: { password: string }, username: string, password: string): Promise<void> {
  const client = new Client({ host: server.host, port: server.port, user: server.user, password: current.password, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`ALTER ROLE ${client.escapeIdentifier(username)} PASSWORD ${client.escapeLiteral(password)}`);
    current.password = password;
  } finally {
    await client.end();
  }
}

/**
 * A whole refresh on the simulated Aurora, through the real handler, dispatcher, steps and DynamoDB
 * store (dynalite in-process), with a real PostgreSQL standing in for the restored cluster so that
 * setup-db-users runs real SQL. Virtual time: a 24-hour copy passes in a second. Everything started
 * here is stopped before it returns.
 */
export async function runLocalRefresh(options: LocalRefreshOptions, onInvocation: (line: { record: InvocationRecord; before?: Operation; after?: Operation; startedAt: Date }) => void): Promise<LocalRefreshResult> {
  const postgres = await startLocalPostgres();
  let runtime: LocalRuntime | undefined;
  try {
    await seedDemoDatabase(postgres);
    const current = { password: postgres.password };
    const secrets = {
      [DEMO.masterSecret]: JSON.stringify({ username: postgres.user, password: `Master-${options.seed}-${postgres.password.slice(0, 12)}` }),
      [DEMO.readonlySecret]: JSON.stringify({ username: 'analyst', password: `Analyst-${postgres.password.slice(4, 16)}` }),
      [DEMO.readwriteSecret]: JSON.stringify({ username: 'orders_app', password: `App-${postgres.password.slice(6, 18)}` }),
    };
    const steps = options.failAt !== undefined ? failOnce(stepRegistry, options.failAt) : stepRegistry;
    runtime = await createLocalRuntime({
      start: new Date('2026-11-25T01:00:00Z'),
      steps,
      secrets,
      logLevel: options.logLevel ?? 'warn',
      simulation: {
        seed: options.seed,
        faults: { throttleRate: options.throttle, eventLossRate: options.eventLoss, lostEvents: [], inaccessibleKmsKeys: [] },
        endpoints: () => ({ writer: postgres.host, reader: postgres.host, port: postgres.port }),
        credentials: { passwordChanged: (_cluster, username, password) => applyMasterPassword(postgres, current, username, password) },
      },
      // The database port logs through the runtime's logger: its lines carry the request id too.
      ports: ({ logger }) => ({
        database: createPgDatabase({ logger }),
        scripts: createScriptSource({ bundledDir: join(__dirname, 'demo'), region: 'us-east-1' }),
      }),
    });
    const startedAt = runtime.clock.now();
    seedRefreshScenario(
      runtime.simulation,
      {
        sourceClusterId: DEMO.source,
        sourceClusterExists: true,
        sizeGb: Math.round(options.sizeTb * 1024),
        encrypted: true,
        masterUsername: postgres.user,
        target: { clusterId: DEMO.target, managed: true, instanceIds: [...DEMO.instances] },
      },
      startedAt,
    );
    const store = runtime.store;
    let last: Operation | undefined;
    const report = async (record: InvocationRecord): Promise<void> => {
      const id = record.result?.result === 'ran' ? record.result.operation.operationId : last?.operationId;
      const after = id !== undefined ? await store.get(id) : undefined;
      onInvocation({ record, ...(last ? { before: last } : {}), ...(after ? { after } : {}), startedAt });
      last = after ?? last;
    };
    const request = demoRequest({ strategy: options.strategy, dryRun: options.dryRun, source: options.source, now: startedAt, ...(options.refresh !== undefined ? { refresh: options.refresh } : {}) });
    const first = await runtime.drive({ step: 'start', request }, { onInvocation: report });
    const records = [...first.records];
    let operation = first.operation;
    let resumed = false;
    if (operation?.status === 'FAILED' && options.failAt !== undefined) {
      resumed = true;
      const again = await runtime.drive({ command: 'resume', operationId: operation.operationId }, { onInvocation: report });
      records.push(...again.records);
      operation = again.operation ?? (await store.get(operation.operationId));
    }
    if (operation === undefined) throw new Error('the local refresh created no operation');
    return {
      startedAt,
      operation,
      records,
      resumed,
      notifications: runtime.notifier.published.map((n) => ({ subject: n.subject, body: n.body })),
      rdsWrites: runtime.simulation.writeCalls().length,
      eventsDelivered: runtime.simulation.deliveredEvents.length,
      eventsLost: runtime.simulation.lostEvents.length,
      lags: detectionLags(operation, runtime.simulation),
      logLines: [...runtime.logLines],
    };
  } finally {
    await runtime?.stop();
    await postgres.stop();
  }
}
