/**
 * JSON logs, one object per line, with operationId and step on every line once known. Keys that
 * look like secrets are masked as a last line of defence; the first is never passing secrets in.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// Keys that hold secret values; keys naming a secret (passwordSecret, secretArn) are references, kept.
const SECRET_KEY = /(password|passwd|pwd|credentials?|authorization|secretstring|secretvalue)$/i;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines all carry these fields (e.g. operationId, step). */
  child(fields: Record<string, unknown>): Logger;
}

/** Where log lines go: stdout in Lambda, a collector in tests. */
export type LogSink = (line: string) => void;

function mask(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { name: value.name, message: value.message, ...(value.cause !== undefined ? { cause: mask(value.cause, depth + 1) } : {}) };
  }
  if (Array.isArray(value)) return value.map((item) => mask(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && typeof inner !== 'boolean' ? '***' : mask(inner, depth + 1);
  }
  return out;
}

/** Creates a JSON logger writing lines at or above `level` to `sink`. */
export function createLogger(
  options: { level?: LogLevel; sink?: LogSink; fields?: Record<string, unknown>; clock?: () => Date } = {},
): Logger {
  const level = options.level ?? 'info';
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? (() => new Date());
  const base = options.fields ?? {};
  const write = (lineLevel: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (LEVEL_ORDER[lineLevel] < LEVEL_ORDER[level]) return;
    const entry = { level: lineLevel, time: clock().toISOString(), message, ...base, ...(mask(fields ?? {}) as object) };
    sink(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ level, sink, clock, fields: { ...base, ...fields } }),
  };
}
