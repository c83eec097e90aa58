import type { StepName } from '../../src/constants';
import type { StepContext } from '../../src/engine/step';
import { DEFAULT_WAIT } from '../../src/engine/wait-policy';
import { createLogger } from '../../src/observability/logger';
import { InMemoryMetrics } from '../../src/observability/in-memory-metrics';
import type { Ports } from '../../src/ports';
import { DEFAULT_DEPLOYMENT_SAFETY } from '../../src/request/deployment-safety';
import type { RefreshRequestInput } from '../../src/request/schema';
import { InMemoryNotifier } from '../../src/simulation/in-memory-notifier';
import { InMemorySecrets } from '../../src/simulation/in-memory-secrets';
import type { Facts, Operation } from '../../src/store/operation';
import { request as parseRequest, requestInput } from './factories';
import { FakeRds } from './fake-rds';

/** A port nobody should call in this test: calling any method fails loudly. */
function unused<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => (property === 'then' ? undefined : () => Promise.reject(new Error(`${name}.${String(property)} must not be called in this test`))),
  });
}

export const OPERATION_ID = '20261125-030000-a1b2c3';
export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111111111111:aurora-restore';

/** What a step test builds its context from; every part has a default. */
export interface StepContextOptions {
  step: StepName;
  request?: Partial<RefreshRequestInput>;
  facts?: Partial<Facts>;
  operation?: Partial<Operation>;
  ports?: Partial<Ports>;
  now?: Date;
  defaultTopicArn?: string;
}

/** A step context over an operation at `step`, with in-memory ports, plus the collected log lines. */
export function stepContext(options: StepContextOptions): StepContext & { ports: Ports & { rds: FakeRds }; logLines: string[] } {
  const now = options.now ?? new Date('2026-11-26T05:00:00Z');
  const request = parseRequest(options.request ?? {});
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line), clock: () => now });
  const operation: Operation = {
    pk: OPERATION_ID,
    itemType: 'operation',
    operationId: OPERATION_ID,
    target: request.target.clusterId,
    createdAt: '2026-11-25T03:00:00.000Z',
    updatedAt: now.toISOString(),
    status: 'RUNNING',
    step: options.step,
    token: 'token',
    version: 7,
    request,
    facts: options.facts ?? {},
    stepRuns: { [options.step]: { attempts: 1, checks: 0, startedAt: now.toISOString() } },
    totalChecks: 0,
    ...options.operation,
  };
  const ports = {
    store: unused('store'),
    scheduler: unused('scheduler'),
    rds: new FakeRds(),
    secrets: new InMemorySecrets(),
    database: unused('database'),
    scripts: unused('scripts'),
    notifier: new InMemoryNotifier(),
    metrics: new InMemoryMetrics(),
    clock: { now: () => now },
    logger,
    ...options.ports,
  } as Ports & { rds: FakeRds };
  return {
    operation,
    request,
    ports,
    now,
    logger,
    config: {
      safetyMarginMs: 120_000,
      invocationBudgetMs: 300_000,
      maxInlineSteps: 20,
      operationTtlDays: 30,
      ...(options.defaultTopicArn !== undefined ? { defaultTopicArn: options.defaultTopicArn } : {}),
      waitDefaults: DEFAULT_WAIT,
      safety: DEFAULT_DEPLOYMENT_SAFETY,
    },
    logLines,
  };
}

export { requestInput };
