import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listZipEntries, type ZipEntry } from './zip-entries';

/** Where and how to package. */
export interface PackageOptions {
  /** The project directory holding serverless.yml and node_modules. */
  serviceDir: string;
  /** Where the template and the zip go (`sls package --package <dir>`). */
  outputDir: string;
  stage?: string;
  /** The environment the framework sees (it also loads `.env` from serviceDir); defaults to this process's. */
  environment?: NodeJS.ProcessEnv;
  /** Gives up after this long; bundling takes seconds, the framework's start a few more. */
  timeoutMs?: number;
}

/** One deployment package the framework produced. */
export interface PackagedArtifact {
  path: string;
  zipBytes: number;
  entries: ZipEntry[];
}

/** What packaging produced. */
export interface PackageResult {
  /** The CloudFormation template `sls deploy` would send. */
  templatePath: string;
  artifacts: PackagedArtifact[];
  /** The framework's own output, for error reports. */
  log: string;
}

/** The template file the framework writes for stack updates. */
export const UPDATE_TEMPLATE_FILE = 'cloudformation-template-update-stack.json';

/**
 * Settings that keep packaging offline: credentials that sign nothing real, no instance metadata
 * lookup, and every AWS endpoint pointed at a closed local port, so a call anything makes fails at
 * once instead of reaching an account.
 */
export const OFFLINE_ENVIRONMENT = {
  AWS_ACCESS_KEY_ID: 'packaging-offline',
  AWS_SECRET_ACCESS_KEY: 'packaging-offline',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
} as const;

/**
 * Runs `sls package` offline (the locally installed framework, in serviceDir) and describes the
 * result. Fails with the framework's output when it exits non-zero.
 */
export async function packageService(options: PackageOptions): Promise<PackageResult> {
  const cli = join(options.serviceDir, 'node_modules', 'osls', 'bin', 'serverless.js');
  const args = [cli, 'package', '--package', options.outputDir, ...(options.stage ? ['--stage', options.stage] : [])];
  const environment = { ...(options.environment ?? process.env), ...OFFLINE_ENVIRONMENT };
  const log = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.serviceDir, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 300_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`sls package failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
  const artifacts = readdirSync(options.outputDir)
    .filter((file) => file.endsWith('.zip'))
    .map((file) => {
      const path = join(options.outputDir, file);
      return { path, zipBytes: statSync(path).size, entries: listZipEntries(readFileSync(path)) };
    });
  return { templatePath: join(options.outputDir, UPDATE_TEMPLATE_FILE), artifacts, log };
}
