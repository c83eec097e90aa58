import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', '..', '..', 'src', 'cli', 'bin.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An empty working directory: no .env of the developer's clone leaks into a test. */
export function emptyDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'aurora-restore-cli-'));
}

/**
 * The environment of a person whose AWS is the local stand-ins: dynalite for DynamoDB and a local
 * server for Lambda, reached through the SDK's endpoint overrides; no shared config files, no
 * instance metadata, so nothing real is ever reached.
 */
export function localAwsEnvironment(endpoints: { dynamodb?: string; lambda?: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(endpoints.dynamodb !== undefined ? { AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb } : {}),
    // A closed port unless a test serves Lambda: an unexpected invocation fails instead of leaving the machine.
    AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda ?? 'http://127.0.0.1:9',
    ...extra,
  };
}

/** Runs `aurora-restore <args>` as a child process, as a person would, and collects what it printed. */
export function runAuroraRestore(args: string[], options: { env: Record<string, string>; cwd?: string; stdin?: string; timeoutMs?: number; onStdout?: (text: string) => void }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? emptyDirectory(), env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onStdout?.(stdout);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`aurora-restore ${args.join(' ')} did not end within ${options.timeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
