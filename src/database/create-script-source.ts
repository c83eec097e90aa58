import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { isTransientError, StepFailedError, TransientError } from '../errors';
import type { S3Client } from '@aws-sdk/client-s3';
import { AWS_SERVICES, clientConfig, type AwsTimeouts } from '../aws/client-config';
import type { ScriptSourcePort, SqlScript } from '../ports/database';

/** A post-restore script larger than this is refused: it is SQL to run in a Lambda, not a data load. */
export const MAX_SCRIPT_BYTES = 5 * 1024 * 1024;

/** Options of the script source. */
export interface ScriptSourceOptions {
  /** Directory of the SQL files bundled with the function (SQL_SCRIPTS_DIR). */
  bundledDir: string;
  region: string;
  /** An S3 client; by default one is created for `region` on first use, so bundled-only runs never load the SDK. */
  s3?: S3Client;
  /** Connection and request timeouts of the S3 client created here. */
  timeouts?: AwsTimeouts;
}

/** Splits `s3://bucket/key` into its parts. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (match === null) throw new StepFailedError(`${uri} is not an s3://bucket/key URI.`);
  return { bucket: match[1] as string, key: match[2] as string };
}

/**
 * Post-restore SQL from files bundled with the deployment or from S3. A script is named by its
 * reference (the relative path or the s3:// URI), which is what an error in it reports.
 */
export function createScriptSource(options: ScriptSourceOptions): ScriptSourcePort {
  let s3: Promise<S3Client> | undefined;
  // A bucket in another region answers with a redirect the client follows.
  const client = (): Promise<S3Client> =>
    (s3 ??= options.s3 !== undefined
      ? Promise.resolve(options.s3)
      : import('@aws-sdk/client-s3').then(
          ({ S3Client: Client }) =>
            new Client({ ...clientConfig(options.region, AWS_SERVICES.s3, options.timeouts !== undefined ? { timeouts: options.timeouts } : {}), followRegionRedirects: true }),
        ));

  async function readBundled(file: string): Promise<SqlScript> {
    const root = resolve(options.bundledDir);
    const path = resolve(root, file);
    const inside = relative(root, path);
    if (inside.startsWith('..') || isAbsolute(inside)) throw new StepFailedError(`SQL script ${file} is outside the bundled scripts directory.`);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      throw new StepFailedError(`SQL script ${file} is not bundled with the function (looked in ${root}). Add it to the deployment's SQL directory.`, { cause: error });
    }
    if (size > MAX_SCRIPT_BYTES) throw new StepFailedError(`SQL script ${file} is ${size} bytes; at most ${MAX_SCRIPT_BYTES} are accepted.`);
    return { name: file, sql: await readFile(path, 'utf8') };
  }

  async function readS3(uri: string): Promise<SqlScript> {
    const { bucket, key } = parseS3Uri(uri);
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    try {
      const object = await (await client()).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (object.ContentLength !== undefined && object.ContentLength > MAX_SCRIPT_BYTES) {
        throw new StepFailedError(`SQL script ${uri} is ${object.ContentLength} bytes; at most ${MAX_SCRIPT_BYTES} are accepted.`);
      }
      if (object.Body === undefined) throw new StepFailedError(`SQL script ${uri} has no body.`);
      return { name: uri, sql: await object.Body.transformToString('utf-8') };
    } catch (error) {
      if (error instanceof StepFailedError) throw error;
      if (isTransientError(error)) throw new TransientError(`SQL script ${uri} could not be read yet: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      const name = error instanceof Error ? error.name : 'Error';
      const hint = name === 'NoSuchKey' ? ' (no such object)' : name === 'AccessDenied' ? ' (grant the function s3:GetObject on it)' : '';
      throw new StepFailedError(`SQL script ${uri} cannot be read${hint}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  return {
    read: (reference) => ('file' in reference ? readBundled(reference.file) : readS3(reference.s3Uri)),
  };
}
