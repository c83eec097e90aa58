import type { Writable } from 'node:stream';
import type { DispatcherClient } from './dispatcher-client';
import type { OperationReader } from './operation-reader';
import { resolveSettings, type GlobalOptions, type Settings } from './settings';
import { createStyle, type Style } from './view/style';

/** A stream the command line writes to; `isTTY` decides colour and redrawing. */
export type Output = Writable & { isTTY?: boolean };

/** Everything the command line touches outside itself, so tests can run it in-process or as a child. */
export interface CliIo {
  stdout: Output;
  stderr: Output;
  environment: NodeJS.ProcessEnv;
  cwd: string;
  readStdin(): string;
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** How the AWS-facing parts are built; tests may replace them. */
export interface CliServices {
  reader(settings: Settings): OperationReader;
  dispatcher(settings: Settings): DispatcherClient;
}

/**
 * The AWS clients, each loaded on first use: the Lambda client alone takes about 0.4 s to load,
 * which `--help`, `demo` and the read commands need not pay.
 */
export const AWS_SERVICES: CliServices = {
  reader: (settings) => (require('./operation-reader') as typeof import('./operation-reader')).createOperationReader(settings),
  dispatcher: (settings) => (require('./dispatcher-client') as typeof import('./dispatcher-client')).createDispatcherClient(settings),
};

/** What a command runs with: output, colours, and (built on first use) settings, the table and the dispatcher. */
export interface CommandContext {
  io: CliIo;
  style: Style;
  out(line: string): void;
  err(line: string): void;
  settings(): Settings;
  reader(): OperationReader;
  dispatcher(): DispatcherClient;
}

export function createCommandContext(io: CliIo, globals: GlobalOptions, services: CliServices): CommandContext {
  let settings: Settings | undefined;
  let reader: OperationReader | undefined;
  let dispatcher: DispatcherClient | undefined;
  const resolved = () => (settings ??= resolveSettings(globals, io.environment, io.cwd));
  return {
    io,
    style: createStyle(io.stdout.isTTY === true, io.environment),
    out: (line) => io.stdout.write(`${line}\n`),
    err: (line) => io.stderr.write(`${line}\n`),
    settings: resolved,
    reader: () => (reader ??= services.reader(resolved())),
    dispatcher: () => (dispatcher ??= services.dispatcher(resolved())),
  };
}
