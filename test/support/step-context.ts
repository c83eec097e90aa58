import type { StepName } from '../../src/constants';
import type { StepContext, StepPorts } from '../../src/engine/step';
import { failsIfCalled } from './fails-if-called';
import { createLogger } from '../../src/observability/logger';
import { DEFAULT_DEPLOYMENT_SAFETY } from '../../src/request/deployment-safety';
import type { RefreshRequestInput } from '../../src/request/schema';
import { InMemorySecrets } from '../../src/simulation/in-memory-secrets';
import type { Facts, Operation } from '../../src/store/operation';
import { request as parseRequest, requestInput } from './factories';
import { FakeRds } from './fake-rds';


export const OPERATION_ID = '20261125-030000-a1b2c3';
export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111111111111:aurora-restore';

/** What a step test builds its context from; every part has a default. */
export interface StepContextOptions {
  step: StepName;
  request?: Partial<RefreshRequestInput>;
  facts?: Partial<Facts>;
  operation?: Partial<Operation>;
  ports?: Partial<StepPorts>;
  now?: Date;
  defaultTopicArn?: string;
  /** Other RUNNING operations by source cluster key, as the engine's view answers. */
  runningFromSource?: Record<string, { operationId: string; target: string; step: StepName }[]>;
  /** Earlier operations of the target, newest first, as the engine's view answers. */
  recentOnTarget?: Operation[];
}

/** A step context over an operation at `step`, with in-memory ports, plus the collected log lines. */
export function stepContext(options: StepContextOptions): StepContext & { ports: StepPorts & { rds: FakeRds; secrets: InMemorySecrets }; logLines: string[] } {
  const now = options.now ?? new Date('2026-11-26T05:00:00Z');
  const request = parseRequest(options.request ?? {});
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line), clock: () => now });
  const operation: Operation = {
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
    rds: new FakeRds(),
    kms: failsIfCalled('kms'),
    secrets: new InMemorySecrets(),
    database: failsIfCalled('database'),
    scripts: failsIfCalled('scripts'),
    ...options.ports,
  } as StepPorts & { rds: FakeRds; secrets: InMemorySecrets };
  return {
    operation,
    request,
    ports,
    operations: { runningFromSource: async (key) => options.runningFromSource?.[key] ?? [], recentOnTarget: async (limit) => (options.recentOnTarget ?? []).slice(0, limit) },
    now,
    logger,
    config: { ...(options.defaultTopicArn !== undefined ? { defaultTopicArn: options.defaultTopicArn } : {}), safety: DEFAULT_DEPLOYMENT_SAFETY },
    logLines,
  };
}

export { requestInput };
