import type { LocalRuntime } from '../../../src/local/local-runtime';
import type { Operation } from '../../../src/store/operation';
import { lambdaContext } from '../../support/factories';
import { stagingRequest, startPipeline } from '../rds-pipeline/support/pipeline';
import { localAwsEnvironment, runAuroraRestore } from './support/cli-process';
import { startLambdaEndpoint, type LambdaEndpoint } from './support/lambda-endpoint';

/**
 * cancel and resume go to the dispatcher: here a local HTTP server standing in for the Lambda API
 * runs the real handler over the real DynamoDB store (dynalite) and the simulated Aurora, so the
 * store changes exactly as the deployed function would change it.
 */
let runtime: LocalRuntime;
let lambda: LambdaEndpoint;
let env: Record<string, string>;

beforeAll(async () => {
  ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging' } }, { tableName: `cli-control-${Date.now()}` }));
  lambda = await startLambdaEndpoint({ requestResponse: (payload) => runtime.handler(payload, lambdaContext()) });
  env = localAwsEnvironment({ dynamodb: runtime.dynamoDb.endpoint, lambda: lambda.endpoint });
});
afterAll(async () => {
  await lambda.stop();
  await runtime.stop();
});

/** A refresh started through the handler, left waiting at its first check. */
async function runningOperation(): Promise<Operation> {
  const result = await runtime.handler({ step: 'start', request: stagingRequest() }, lambdaContext());
  if (result.result !== 'ran') throw new Error(`start did not run: ${JSON.stringify(result)}`);
  const operation = await runtime.store.get(result.operation.operationId);
  if (operation?.status !== 'RUNNING') throw new Error(`expected a RUNNING operation, got ${operation?.status}`);
  return operation;
}

const cli = (...args: string[]) => runAuroraRestore([...args, '--table', runtime.dynamoDb.tableName, '--stage', 'qa'], { env });

describe('aurora-restore cancel and resume', () => {
  it('cancels a running operation through the dispatcher: CANCELLED, its schedule deleted, the target unlocked', async () => {
    // Prepare
    const operation = await runningOperation();
    expect(await runtime.store.getLock('staging')).toMatchObject({ holderOperationId: operation.operationId });
    lambda.invocations.length = 0;

    // Act
    const { code, stdout, stderr } = await cli('cancel', operation.operationId);

    // Assess
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(lambda.invocations).toEqual([{ functionName: 'aurora-restore-qa-dispatcher', invocationType: 'RequestResponse', payload: { command: 'cancel', operationId: operation.operationId } }]);
    expect(stdout).toContain(`Operation ${operation.operationId} cancelled: CANCELLED at ${operation.step}`);
    const after = await runtime.store.get(operation.operationId);
    // One write cancels; a second records the CANCELLED notification sent, so it is never sent twice.
    expect(after).toMatchObject({ status: 'CANCELLED', step: operation.step, version: operation.version + 2, notificationsSent: [{ id: expect.stringContaining('.cancelled.') }] });
    expect(runtime.notifier.published.map((n) => n.attributes.status)).toContain('CANCELLED');
    expect(runtime.scheduler.cancelled).toContain(operation.scheduleName);
    expect(await runtime.store.getLock('staging')).toBeUndefined();
  }, 30_000);

  it('answers a cancel delivered again with the cancelled operation, changing nothing more (exit 0)', async () => {
    // Prepare
    const operation = await runningOperation();
    await cli('cancel', operation.operationId);
    const cancelled = await runtime.store.get(operation.operationId);

    // Act
    const { code, stdout } = await cli('cancel', operation.operationId);

    // Assess: the second cancel finishes nothing new: same item, no second notification.
    expect(code).toBe(0);
    expect(stdout).toContain(`Operation ${operation.operationId} cancelled: CANCELLED`);
    expect(await runtime.store.get(operation.operationId)).toEqual(cancelled);
    expect(runtime.notifier.published.filter((n) => n.attributes.status === 'CANCELLED' && n.attributes.operationId === operation.operationId)).toHaveLength(1);
  }, 30_000);

  it('refuses to cancel a finished operation, changing nothing (exit 3)', async () => {
    // Prepare
    const operation = await runningOperation();
    const stored = (await runtime.store.get(operation.operationId))!;
    const failed = await runtime.store.save({ ...stored, status: 'FAILED' }, stored.version);

    // Act
    const { code, stdout, stderr } = await cli('cancel', operation.operationId);

    // Assess
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error: The dispatcher refused: Operation ${operation.operationId} is FAILED; only a RUNNING operation can be cancelled.`);
    expect(stderr).toContain(`fix: Nothing was changed; \`aurora-restore status ${operation.operationId} --stage qa --table`);
    expect(await runtime.store.get(operation.operationId)).toEqual(failed);
  }, 30_000);

  it('resumes a cancelled operation from its step: RUNNING again, a new attempt, the lock retaken', async () => {
    // Prepare
    const operation = await runningOperation();
    await cli('cancel', operation.operationId);
    const attempts = (await runtime.store.get(operation.operationId))?.stepRuns[operation.step]?.attempts ?? 0;

    // Act
    const { code, stdout } = await cli('resume', operation.operationId, '--json');

    // Assess
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as { result: string; operation: { operationId: string; status: string } };
    expect(answer).toMatchObject({ result: 'ran', operation: { operationId: operation.operationId, status: 'RUNNING' } });
    const after = await runtime.store.get(operation.operationId);
    expect(after?.status).toBe('RUNNING');
    expect(after?.stepRuns[operation.step]?.attempts).toBe(attempts + 1);
    expect(await runtime.store.getLock('staging')).toMatchObject({ holderOperationId: operation.operationId });
    await cli('cancel', operation.operationId);
  }, 30_000);

  it.each([
    [['resume', '20990101-000000-ffffff'], 4, 'error: Operation 20990101-000000-ffffff does not exist.'],
    [['cancel', 'not an id'], 3, 'error: "not an id" is not an operation id.'],
  ])('%j exits %d with the reason', async (args, expected, message) => {
    lambda.invocations.length = 0;
    const { code, stderr } = await cli(...args);
    expect(code).toBe(expected);
    expect(stderr).toContain(message);
    expect(lambda.invocations.length).toBe(args[1] === 'not an id' ? 0 : 1);
  }, 30_000);

  it('names the function and the stage when it is not deployed', async () => {
    // Prepare: a Lambda API that knows no such function.
    const missing = await startLambdaEndpoint({ knownFunctions: ['aurora-restore-qa-dispatcher'] });
    try {
      // Act
      const { code, stderr } = await runAuroraRestore(['cancel', '20261125-030000-a1b2c3', '--stage', 'gone'], { env: { ...env, AWS_ENDPOINT_URL_LAMBDA: missing.endpoint } });

      // Assess
      expect(code).toBe(4);
      expect(stderr).toContain('error: Function aurora-restore-gone-dispatcher not found in us-east-1: stage gone is not deployed there.');
      expect(stderr).toContain('--function');
    } finally {
      await missing.stop();
    }
  }, 30_000);
});
