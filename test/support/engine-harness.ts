import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { InMemoryMetrics } from '../../src/observability/in-memory-metrics';
import type { EngineConfig } from '../../src/engine/engine-config';
import type { StepRegistry, Step } from '../../src/engine/step';
import { DEFAULT_WAIT } from '../../src/engine/wait-policy';
import { advance } from '../../src/engine/outcome';
import { StepFailedError } from '../../src/errors';
import { createHandler } from '../../src/handler';
import { LocalScheduler } from '../../src/local/local-scheduler';
import type { LocalDynamoDb } from '../../src/local/local-dynamodb';
import { VirtualClock } from '../../src/local/virtual-clock';
import { createLogger } from '../../src/observability/logger';
import type { Ports } from '../../src/ports';
import { DEFAULT_DEPLOYMENT_SAFETY } from '../../src/request/deployment-safety';
import type { Notification } from '../../src/ports/notifier';
import { STEPS, type StepName } from '../../src/constants';
import { stepRegistry } from '../../src/steps/registry';
import { failsIfCalled } from './fails-if-called';
import { assembleRuntime } from '../../src/runtime';
import { DynamoDbOperationStore } from '../../src/store/dynamodb/dynamodb-operation-store';
import { InMemoryOperationStore } from '../../src/store/in-memory-operation-store';

/** A registry where only the given steps behave; every other step fails, naming itself. Codes and event wake-ups are the real pipeline's. */
export function registryOf(steps: Partial<Record<StepName, Step>>): StepRegistry {
  const notInThisTest = (name: StepName): Step => async () => {
    throw new StepFailedError(`step ${name} is not part of this test`);
  };
  // Preflight is the first step of every operation: when a test is not about it, it lets the rest begin.
  const passThrough: Partial<Record<StepName, Step>> = { preflight: async () => advance('snapshot-check') };
  return Object.fromEntries(STEPS.map((name) => [name, { ...stepRegistry[name], run: steps[name] ?? passThrough[name] ?? notInThisTest(name) }])) as unknown as StepRegistry;
}

export const TEST_ENGINE_CONFIG: EngineConfig = {
  safetyMarginMs: 120_000,
  maxInlineSteps: 20,
  invocationBudgetMs: 300_000,
  operationTtlDays: 30,
  defaultTopicArn: 'arn:aws:sns:eu-west-1:123456789012:aurora-restore',
  waitDefaults: { ...DEFAULT_WAIT, strategy: 'backoff' },
  safety: DEFAULT_DEPLOYMENT_SAFETY,
};

/**
 * The dispatcher over a store — DynamoDB on dynalite, or in memory when `db` is undefined (the fast
 * engine tests) —, the local scheduler, a virtual clock and recording fakes.
 */
export function engineHarness(db: LocalDynamoDb | undefined, steps: StepRegistry, config: Partial<EngineConfig> = {}, overrides: Partial<Ports> = {}) {
  const clock = new VirtualClock(new Date('2026-11-25T03:00:00Z'));
  const scheduler = new LocalScheduler(clock);
  const store = db !== undefined ? new DynamoDbOperationStore({ tableName: db.tableName, client: db.documentClient }) : new InMemoryOperationStore();
  const notifications: Notification[] = [];
  const logLines: string[] = [];
  const metrics = new InMemoryMetrics();
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line), clock: () => clock.now() });
  const ports: Ports = {
    store,
    scheduler,
    rds: failsIfCalled('rds'),
    kms: failsIfCalled('kms'),
    secrets: failsIfCalled('secrets'),
    database: failsIfCalled('database'),
    scripts: failsIfCalled('scripts'),
    notifier: { publish: async (n) => (notifications.push(n), `msg-${notifications.length}`) },
    metrics,
    clock,
    logger,
    ...overrides,
  };
  const runtime = assembleRuntime({ ports, logger, config: { ...TEST_ENGINE_CONFIG, ...config }, steps });
  const { dispatcher } = runtime;
  const handler = createHandler(() => runtime);
  const countItems = async (): Promise<number> => {
    if (db === undefined) throw new Error('countItems needs the DynamoDB store');
    return (await db.documentClient.send(new ScanCommand({ TableName: db.tableName }))).Count ?? 0;
  };
  return { clock, scheduler, store, notifications, logLines, metrics, ports, dispatcher, handler, countItems };
}
