/** SNS subjects are at most 100 printable ASCII characters; anything else is replaced or cut. */
export function truncateSubject(subject: string): string {
  const printable = subject.replace(/[^\x20-\x7e]/g, '?');
  return printable.length <= 100 ? printable : `${printable.slice(0, 97)}...`;
}

/** A duration for people: `12 s`, `3 min 05 s`, `26 h 04 min`. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (hours > 0) return `${hours} h ${two(minutes)} min`;
  if (minutes > 0) return `${minutes} min ${two(seconds)} s`;
  return `${seconds} s`;
}

const INLINE_WIDTH = 100;

function isFlat(value: object): boolean {
  return Object.values(value).every((inner) => inner === null || typeof inner !== 'object');
}

function layout(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const compact = JSON.stringify(value);
  // Small flat objects and arrays stay on one line: `"resumeEvent": {"command":"resume",…}` can be copied as it is.
  if (isFlat(value) && compact.length + indent.length <= INLINE_WIDTH) return compact;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${layout(item ?? null, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, v]) => `${inner}${JSON.stringify(key)}: ${layout(v, inner)}`).join(',\n')}\n${indent}}`;
}

/**
 * A message body that is a JSON document laid out for reading: one field per line, small flat
 * values on one line, a `summary` sentence first. An e-mail reader sees a tidy list; a machine
 * parses it with JSON.parse.
 */
export function readableJson(document: Record<string, unknown>): string {
  return `${layout(document, '')}\n`;
}
