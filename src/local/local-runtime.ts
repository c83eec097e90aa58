import { InMemoryMetrics } from '../observability/in-memory-metrics';
import type { Dispatcher, DispatchResult } from '../engine/dispatcher';
import type { EngineConfig } from '../engine/engine-config';
import type { StepRegistry } from '../engine/step';
import { DEFAULT_WAIT } from '../engine/wait-policy';
import { ConfigurationError } from '../errors';
import { createHandler, type HandlerContext } from '../handler';
import { createLogger, type Logger, type LogLevel, type LogSink } from '../observability/logger';
import type { Ports } from '../ports';
import type { DatabasePort, ScriptSourcePort } from '../ports/database';
import { DEFAULT_DEPLOYMENT_SAFETY } from '../request/deployment-safety';
import { InMemoryNotifier } from '../simulation/in-memory-notifier';
import { InMemorySecrets } from '../simulation/in-memory-secrets';
import { SimulatedAurora, type SimulatedAuroraOptions } from '../simulation/simulated-aurora';
import type { MasterCredentialsSink } from '../simulation/simulation-config';
import { assembleRuntime } from '../runtime';
import type { Operation } from '../store/operation';
import { DynamoDbOperationStore } from '../store/dynamodb/dynamodb-operation-store';
import { driveOperation, type DriveOptions, type InvocationRecord } from './drive-operation';
import { startLocalDynamoDb, type LocalDynamoDb } from './local-dynamodb';
import { LocalScheduler } from './local-scheduler';
import { VirtualClock } from './virtual-clock';

/** Everything a local run may change; the defaults make a complete runtime on the simulated Aurora. */
export interface LocalRuntimeOptions {
  /** Virtual time at which the run starts. */
  start?: Date;
  /** Options of the simulated Aurora (its clock is the runtime's). */
  simulation?: Omit<SimulatedAuroraOptions, 'clock'>;
  /**
   * Replaces any port (e.g. `database` with one over a real PostgreSQL). Given as a function, it
   * receives the runtime's logger, so what those ports log carries each invocation's request id too.
   */
  ports?: Partial<Omit<Ports, 'clock' | 'logger'>> | ((shared: { logger: Logger }) => Partial<Omit<Ports, 'clock' | 'logger'>>);
  /** The step registry; the real one by default. */
  steps?: StepRegistry;
  engine?: Partial<Omit<EngineConfig, 'waitDefaults'>> & { waitDefaults?: Partial<EngineConfig['waitDefaults']> };
  /** Secrets the in-memory Secrets Manager starts with. */
  secrets?: Record<string, string>;
  logLevel?: LogLevel;
  /** Receives every log line as well (e.g. to print it). */
  logSink?: LogSink;
  tableName?: string;
}

/** What a drive returns: every invocation, and the operation as it ended. */
export interface DriveResult {
  records: InvocationRecord[];
  operation?: Operation;
}

/** A complete local runtime: the real handler, dispatcher, steps and store, over local stand-ins. */
export interface LocalRuntime {
  handler: (event: unknown, context: HandlerContext) => Promise<DispatchResult>;
  dispatcher: Dispatcher;
  ports: Ports;
  clock: VirtualClock;
  scheduler: LocalScheduler;
  simulation: SimulatedAurora;
  store: DynamoDbOperationStore;
  dynamoDb: LocalDynamoDb;
  notifier: InMemoryNotifier;
  metrics: InMemoryMetrics;
  secrets: InMemorySecrets;
  /** Every JSON log line written so far. */
  logLines: string[];
  /** Runs an operation from its first event to its end in virtual time. */
  drive(firstEvent: unknown, options?: Partial<Omit<DriveOptions, 'handler' | 'clock' | 'scheduler' | 'isFinished'>>): Promise<DriveResult>;
  /** Stops dynalite; nothing is left running. */
  stop(): Promise<void>;
}

/** The local topic notifications go to when the request names none. */
export const LOCAL_TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:aurora-restore-local';

/** A port that exists only to say, on first use, which option provides the real one. */
function unavailablePort<T extends object>(message: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      return async () => {
        throw new ConfigurationError(message);
      };
    },
  });
}

/** Writes the RDS-managed master secret where the secrets port finds it, then forwards to the caller's sink. */
function credentialsSink(secrets: InMemorySecrets, forward: MasterCredentialsSink | undefined): MasterCredentialsSink {
  return {
    passwordChanged: async (clusterId, username, password) => {
      await forward?.passwordChanged?.(clusterId, username, password);
    },
    managedSecretCreated: async (clusterId, secretArn, username, password) => {
      secrets.set(secretArn, JSON.stringify({ username, password }));
      await forward?.managedSecretCreated?.(clusterId, secretArn, username, password);
    },
  };
}

function operationIdOf(result: DispatchResult | undefined): string | undefined {
  if (result === undefined) return undefined;
  if (result.result === 'ran' || result.result === 'status') return result.operation.operationId;
  if (result.result === 'ignored') return result.operationId;
  return undefined;
}

/**
 * Builds a local runtime: DynamoDB served by dynalite, the real DynamoDB store, a local scheduler
 * and the simulated Aurora on one virtual clock, an in-memory notifier, metrics and secrets, and a
 * logger collecting JSON lines. The handler is the production `createHandler`, so a local run goes
 * through exactly the code that runs in Lambda. The database and script ports default to ports that
 * fail clearly when used; pass real ones in `options.ports`.
 */
export async function createLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const clock = new VirtualClock(options.start);
  const dynamoDb = await startLocalDynamoDb(options.tableName);
  const logLines: string[] = [];
  const logger = createLogger({
    level: options.logLevel ?? 'info',
    clock: () => clock.now(),
    sink: (line) => {
      logLines.push(line);
      options.logSink?.(line);
    },
  });
  const secrets = new InMemorySecrets(options.secrets);
  const simulation = new SimulatedAurora({
    ...options.simulation,
    clock,
    credentials: credentialsSink(secrets, options.simulation?.credentials),
  });
  const scheduler = new LocalScheduler(clock);
  const store = new DynamoDbOperationStore({ tableName: dynamoDb.tableName, client: dynamoDb.documentClient });
  const notifier = new InMemoryNotifier();
  const metrics = new InMemoryMetrics();
  const ports: Ports = {
    store,
    scheduler,
    rds: simulation,
    kms: simulation,
    secrets,
    database: unavailablePort<DatabasePort>('This local runtime has no database port: pass options.ports.database (setup-db-users reaches PostgreSQL through it).'),
    scripts: unavailablePort<ScriptSourcePort>('This local runtime has no script source: pass options.ports.scripts (setup-db-users reads post-restore SQL through it).'),
    notifier,
    metrics,
    ...(typeof options.ports === 'function' ? options.ports({ logger }) : options.ports),
    clock,
    logger,
  };
  const config: EngineConfig = {
    safetyMarginMs: 120_000,
    maxInlineSteps: 20,
    invocationBudgetMs: 300_000,
    operationTtlDays: 90,
    defaultTopicArn: LOCAL_TOPIC_ARN,
    safety: DEFAULT_DEPLOYMENT_SAFETY,
    ...options.engine,
    waitDefaults: { ...DEFAULT_WAIT, ...options.engine?.waitDefaults },
  };
  const runtime = assembleRuntime({ ports, logger, config, ...(options.steps !== undefined ? { steps: options.steps } : {}) });
  const { dispatcher } = runtime;
  const handler = createHandler(() => runtime);

  return {
    handler,
    dispatcher,
    ports,
    clock,
    scheduler,
    simulation,
    store,
    dynamoDb,
    notifier,
    metrics,
    secrets,
    logLines,
    async drive(firstEvent, driveOptions = {}) {
      let operationId: string | undefined;
      const records = await driveOperation(firstEvent, {
        events: simulation,
        ...driveOptions,
        handler,
        clock,
        scheduler,
        onInvocation: async (record) => {
          operationId ??= operationIdOf(record.result);
          await driveOptions.onInvocation?.(record);
        },
        isFinished: async () => {
          // A start that failed to create an operation has nothing left to drive.
          if (operationId === undefined) return true;
          const operation = await store.get(operationId);
          return operation === undefined || operation.status !== 'RUNNING';
        },
      });
      const operation = operationId === undefined ? undefined : await store.get(operationId);
      return { records, ...(operation !== undefined ? { operation } : {}) };
    },
    stop: () => dynamoDb.stop(),
  };
}
