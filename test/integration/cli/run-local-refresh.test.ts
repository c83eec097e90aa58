import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');

/** `npm start`'s refresh: the real handler over the simulated Aurora and a real PostgreSQL. */
describe('the local refresh behind npm start', () => {
  it('writes every log line with the request id of its invocation', async () => {
    // Act: a failure and its resume add error and warning lines to the run.
    const { stdout } = await run(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'support', 'local-refresh-log.ts')], { cwd: root, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    const result = JSON.parse(stdout) as { status: string; operationId: string; logLines: string[] };

    // Assess
    const lines = result.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(result.status).toBe('SUCCEEDED');
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.filter((line) => typeof line.function_request_id !== 'string' || !/^local-\d+$/.test(line.function_request_id))).toEqual([]);
    expect(new Set(lines.map((line) => line.function_request_id)).size).toBeGreaterThan(1);
    expect(lines.some((line) => line.level === 'ERROR')).toBe(true);
    expect(lines.some((line) => line.message === 'SQL script committed' && line.operationId === result.operationId)).toBe(true);
  }, 120_000);
});
