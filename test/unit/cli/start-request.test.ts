import { CliError } from '../../../src/cli/cli-error';
import { prepareStart } from '../../../src/cli/start-request';
import { newOperationId } from '../../../src/engine/identity';
import { requestInput } from '../../support/factories';

const now = new Date('2026-11-25T09:30:00.000Z');
const noStdin = () => {
  throw new Error('unexpected stdin read');
};

describe('prepareStart', () => {
  it('gives the id the dispatcher will derive from the target and the idempotency key', () => {
    // Act
    const prepared = prepareStart({ request: '-', idempotencyKey: 'nightly:2026-11-25' }, () => JSON.stringify(requestInput({ target: { clusterId: 'Staging-Orders', instances: [{ id: 'staging-orders-1', instanceClass: 'db.r6g.large' }] } })), now);

    // Assess
    expect(prepared.operationId).toBe(newOperationId(now, 'staging-orders', 'nightly:2026-11-25'));
    expect(prepared.target).toBe('staging-orders');
    expect(prepared.event).toMatchObject({ step: 'start', idempotencyKey: 'nightly:2026-11-25', request: { target: { clusterId: 'Staging-Orders' } } });
  });

  it('generates a fresh key per start, so two starts are two operations', () => {
    const input = { target: 'staging', source: 'prod', instance: ['staging-1=db.r6g.large'], requestedBy: 'ops' };
    const first = prepareStart(input, noStdin, now);
    const second = prepareStart(input, noStdin, now);
    expect(first.event.idempotencyKey).toMatch(/^cli-20261125T093000000Z-[0-9a-f]{8}$/);
    expect(first.operationId).not.toBe(second.operationId);
  });

  it.each([
    [{ target: 'staging', source: 'prod', instance: ['staging-1'] }, /--instance "staging-1" is not <id>=<instance class>/],
    [{ target: 'staging', source: 'prod', instance: ['staging-1=db.r6g.large'], idempotencyKey: 'has spaces' }, /idempotencyKey: must be 1–128 letters, digits or :._- {2}\(set it with --idempotency-key <key>\)/],
    [{ target: 'prod', source: 'prod', instance: ['prod-1=db.r6g.large'] }, /request\.target\.clusterId: target\.clusterId must not be the source cluster.*\(set it with --target <cluster>\)/],
  ])('refuses %j naming the flag', (input, message) => {
    expect(() => prepareStart(input, noStdin, now)).toThrow(CliError);
    expect(() => prepareStart(input, noStdin, now)).toThrow(message);
  });
});
