import { createAwsPorts } from '../../../src/aws/create-aws-ports';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/observability/logger';
import { validEnvironment } from '../../support/environment';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The same build must run against an AWS emulator: every client honours AWS_ENDPOINT_URL and the
 * per-service variants. A local HTTP server records which service called it.
 */
describe('endpoint overrides', () => {
  const saved = { ...process.env };
  let server: http.Server;
  let calls: { target?: string; path?: string; body: string }[];

  beforeAll(async () => {
    calls = [];
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        calls.push({ target: request.headers['x-amz-target'] as string | undefined, path: request.url, body });
        response.statusCode = 500;
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    process.env = saved;
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    ['AWS_ENDPOINT_URL', 'scheduler'],
    ['AWS_ENDPOINT_URL_SCHEDULER', 'scheduler'],
    ['AWS_ENDPOINT_URL_DYNAMODB', 'store'],
  ])('%s sends the %s port to the override', async (variable, port) => {
    // Prepare
    calls = [];
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env = { ...saved, ...validEnvironment(), AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', [variable]: endpoint };
    const ports = createAwsPorts({ ...loadConfig(process.env), region: 'eu-west-1' }, createLogger({ sink: () => undefined }));

    // Act: the emulator answers 500, so the call fails after reaching it.
    const call =
      port === 'scheduler'
        ? ports.scheduler.schedule({ name: 'ar-x', at: new Date(Date.now() + 120_000), payload: { operationId: '20261125-030000-a1b2c3', step: 'snapshot-check', token: 'abcdefgh12' }, clientToken: 'x' })
        : ports.store.get('20261125-030000-a1b2c3');
    await call.catch(() => undefined);

    // Assess
    expect(calls.length).toBeGreaterThan(0);
    if (port === 'store') expect(calls[0]?.target).toBe('DynamoDB_20120810.GetItem');
    else expect(calls[0]?.path).toContain('/schedules/ar-x');
  }, 30_000);
});
