import { randomBytes } from 'node:crypto';
import { createLogger } from '../../../src/observability/logger';
import { startExactlyOnceWorld, type ExactlyOnceWorld } from '../../support/exactly-once-world';
import { secretTraces } from '../../support/secret-scan';

let world: ExactlyOnceWorld;
beforeAll(async () => {
  world = await startExactlyOnceWorld();
});
afterAll(async () => world.stop());

/** The scanner the exactly-once suites run over their outputs finds a planted secret wherever it lands. */
describe('the secret scan over a run of the local runtime', () => {
  it.each<[string, (w: ExactlyOnceWorld, secret: string) => Promise<void>, RegExp]>([
    ['a log line', async (w, s) => void createLogger({ level: 'info', sink: (line) => w.runtime.logLines.push(line) }).info('oops', { value: s }), /in log lines$/],
    ['a stored item', async (w, s) => void (await w.runtime.store.markEventHandled(`evt-${s}`, w.runtime.clock.now())), /in DynamoDB table \(raw scan\)$/],
    ['a notification', async (w, s) => void (await w.runtime.notifier.publish({ subject: 'x', body: `{"p":"${s}"}`, attributes: {} })), /in notifications$/],
    ['a metric', async (w, s) => void w.runtime.metrics.sent.push({ name: 'X', value: 1, unit: 'Count', dimensions: { Target: Buffer.from(s).toString('base64') } }), /in metrics$/],
  ])('finds a secret written to %s', async (_where, write, source) => {
    // Prepare
    const secret = `planted-${randomBytes(24).toString('base64url')}`;
    expect(await secretTraces(world.runtime, [], { planted: secret })).toEqual([]);

    // Act
    await write(world, secret);

    // Assess
    expect(await secretTraces(world.runtime, [], { planted: secret })).toEqual([expect.stringMatching(source)]);
  });
});
