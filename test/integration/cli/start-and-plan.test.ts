import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newOperationId } from '../../../src/engine/identity';
import type { LocalRuntime } from '../../../src/local/local-runtime';
import { seedRefreshScenario } from '../../../src/simulation/refresh-scenario';
import { stagingRequest, startPipeline } from '../rds-pipeline/support/pipeline';
import { emptyDirectory, localAwsEnvironment, runAuroraRestore } from './support/cli-process';
import { startLambdaEndpoint, type LambdaEndpoint } from './support/lambda-endpoint';

/**
 * start and plan invoke the dispatcher asynchronously. The stand-in for the Lambda API records the
 * Invoke input and, as Lambda would, runs the event after answering 202: the real handler over
 * dynalite and the simulated Aurora, driven to its end in virtual time.
 */
let runtime: LocalRuntime;
let lambda: LambdaEndpoint;
let env: Record<string, string>;
let cwd: string;

beforeAll(async () => {
  ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging' } }, { tableName: `cli-start-${Date.now()}` }));
  lambda = await startLambdaEndpoint({ event: (payload) => runtime.drive(payload) });
  env = localAwsEnvironment({ dynamodb: runtime.dynamoDb.endpoint, lambda: lambda.endpoint });
  cwd = emptyDirectory();
  writeFileSync(join(cwd, 'staging.json'), JSON.stringify(stagingRequest({ requestedBy: 'jane.doe@example.com' })));
  // A second target that lacks the managed tag: the safety rules refuse to replace it, even in a dry run.
  seedRefreshScenario(runtime.simulation, { sourceClusterId: 'prod2', sizeGb: 100, target: { clusterId: 'unmanaged', managed: false } }, runtime.clock.now());
  writeFileSync(join(cwd, 'unmanaged.json'), JSON.stringify({ source: { clusterId: 'prod2' }, target: { clusterId: 'unmanaged', instances: [{ id: 'unmanaged-1', instanceClass: 'db.r6g.large' }] } }));
  writeFileSync(join(cwd, 'invalid.json'), JSON.stringify({ source: { clusterId: 'prod' }, target: { clusterId: 'staging', instances: [] }, copy: { mode: 'sometimes' } }));
});
afterAll(async () => {
  await lambda.stop();
  await runtime.stop();
});
beforeEach(() => {
  lambda.invocations.length = 0;
});

const cli = (args: string[], stdin?: string) => runAuroraRestore([...args, '--table', runtime.dynamoDb.tableName], { env, cwd, ...(stdin !== undefined ? { stdin } : {}) });

/** The one Invoke the command sent, and the operation id the dispatcher derives from it. */
function sentStart() {
  expect(lambda.invocations).toHaveLength(1);
  const invocation = lambda.invocations[0] as { functionName: string; invocationType: string; payload: { step: string; request: { target: { clusterId: string } }; idempotencyKey: string } };
  return { ...invocation, operationId: newOperationId(new Date(), invocation.payload.request.target.clusterId.toLowerCase(), invocation.payload.idempotencyKey) };
}

describe('aurora-restore start', () => {
  it('sends the request asynchronously to the stage\'s dispatcher and prints the operation id it will have', async () => {
    // Act
    const { code, stdout, stderr } = await cli(['start', '--request', 'staging.json', '--stage', 'prod', '--dry-run']);

    // Assess
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const sent = sentStart();
    expect(sent).toMatchObject({
      functionName: 'aurora-restore-prod-dispatcher',
      invocationType: 'Event',
      payload: { step: 'start', request: { ...stagingRequest({ requestedBy: 'jane.doe@example.com' }), dryRun: true }, idempotencyKey: expect.stringMatching(/^cli-\d{8}T\d{9}Z-[0-9a-f]{8}$/) },
    });
    expect(stdout).toContain(`Started operation ${sent.operationId} on staging (dry run) through aurora-restore-prod-dispatcher.`);
    expect(stdout).toContain(`aurora-restore watch ${sent.operationId} --stage prod --table`);
    await lambda.settled();
    expect(await runtime.store.get(sent.operationId)).toMatchObject({ status: 'SUCCEEDED', idempotencyKey: sent.payload.idempotencyKey });
  }, 30_000);

  it('builds the request from flags, sends it to --function, and prints only JSON with --json', async () => {
    // Act
    const { code, stdout } = await cli(['start', '--target', 'Staging', '--source', 'prod', '--instance', 'staging-1=db.r6g.large', '--dry-run', '--requested-by', 'ops', '--function', 'my-dispatcher', '--json']);

    // Assess
    expect(code).toBe(0);
    const sent = sentStart();
    expect(sent.functionName).toBe('my-dispatcher');
    expect(sent.payload.request).toEqual({ source: { clusterId: 'prod' }, target: { clusterId: 'Staging', instances: [{ id: 'staging-1', instanceClass: 'db.r6g.large' }] }, dryRun: true, requestedBy: 'ops' });
    expect(JSON.parse(stdout)).toEqual({ operationId: sent.operationId, target: 'staging', dryRun: true, functionName: 'my-dispatcher', idempotencyKey: sent.payload.idempotencyKey });
    await lambda.settled();
  }, 30_000);

  it('reads the request from stdin with --request -, and --wait follows it to its end', async () => {
    // Act
    const { code, stdout } = await cli(['start', '--request', '-', '--wait', '--interval', '0.2'], JSON.stringify(stagingRequest({ dryRun: true })));

    // Assess
    expect(code).toBe(0);
    const sent = sentStart();
    expect(stdout).toContain(`Started operation ${sent.operationId}`);
    expect(stdout).toMatch(new RegExp(`Operation ${sent.operationId} {2}SUCCEEDED`));
    expect(stdout).toContain('delete-rds: would delete cluster staging');
  }, 30_000);

  it.each([
    [['--request', 'invalid.json'], ["request.target.instances: must configure at least one instance (a restore creates none), or leave instances out to rebuild the existing target's", 'request.copy.mode: Invalid option: expected one of "auto"|"always"|"never"'], 'fix: Fix these fields in invalid.json'],
    [['--target', 'staging', '--instance', 'staging-1=db.r6g.large'], ['request.source.clusterId: give source.clusterId (restore its newest snapshot) or source.snapshot (an id or ARN)  (set it with --source <cluster> or --snapshot <id or ARN>)'], 'fix: Fix the flags above'],
    [['--request', 'missing.json'], ['error: Cannot read the request missing.json'], 'fix: Give the path of a JSON file'],
    [['--request', 'staging.json', '--target', 'x'], ['error: --request and --target/--source/--snapshot/--instance were both given.'], 'fix: Give the whole request in the file'],
    [[], ['error: Nothing to start.'], 'fix: Give --request <file.json>'],
  ])('refuses start %j, naming each field and the fix, and sends nothing (exit 3)', async (args, problems, fix) => {
    // Act
    const { code, stdout, stderr } = await cli(['start', ...args]);

    // Assess
    expect(code).toBe(3);
    expect(stdout).toBe('');
    for (const problem of problems) expect(stderr).toContain(problem);
    expect(stderr).toContain(fix);
    expect(lambda.invocations).toEqual([]);
  }, 30_000);

  it('refuses a request that is not JSON', async () => {
    const { code, stderr } = await cli(['start', '--request', '-'], '{"source": ');
    expect(code).toBe(3);
    expect(stderr).toMatch(/error: The request on stdin is not valid JSON/);
    expect(lambda.invocations).toEqual([]);
  }, 30_000);
});

describe('aurora-restore plan', () => {
  it('runs the dry run and prints the plan once it is done', async () => {
    // Act
    const { code, stdout } = await cli(['plan', '--request', 'staging.json', '--interval', '0.2']);

    // Assess
    expect(code).toBe(0);
    const sent = sentStart();
    expect(sent.payload.request).toMatchObject({ dryRun: true });
    expect(stdout).toContain(`Planning: dry run ${sent.operationId} on staging`);
    expect(stdout).toMatch(/Plan\n {2}- preflight: every check passed.*\n {2}- snapshot-check: would use snapshot .* of cluster prod/);
    expect(stdout).toContain('  - delete-rds: would delete cluster staging');
    expect(stdout).toContain('  - restore-snapshot: would restore cluster staging');
  }, 30_000);

  it('prints only the plan as JSON with --json', async () => {
    const { code, stdout } = await cli(['plan', '--request', 'staging.json', '--interval', '0.2', '--json']);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as { operationId: string; status: string; plan: string[] };
    expect(answer).toMatchObject({ operationId: sentStart().operationId, status: 'SUCCEEDED' });
    expect(answer.plan).toEqual(expect.arrayContaining([expect.stringMatching(/^delete-rds: would delete cluster staging/)]));
  }, 30_000);

  it('exits 1 with the error and the next command when the dry run is refused', async () => {
    // Act: a target that does not carry the managed tag fails the dry run at preflight, before any copy.
    const { code, stdout } = await cli(['plan', '--request', 'unmanaged.json', '--interval', '0.2']);

    // Assess
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAILED {2}at preflight/);
    expect(stdout).toMatch(/error +PreflightFailedError at preflight: .*target.clusterId: .*managed/);
    expect(stdout).toContain(`aurora-restore resume ${sentStart().operationId}`);
  }, 30_000);
});
