import type { Context } from 'aws-lambda';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions } from '@aws-lambda-powertools/logger/types';
import { RedactingLogFormatter } from './log-formatter';

/**
 * JSON logs, one object per line, on Powertools for AWS Lambda's logger: the Lambda context (request
 * id, cold start, function name) on every line once the handler has added it, operationId and step
 * as persistent keys of child loggers, the level from `LOG_LEVEL` / `POWERTOOLS_LOG_LEVEL` and
 * Lambda's advanced logging controls (`AWS_LAMBDA_LOG_LEVEL`, which wins). Keys that look like
 * secrets are masked as a last line of defence; the first is never passing secrets in.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The service every line names (`service`). */
export const LOG_SERVICE_NAME = 'aurora-restore';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines all carry these fields (e.g. operationId, step). */
  child(fields: Record<string, unknown>): Logger;
}

/** The part of the Lambda context a log line carries. */
export type LogContext = Pick<Context, 'awsRequestId' | 'invokedFunctionArn'> & Partial<Pick<Context, 'functionName' | 'functionVersion' | 'memoryLimitInMB'>>;

/** The logger of a runtime: the handler adds each invocation's Lambda context to it. */
export interface RootLogger extends Logger {
  /** Every line written from now on (by this logger and the children made from now on) carries this invocation's context. */
  addContext(context: LogContext): void;
}

/** Where log lines go: stdout in Lambda, a collector in tests. */
export type LogSink = (line: string) => void;

const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/** The function name is the ARN's seventh part (`arn:aws:lambda:region:account:function:name[:alias]`). */
function functionNameOf(arn: string): string {
  return arn.split(':')[6] ?? arn;
}

/**
 * Powertools' logger writing through a sink. Two corrections to the library:
 * - `printLog` writes to the sink instead of the library's own console, so tests and local runs
 *   collect every line. During the base constructor (which may print a warning about Lambda's
 *   log level) the sink is not set yet and stdout is used, as in Lambda.
 * - `createChild` hands the parent's Lambda context to the child, but the child works its cold-start
 *   flag out anew and would report `cold_start: true` on its first line of every invocation; the
 *   child takes the parent's flag instead.
 */
class SinkLogger extends PowertoolsLogger {
  private sink: LogSink | undefined;

  public constructor(options: ConstructorOptions, sink: LogSink) {
    super(options);
    this.sink = sink;
  }

  public override addContext(context: Parameters<PowertoolsLogger['addContext']>[0]): void {
    if ('coldStart' in context) this.coldStart = context.coldStart;
    super.addContext(context);
  }

  protected override createLogger(options?: ConstructorOptions): PowertoolsLogger {
    return new SinkLogger(options ?? {}, this.sink ?? stdoutSink);
  }

  protected override printLog(_logLevel: number, log: Parameters<PowertoolsLogger['printLog']>[1]): void {
    log.prepareForPrint();
    (this.sink ?? stdoutSink)(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
  }
}

/** Our `Logger` over a Powertools logger: same calls for every caller, Powertools underneath. */
function wrap(powertools: PowertoolsLogger): RootLogger {
  return {
    debug: (message, fields) => powertools.debug(message, fields ?? {}),
    info: (message, fields) => powertools.info(message, fields ?? {}),
    warn: (message, fields) => powertools.warn(message, fields ?? {}),
    error: (message, fields) => powertools.error(message, fields ?? {}),
    child: (fields) => wrap(powertools.createChild({ persistentKeys: fields })),
    addContext: (context) =>
      powertools.addContext({
        awsRequestId: context.awsRequestId,
        invokedFunctionArn: context.invokedFunctionArn,
        functionName: context.functionName ?? functionNameOf(context.invokedFunctionArn),
        functionVersion: context.functionVersion ?? '$LATEST',
        memoryLimitInMB: context.memoryLimitInMB ?? '',
      } as Context),
  };
}

/**
 * Creates a JSON logger writing lines at or above `level` to `sink` (stdout by default). Without a
 * `level`, Powertools reads `POWERTOOLS_LOG_LEVEL` (then `LOG_LEVEL`, upper case) itself, and
 * defaults to info; in Lambda, a level set by advanced logging controls overrides either.
 */
export function createLogger(options: { level?: LogLevel; sink?: LogSink; fields?: Record<string, unknown>; clock?: () => Date } = {}): RootLogger {
  const powertools = new SinkLogger(
    {
      serviceName: LOG_SERVICE_NAME,
      ...(options.level !== undefined ? { logLevel: options.level.toUpperCase() as 'INFO' } : {}),
      logFormatter: new RedactingLogFormatter(options.clock ?? (() => new Date())),
      ...(options.fields !== undefined ? { persistentKeys: options.fields } : {}),
    },
    options.sink ?? stdoutSink,
  );
  return wrap(powertools);
}
