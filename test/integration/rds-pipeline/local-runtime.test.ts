import { ConfigurationError } from '../../../src/errors';
import { createLocalRuntime, type LocalRuntime } from '../../../src/local/local-runtime';
import type { Notification } from '../../../src/ports/notifier';
import { RDS_PIPELINE_STEPS, refresh, stagingRequest } from './support/pipeline';
import { seedRefreshScenario } from '../../../src/simulation/refresh-scenario';
import { stopAfterEach } from '../../support/stop-after-each';

describe('the local runtime', () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  it('runs through the real handler, logging JSON lines with the operation id and keeping the metrics it flushed', async () => {
    // Prepare
    runtime = await createLocalRuntime({ steps: RDS_PIPELINE_STEPS });
    seedRefreshScenario(runtime.simulation, { sourceClusterId: 'prod', sizeGb: 100 }, runtime.clock.now());

    // Act
    const { operation, records } = await refresh(runtime, stagingRequest());

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    expect(records[0]?.trigger).toBe('start');
    const lines = runtime.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.some((line) => line.message === 'operation succeeded' && line.operationId === operation?.operationId)).toBe(true);
    expect(runtime.metrics.sent.map((datum) => datum.name)).toContain('OperationSucceeded');
  });

  it('fails clearly when a step needs a database port that was not given', async () => {
    // Prepare
    runtime = await createLocalRuntime();

    const database = runtime.ports.database as unknown as Record<string, () => Promise<unknown>>;

    // Act: whichever method the step calls
    const use = (database.applyRoles as () => Promise<unknown>)();

    // Assess
    await expect(use).rejects.toThrow(ConfigurationError);
    await expect(use).rejects.toThrow('pass options.ports.database');
  });

  it('uses the ports it is given instead of its own', async () => {
    // Prepare
    const published: Notification[] = [];
    runtime = await createLocalRuntime({ ports: { notifier: { publish: async (notification) => { published.push(notification); return 'given-1'; } } } });

    // Act
    const id = await runtime.ports.notifier.publish({ subject: 's', body: 'b', attributes: {} });

    // Assess
    expect(id).toBe('given-1');
    expect(published).toHaveLength(1);
    expect(runtime.notifier.published).toHaveLength(0);
  });

  it('puts the master secret RDS would manage where the secrets port reads it', async () => {
    // Prepare
    runtime = await createLocalRuntime();
    runtime.simulation.addCluster({ id: 'staging', masterUsername: 'admin' });

    // Act
    await runtime.simulation.modifyCluster({ clusterId: 'staging', manageMasterUserPassword: true, applyImmediately: true });
    const secret = await runtime.simulation.describeManagedMasterSecret('staging');
    const username = await runtime.secrets.getSecretValue(secret?.secretArn as string, 'username');
    const password = await runtime.secrets.getSecretValue(secret?.secretArn as string, 'password');

    // Assess
    expect(username).toBe('admin');
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(runtime.logLines.join('\n')).not.toContain(password);
  });
});
