import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { InMemoryMetrics } from '../../src/observability/in-memory-metrics';
import { createDispatcher } from '../../src/engine/dispatcher';
import type { EngineConfig } from '../../src/engine/engine-config';
import type { StepRegistry, Step } from '../../src/engine/step';
import { DEFAULT_WAIT } from '../../src/engine/wait-policy';
import { NotImplementedError } from '../../src/errors';
import { createHandler } from '../../src/handler';
import { LocalScheduler } from '../../src/local/local-scheduler';
import type { LocalDynamoDb } from '../../src/local/local-dynamodb';
import { VirtualClock } from '../../src/local/virtual-clock';
import { createLogger } from '../../src/observability/logger';
import type { Ports } from '../../src/ports';
import type { Notification } from '../../src/ports/notifier';
import { STEPS } from '../../src/constants';
import { DynamoDbOperationStore } from '../../src/store/dynamodb/dynamodb-operation-store';

/** A port nobody should call in this test: calling it fails loudly. */
function unused<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_t, property) => {
      if (property === 'then') return undefined;
      return () => Promise.reject(new Error(`${name}.${String(property)} must not be called in this test`));
    },
  });
}

/** Builds a registry where only the given steps exist; every other step fails as not implemented. */
export function registryOf(steps: Partial<Record<(typeof STEPS)[number], Step>>): StepRegistry {
  return Object.fromEntries(STEPS.map((name) => [name, steps[name] ?? (async () => ({ type: 'fail', error: new NotImplementedError(name) }))])) as StepRegistry;
}

export const TEST_ENGINE_CONFIG: EngineConfig = {
  safetyMarginMs: 120_000,
  maxInlineSteps: 20,
  invocationBudgetMs: 300_000,
  operationTtlDays: 30,
  defaultTopicArn: 'arn:aws:sns:eu-west-1:123456789012:aurora-restore',
  waitDefaults: { ...DEFAULT_WAIT, strategy: 'backoff' },
};

/** The dispatcher over a real store (dynalite), the local scheduler, a virtual clock and recording fakes. */
export function engineHarness(db: LocalDynamoDb, steps: StepRegistry, config: Partial<EngineConfig> = {}, overrides: Partial<Ports> = {}) {
  const clock = new VirtualClock(new Date('2026-11-25T03:00:00Z'));
  const scheduler = new LocalScheduler(clock);
  const store = new DynamoDbOperationStore({ tableName: db.tableName, client: db.documentClient });
  const notifications: Notification[] = [];
  const logLines: string[] = [];
  const metrics = new InMemoryMetrics();
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line), clock: () => clock.now() });
  const ports: Ports = {
    store,
    scheduler,
    rds: unused('rds'),
    secrets: unused('secrets'),
    database: unused('database'),
    scripts: unused('scripts'),
    notifier: { publish: async (n) => (notifications.push(n), `msg-${notifications.length}`) },
    metrics,
    clock,
    logger,
    ...overrides,
  };
  const dispatcher = createDispatcher({ ports, config: { ...TEST_ENGINE_CONFIG, ...config }, steps });
  const handler = createHandler(() => ({ dispatcher, ports, logger }));
  const countItems = async (): Promise<number> => (await db.documentClient.send(new ScanCommand({ TableName: db.tableName }))).Count ?? 0;
  return { clock, scheduler, store, notifications, logLines, metrics, ports, dispatcher, handler, countItems };
}
