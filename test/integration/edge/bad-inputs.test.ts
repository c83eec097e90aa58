import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError } from '../../../src/errors';
import { parseEvent } from '../../../src/events/parse-event';
import type { DispatchResult } from '../../../src/engine/dispatch-result';
import type { LocalRuntime } from '../../../src/local/local-runtime';
import { DEFAULT_DEPLOYMENT_SAFETY } from '../../../src/request/deployment-safety';
import { MAX_REQUEST_BYTES } from '../../../src/request/limits';
import type { RefreshScenario } from '../../../src/simulation/refresh-scenario';
import { lambdaContext } from '../../support/factories';
import { requestOfBytes } from '../../support/sized-request';
import { PROD_ACCOUNT, startPipeline } from '../rds-pipeline/support/pipeline';
import { BAD_INPUTS, baseRequest, startWith, withField, type BadInputCase } from './bad-inputs';

/** A shared snapshot of prod: the running refresh is copying it, so the store holds an operation and a lock. */
const SCENARIO: RefreshScenario = { sourceClusterId: 'prod', sourceAccountId: PROD_ACCOUNT, sizeGb: 500, kmsKeyId: 'alias/prod', target: { clusterId: 'staging' } };

/** Everything a bad event could change: every item of the table, every RDS call, schedule and notification. */
async function worldOf(runtime: LocalRuntime) {
  const scan = await runtime.dynamoDb.documentClient.send(new ScanCommand({ TableName: runtime.dynamoDb.tableName, ConsistentRead: true }));
  const items = [...(scan.Items ?? [])].sort((a, b) => String(a.pk).localeCompare(String(b.pk)));
  return {
    items,
    rdsCalls: runtime.simulation.calls.length,
    rdsWrites: runtime.simulation.writeCalls().length,
    schedulesCreated: runtime.scheduler.created.length,
    schedulesCancelled: runtime.scheduler.cancelled.length,
    pendingSchedules: runtime.scheduler.pending,
    notifications: runtime.notifier.published.length,
  };
}

/** Runs the handler, returning what it answered or what it threw. */
async function invoke(runtime: LocalRuntime, event: unknown): Promise<{ result?: DispatchResult; error?: unknown }> {
  try {
    return { result: await runtime.handler(event, lambdaContext()) };
  } catch (error) {
    return { error };
  }
}

/** The issue lines the handler gave: the error's issues, or the ignored event's reason. */
function issueLines(outcome: { result?: DispatchResult; error?: unknown }): string[] {
  if (outcome.error instanceof InvalidInputError) return [...outcome.error.issues];
  // RDS cases each spoil one field: the reason holds one issue (whose message may itself hold "; ").
  if (outcome.result?.result === 'ignored') return [outcome.result.reason.replace(/^malformed RDS event ignored: /, '')];
  return [];
}

/** True when a line is `<field or a path under it>: <what is expected>`. */
function namesField(line: string, field: string, expected: RegExp): boolean {
  const separator = line.indexOf(': ');
  const path = line.slice(0, separator);
  return (path === field || path.startsWith(`${field}.`)) && expected.test(line.slice(separator + 2));
}

describe('the edge: the bad-input corpus through the real handler', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    ({ runtime } = await startPipeline(SCENARIO));
    // A refresh in progress (copying): the store holds its operation and the target's lock.
    const started = await runtime.handler(
      { step: 'start', request: { source: { clusterId: 'prod', accountId: PROD_ACCOUNT, snapshotTypes: ['shared'] }, target: { clusterId: 'staging', instances: [{ id: 'staging-1', instanceClass: 'db.r6g.large' }] }, copy: { kmsKeyId: 'alias/staging' } } },
      lambdaContext(),
    );
    expect(started).toMatchObject({ result: 'ran', operation: { status: 'RUNNING', step: 'check-copy-status' } });
  });
  afterAll(async () => {
    await runtime.stop();
  });

  it('holds at least 80 cases, covering every event kind', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(BAD_INPUTS.map((badInput) => badInput.name)).size).toBe(BAD_INPUTS.length);
  });

  it('starts from a valid request: the corpus spoils one field at a time', () => {
    expect(parseEvent({ step: 'start', request: baseRequest() }).kind).toBe('start');
  });

  it.each(BAD_INPUTS.map((badInput) => [badInput.name, badInput] as [string, BadInputCase]))('%s: refused naming the field, nothing changed', async (_name, badInput) => {
    // Prepare
    const before = await worldOf(runtime);
    const logLinesBefore = runtime.logLines.length;

    // Act
    const outcome = await invoke(runtime, badInput.event);

    // Assess: the answer
    if ((badInput.outcome ?? 'refused') === 'refused') {
      expect(outcome.error).toBeInstanceOf(InvalidInputError);
      expect((outcome.error as Error).message.length).toBeLessThan(8000);
    } else {
      expect(outcome.error).toBeUndefined();
      expect(outcome.result).toEqual({ result: 'ignored', reason: expect.stringMatching(/^malformed RDS event ignored: /) });
      expect(runtime.logLines.slice(logLinesBefore).some((line) => line.includes('"event ignored"'))).toBe(true);
    }
    const lines = issueLines(outcome);
    expect({ lines, namesField: lines.some((line) => namesField(line, badInput.field, badInput.expected)) }).toEqual({ lines, namesField: true });
    // Assess: nothing changed
    expect(await worldOf(runtime)).toEqual(before);
  });
});

describe('the edge: good requests at every limit are accepted', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 100 }));
  });
  afterAll(async () => {
    await runtime.stop();
  });

  const long = (length: number, text = 'a') => text.repeat(length);
  const names = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  /** Each accepted start targets its own cluster, so no two contend for a lock. */
  let targets = 0;
  const dryRun = (event: unknown): unknown => {
    targets += 1;
    const withTarget = withField(event, 'request.dryRun', true) as { request: { target: { clusterId: string } } };
    if (withTarget.request.target.clusterId === 'staging') withTarget.request.target.clusterId = `edge-${targets}`;
    return withTarget;
  };

  it.each<[string, unknown]>([
    ['a 63-character target and 16 instances of 63 characters', startWith('target', { ...(baseRequest().target as object), clusterId: `t${long(62, 'x')}`, instances: names(16, '').map((i) => ({ id: `i${i.padStart(2, '0')}${long(60, 'y')}`, instanceClass: 'db.r6g.large' })) })],
    ['255-character subnet and parameter groups', startWith('target', { ...(baseRequest().target as object), subnetGroup: long(255, 's'), clusterParameterGroup: `p${long(254, '.')}`, instances: [{ id: 'i1', instanceClass: 'db.x2iedn.32xlarge', parameterGroup: long(255, 'q'), availabilityZone: 'us-west-2-lax-1a', promotionTier: 15, performanceInsights: { enabled: true, retentionDays: 731 } }] })],
    ['five security groups', startWith('target.securityGroupIds', names(5, 'sg-0123456789abcdef'))],
    ['47 tags of 128-character keys and 256-character values', startWith('target', { ...(baseRequest().target as object), instances: [{ id: 'i1', instanceClass: 'db.r6g.large' }], tags: Object.fromEntries(names(47, '').map((i) => [`${i.padStart(2, '0')}${long(126, 'k')}`, long(256, 'v')])) })],
    ['Serverless v2 from 0 to 256 ACU', startWith('target', { ...(baseRequest().target as object), instances: [{ id: 'i1', instanceClass: 'db.serverless' }], serverlessV2Scaling: { minCapacity: 0, maxCapacity: 256 } })],
    ['the lowest port', startWith('target.port', 1150)],
    ['the highest port', startWith('target.port', 65_535)],
    ['a 250-character KMS alias', startWith('copy.kmsKeyId', `alias/${long(250, 'k')}`)],
    ['a 512-character secret name and 256-character JSON key', startWith('users.masterPassword', { secret: long(512, 's'), secretKey: long(256, 'k') })],
    ['a 256-character topic name', startWith('notification.topicArn', `arn:aws:sns:us-east-1:111111111111:${long(256, 't')}`)],
    ['an S3 script key of 1024 bytes', startWith('users.postRestoreSql', [{ s3Uri: `s3://${long(63, 'b')}/${long(1020, 'k')}.sql` }])],
    ['63-byte role, database, schema and member names', startWith('users', { ...(baseRequest().users as object), database: long(63, 'd'), roles: [{ name: `${long(31, 'é')}r`, passwordSecret: 'staging/app', grants: [{ preset: 'owner', database: long(63, 'g'), schemas: [long(63, 's')] }], memberOf: [long(63, 'm')], connectionLimit: 10_000 }], dropRoles: [long(63, 'x')] })],
    ['50 roles (one with 20 grants of 50 schemas), 100 roles to drop, 50 scripts', startWith('users', { ...(baseRequest().users as object), roles: names(50, 'app').map((name, i) => ({ name, passwordSecret: `staging/${name}`, grants: i === 0 ? names(20, '').map(() => ({ preset: 'readonly', schemas: names(50, 's') })) : [] })), dropRoles: names(100, 'prod'), postRestoreSql: names(50, 'mask').map((name) => ({ file: `masking/${name}.sql` })) })],
    ['the widest waiting', startWith('waiting', { strategy: 'backoff', initialDelaySeconds: 86_400, multiplier: 10, maxDelaySeconds: 86_400, minDelaySeconds: 60, maxChecks: 10_000, deadlineBaseHours: 336, deadlineHoursPerTb: 48 })],
    ['the narrowest waiting and the oldest snapshot', withField(startWith('waiting', { initialDelaySeconds: 60, maxDelaySeconds: 60, minDelaySeconds: 60, multiplier: 1, maxChecks: 1, deadlineBaseHours: 1, deadlineHoursPerTb: 0 }), 'request.source.maxAgeHours', 9600)],
    ['keeping the last 50, a 200-character requestedBy, a 128-character idempotency key', withField(withField(startWith('archive', { mode: 'keep-last', keepLast: 50 }), 'request.requestedBy', long(200, 'r')), 'idempotencyKey', long(128, 'k'))],
    [`a request of exactly ${MAX_REQUEST_BYTES} bytes`, { step: 'start', request: requestOfBytes(MAX_REQUEST_BYTES, { dryRun: true }) }],
  ])('%s', async (_case, event) => {
    // Prepare: exactly at the bound, the serialised request is what a caller would send.
    const sent = dryRun(event);

    // Act
    const outcome = await invoke(runtime, sent);

    // Assess: accepted at the edge (what happens next is the pipeline's business)
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toMatchObject({ result: 'ran', operation: { operationId: expect.any(String) } });
  });

  it('accepts safety.requireManagedTag: false where the deployment allows unmanaged targets', async () => {
    // Prepare
    const allowing = await startPipeline({ sourceClusterId: 'prod', sizeGb: 100 }, { engine: { safety: { ...DEFAULT_DEPLOYMENT_SAFETY, allowUnmanagedTargets: true } } });

    try {
      // Act
      const outcome = await invoke(allowing.runtime, dryRun(startWith('safety.requireManagedTag', false)));

      // Assess
      expect(outcome.error).toBeUndefined();
      expect(outcome.result).toMatchObject({ result: 'ran' });
    } finally {
      await allowing.runtime.stop();
    }
  });
});
