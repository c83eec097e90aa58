import { Writable } from 'node:stream';
import type { CliIo, CliServices } from '../../../src/cli/cli-context';
import type { DispatcherClient } from '../../../src/cli/dispatcher-client';
import { runCli } from '../../../src/cli/main';
import type { OperationReader } from '../../../src/cli/operation-reader';
import type { DispatchResult } from '../../../src/engine/dispatch-result';
import { summarize, type Operation } from '../../../src/store/operation';
import { request } from '../../support/factories';

const FAILED: Operation = {
  operationId: '20261124-030000-d4e5f6',
  target: 'staging-orders',
  createdAt: '2026-11-24T03:00:00.000Z',
  updatedAt: '2026-11-24T03:10:00.000Z',
  finishedAt: '2026-11-24T03:10:00.000Z',
  status: 'FAILED',
  step: 'delete-rds',
  token: 'token-delete-1',
  version: 3,
  request: request(),
  facts: {},
  stepRuns: { 'delete-rds': { attempts: 1, checks: 0, startedAt: '2026-11-24T03:09:00.000Z', endedAt: '2026-11-24T03:10:00.000Z', durationMs: 60_000 } },
  totalChecks: 0,
  error: { name: 'SafetyViolationError', message: 'no managed tag', step: 'delete-rds', causes: [], at: '2026-11-24T03:10:00.000Z' },
};

/** A stream that keeps what was written, claiming to be a terminal or not. */
function captured(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { isTTY, text: () => chunks.join('') });
}

/** Stubs that fail on any call a test did not expect. */
function services(overrides: { reader?: Partial<OperationReader>; dispatcher?: Partial<DispatcherClient> } = {}): CliServices {
  const unexpected = (name: string) => async () => {
    throw new Error(`unexpected call: ${name}`);
  };
  return {
    reader: () => ({ get: unexpected('get'), find: unexpected('find'), list: unexpected('list'), ...overrides.reader }),
    dispatcher: () => ({ send: unexpected('send'), call: unexpected('call'), ...overrides.dispatcher }),
  };
}

async function run(argv: string[], options: { services?: CliServices; tty?: boolean; environment?: NodeJS.ProcessEnv } = {}) {
  const stdout = captured(options.tty ?? false);
  const stderr = captured(false);
  const io: CliIo = {
    stdout,
    stderr,
    environment: { AWS_REGION: 'eu-west-1', ...options.environment },
    cwd: '/nonexistent',
    readStdin: () => {
      throw new Error('unexpected stdin read');
    },
    now: () => new Date('2026-11-25T06:00:00.000Z'),
    sleep: async () => undefined,
  };
  const code = await runCli(argv, io, options.services ?? services());
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('runCli', () => {
  it('answers --help with every command and the exit codes, exiting 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const command of ['start', 'plan', 'status', 'watch', 'list', 'cancel', 'resume', 'demo']) expect(stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    expect(stdout).toContain('Exit codes:\n  0  done');
    expect(stdout).toContain('  4  not found');
  });

  it.each([['start'], ['plan'], ['status'], ['watch'], ['list'], ['cancel'], ['resume'], ['demo']])('%s --help shows its options and the global ones', async (command) => {
    const { code, stdout } = await run([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: aurora-restore ${command}`);
    expect(stdout).toContain('Global Options:');
    expect(stdout).toContain('--stage <stage>');
  });

  it('prints the usage and exits 3 without a command', async () => {
    const { code, stdout } = await run([]);
    expect(code).toBe(3);
    expect(stdout).toContain('Usage: aurora-restore');
  });

  it.each([
    [true, {}, true],
    [true, { NO_COLOR: '1' }, false],
    [false, {}, false],
  ])('colours the status on a terminal (%s) with %j: %s', async (tty, environment, coloured) => {
    const { code, stdout } = await run(['status', FAILED.operationId], { tty, environment, services: services({ reader: { get: async () => FAILED } }) });
    expect(code).toBe(0);
    expect(stdout.includes('\u001b[')).toBe(coloured);
    expect(stdout.replace(/\u001b\[\d+m/g, '')).toContain('Operation 20261124-030000-d4e5f6  FAILED  at delete-rds');
  });

  it.each([
    [{ result: 'ran', operation: summarize({ ...FAILED, status: 'RUNNING', step: 'delete-rds' }) }, 0, /resumed: RUNNING at delete-rds\.\nFollow it: {2}aurora-restore watch 20261124-030000-d4e5f6 --stage prod/],
    [{ result: 'ran', operation: summarize(FAILED) }, 1, /resumed: FAILED at delete-rds\.\nIt failed again at delete-rds: SafetyViolationError: no managed tag\./],
    [{ result: 'ignored', reason: 'another invocation changed the operation first', operationId: FAILED.operationId }, 0, /Nothing done: another invocation changed the operation first\.\nSee where it stands: {2}aurora-restore status 20261124-030000-d4e5f6 --stage prod/],
  ] as [DispatchResult, number, RegExp][])('prints the answer to resume %j and exits %d', async (answer, expected, output) => {
    // Prepare
    const calls: unknown[] = [];
    const dispatcher = { call: async (event: object) => (calls.push(event), answer) };

    // Act
    const { code, stdout } = await run(['resume', FAILED.operationId, '--stage', 'prod'], { services: services({ dispatcher }) });

    // Assess
    expect(code).toBe(expected);
    expect(calls).toEqual([{ command: 'resume', operationId: FAILED.operationId }]);
    expect(stdout).toMatch(output);
  });

  it.each([
    [{ result: 'ran', operation: summarize({ ...FAILED, status: 'RUNNING', step: 'rollback', waitReason: 'renaming cluster staging to staging-next-d4e5f6' }) }, 0, /rolling back its swap: RUNNING at rollback \(renaming cluster staging to staging-next-d4e5f6\)\.\nFollow it/],
    [{ result: 'ran', operation: summarize({ ...FAILED, step: 'rollback', error: { ...FAILED.error!, step: 'rollback', name: 'StepFailedError', message: 'The swap was rolled back on request' } }) }, 0, /\nThe swap was rolled back on request/],
    [{ result: 'ran', operation: summarize({ ...FAILED, step: 'rollback', error: { ...FAILED.error!, step: 'rollback', name: 'SwapRollbackFailedError', message: '(1) aws rds modify-db-cluster' } }) }, 1, /It failed again at rollback: SwapRollbackFailedError: \(1\) aws rds modify-db-cluster/],
  ] as [DispatchResult, number, RegExp][])('sends rollback to the dispatcher and prints its answer %#', async (answer, expected, output) => {
    // Prepare
    const calls: unknown[] = [];
    const dispatcher = { call: async (event: object) => (calls.push(event), answer) };

    // Act
    const { code, stdout } = await run(['rollback', FAILED.operationId, '--stage', 'prod'], { services: services({ dispatcher }) });

    // Assess
    expect(code).toBe(expected);
    expect(calls).toEqual([{ command: 'rollback', operationId: FAILED.operationId }]);
    expect(stdout).toMatch(output);
  });

  it('reports an unexpected error and exits 5', async () => {
    const { code, stderr } = await run(['list'], { services: services({ reader: { list: async () => Promise.reject(new TypeError('boom')) } }) });
    expect(code).toBe(5);
    expect(stderr).toContain('TypeError: boom');
  });
});
