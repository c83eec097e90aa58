import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { CliError } from './cli-error';
import { EXIT } from './exit-codes';

/** The global options every command accepts. */
export interface GlobalOptions {
  stage?: string;
  region?: string;
  profile?: string;
  table?: string;
  function?: string;
}

/** Where the command line reads and sends: resolved once from options, the shell and the stage's .env file. */
export interface Settings {
  stage: string;
  region: string;
  profile?: string;
  tableName: string;
  functionName: string;
  /** The .env file read, if any. */
  envFile?: string;
  /** The global options given, as flags to repeat in a suggested next command. */
  repeatFlags: string;
}

/** The stage `sls deploy` uses when none is given. */
export const DEFAULT_STAGE = 'dev';

const STAGE_PATTERN = /^[a-zA-Z0-9-]{1,32}$/;

/**
 * Reads `.env.<stage>` if it exists, else `.env`, as the Serverless Framework does with
 * `useDotenv`; variables already in the shell win over the file.
 */
export function readStageEnvironment(cwd: string, stage: string, shell: NodeJS.ProcessEnv): { environment: NodeJS.ProcessEnv; envFile?: string } {
  const envFile = [join(cwd, `.env.${stage}`), join(cwd, '.env')].find((path) => existsSync(path));
  if (envFile === undefined) return { environment: shell };
  return { environment: { ...parseEnv(readFileSync(envFile, 'utf8')), ...shell }, envFile };
}

/** The service and function names of serverless.yml: the stack names its resources after the stage. */
export function deployedNames(stage: string): { tableName: string; functionName: string } {
  return { tableName: `aurora-restore-${stage}-operations`, functionName: `aurora-restore-${stage}-dispatcher` };
}

/** Resolves the global options against the shell and the stage's .env file. */
export function resolveSettings(options: GlobalOptions, shell: NodeJS.ProcessEnv, cwd: string): Settings {
  const stage = options.stage ?? DEFAULT_STAGE;
  if (!STAGE_PATTERN.test(stage)) {
    throw new CliError(`--stage ${JSON.stringify(stage)} is not a stage name.`, 'Use the name given to `npx sls deploy --stage` (letters, digits and hyphens).', EXIT.usage);
  }
  const { environment, envFile } = readStageEnvironment(cwd, stage, shell);
  const region = options.region ?? environment.AWS_REGION ?? environment.AWS_DEFAULT_REGION;
  if (region === undefined || region === '') {
    throw new CliError(
      'No AWS region.',
      `Pass --region (e.g. --region eu-west-1), or set AWS_REGION in the shell or in .env${options.stage !== undefined ? `.${stage}` : ''} as for the deployment.`,
      EXIT.usage,
    );
  }
  const profile = options.profile ?? environment.AWS_PROFILE;
  const names = deployedNames(stage);
  const repeat: string[] = [];
  if (options.stage !== undefined) repeat.push(`--stage ${stage}`);
  if (options.region !== undefined) repeat.push(`--region ${options.region}`);
  if (options.profile !== undefined) repeat.push(`--profile ${options.profile}`);
  if (options.table !== undefined) repeat.push(`--table ${options.table}`);
  if (options.function !== undefined) repeat.push(`--function ${options.function}`);
  return {
    stage,
    region,
    ...(profile !== undefined && profile !== '' ? { profile } : {}),
    tableName: options.table ?? nonEmpty(environment.TABLE_NAME) ?? names.tableName,
    functionName: options.function ?? names.functionName,
    ...(envFile !== undefined ? { envFile } : {}),
    repeatFlags: repeat.length > 0 ? ` ${repeat.join(' ')}` : '',
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
