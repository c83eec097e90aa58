import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createAwsPorts } from '../../../src/aws/create-aws-ports';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/observability/logger';
import type { Ports } from '../../../src/ports';
import { validEnvironment } from '../../support/environment';

const TIMEOUTS = { connectionTimeoutMs: 200, requestTimeoutMs: 300 };

/**
 * A function in a VPC without an endpoint for a service sees its connections hang. A local TCP
 * server that accepts and never answers stands in for that: every client must give up within its
 * timeouts (times its attempts) and say which service did not answer.
 */
describe('AWS client timeouts', () => {
  const saved = { ...process.env };
  const sockets = new Set<net.Socket>();
  let server: net.Server;
  let ports: Ports;

  beforeAll(async () => {
    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env = { ...saved, ...validEnvironment(), AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL: endpoint };
    ports = createAwsPorts({ ...loadConfig(process.env), region: 'eu-west-1', awsTimeouts: TIMEOUTS }, createLogger({ sink: () => undefined }));
  });
  afterAll(async () => {
    process.env = saved;
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each<[string, string, (p: Ports) => Promise<unknown>]>([
    ['DynamoDB', 'dynamodb', (p) => p.store.get('20261125-030000-a1b2c3')],
    ['EventBridge Scheduler', 'scheduler', (p) => p.scheduler.cancel('ar-x')],
    ['RDS', 'rds', (p) => p.rds.describeCluster('staging')],
    ['SNS', 'sns', (p) => p.notifier.publish({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:t', subject: 's', body: 'b', attributes: {} })],
    ['Secrets Manager', 'secretsmanager', (p) => p.secrets.getSecretValue('arn:aws:secretsmanager:eu-west-1:123456789012:secret:x', 'password')],
    ['KMS', 'kms', (p) => p.kms!.describeKey('arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab')],
  ])('%s fails within seconds, naming the service and its VPC endpoint', async (service, endpoint, call) => {
    // Act
    const started = Date.now();
    const error = await call(ports).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    const elapsedMs = Date.now() - started;

    // Assess: a few attempts of 300 ms with the SDK's backoff, far from any Lambda timeout.
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toContain(`${service} (127.0.0.1) could not be reached: `);
    expect(String((error as Error).message)).toContain('request timeout 300 ms');
    expect(String((error as Error).message)).toContain(`com.amazonaws.<region>.${endpoint}`);
    expect(elapsedMs).toBeLessThan(15_000);
  }, 30_000);
});

describe('AWS client network errors', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('names the service of a refused connection too, without blaming a timeout', async () => {
    // Prepare: a port that was free a moment ago refuses connections.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    process.env = { ...saved, ...validEnvironment(), AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` };
    const ports = createAwsPorts({ ...loadConfig(process.env), region: 'eu-west-1', awsTimeouts: TIMEOUTS }, createLogger({ sink: () => undefined }));

    // Act
    const error = await ports.store.get('20261125-030000-a1b2c3').then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );

    // Assess
    expect(error?.message).toContain('DynamoDB (127.0.0.1) could not be reached: ');
    expect(error?.message).toContain('com.amazonaws.<region>.dynamodb');
    expect(error?.message).not.toContain('request timeout');
  }, 30_000);
});
