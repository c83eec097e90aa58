import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');

/** Runs `npm start` (`aurora-restore demo`) with options, as a newcomer would, in its own process (it starts its own PostgreSQL). */
async function npmStart(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'src', 'cli', 'bin.cjs'), 'demo', ...args], { cwd: root, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('aurora-restore demo (npm start)', () => {
  it('runs a whole refresh and ends with a successful summary', async () => {
    const { code, stdout } = await npmStart('--size-tb', '0.5');
    expect(code).toBe(0);
    expect(stdout).toContain('Outcome: SUCCEEDED');
    expect(stdout).toMatch(/check-copy-status → delete-rds → check-delete-status/);
    expect(stdout).toMatch(/event 0171\s+check-delete-status → restore-snapshot/);
    expect(stdout).toMatch(/Users:\s+analyst, orders_app/);
    expect(stdout).toMatch(/Noticed:\s+copy .* after it finished/);
    expect(stdout).toContain('Notified:  [aurora-restore] SUCCEEDED: staging-orders');
    expect(stdout).toContain('nothing left running');
  }, 120_000);

  it('fails once at --fail-at, reports it, and resumes to success', async () => {
    const { code, stdout } = await npmStart('--size-tb', '0.2', '--fail-at', 'delete-rds', '--strategy', 'backoff');
    expect(code).toBe(0);
    expect(stdout).toContain('FAILED: StepFailedError: injected failure at delete-rds');
    expect(stdout).toContain('Outcome: SUCCEEDED, after one resume');
    expect(stdout).toContain('Notified:  [aurora-restore] FAILED: staging-orders at delete-rds');
  }, 120_000);

  it('walks a dry run without a single RDS write', async () => {
    const { code, stdout } = await npmStart('--dry-run', '--size-tb', '1');
    expect(code).toBe(0);
    expect(stdout).toContain('(dry run: nothing was changed)');
    expect(stdout).toContain('RDS:       0 write calls');
    expect(stdout).toContain('delete-rds: would delete cluster staging-orders');
  }, 120_000);

  it('prints only the final operation on stdout with --json, the timeline on stderr', async () => {
    const { code, stdout, stderr } = await npmStart('--dry-run', '--size-tb', '1', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'SUCCEEDED', target: 'staging-orders', request: { dryRun: true } });
    expect(stderr).toContain('Outcome: SUCCEEDED (dry run: nothing was changed)');
  }, 120_000);

  it('answers --help with its options and exits 0', async () => {
    const { code, stdout } = await npmStart('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: aurora-restore demo [options]');
    for (const option of ['--size-tb', '--strategy', '--fail-at', '--throttle', '--event-loss', '--dry-run', '--seed', '--json']) expect(stdout).toContain(option);
  }, 60_000);

  it.each([
    ['clone', /Source:\s+clone of arn:aws:rds:us-east-1:111111111111:cluster:prod-orders as of its latest restorable time/],
    ['point-in-time', /Source:\s+full copy of arn:aws:rds:us-east-1:111111111111:cluster:prod-orders as of \S+ \(restorable \S+ to \S+\), no snapshot, no copy/],
  ])('refreshes from --source %s, without a snapshot or a copy', async (source, sourceLine) => {
    const { code, stdout } = await npmStart('--source', source, '--size-tb', '1');
    expect(code).toBe(0);
    expect(stdout).toContain('Outcome: SUCCEEDED');
    expect(stdout).toMatch(sourceLine);
    expect(stdout).not.toContain('copy-snapshot');
    expect(stdout).toMatch(/Users:\s+analyst, orders_app/);
  }, 120_000);

  it.each([
    [['--source', 'nope'], '--source must be snapshot, clone or point-in-time'],
    [['--throttle', '2'], '--throttle must be between 0 and 0.9'],
    [['--fail-at', 'nowhere'], '--fail-at must be one of: preflight, snapshot-check'],
    [['--bogus'], "unknown option '--bogus'"],
  ])('refuses %j, naming it, and starts nothing (exit 3)', async (args, message) => {
    const { code, stdout, stderr } = await npmStart(...args);
    expect(code).toBe(3);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  }, 60_000);
});
