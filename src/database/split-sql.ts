/** One statement of a script, with where it starts in the file (1-based line and column). */
export interface SqlStatement {
  /** 1-based position among the script's statements. */
  index: number;
  text: string;
  /** Offset of the statement's first character in the script. */
  offset: number;
  line: number;
  column: number;
}

/** A script that cannot be split: an unterminated quote or comment. */
export class SqlSplitError extends Error {
  public constructor(
    message: string,
    public readonly line: number,
    public readonly column: number,
  ) {
    super(message);
    this.name = 'SqlSplitError';
  }
}

const IDENTIFIER_START = /[A-Za-z_\u0080-\uffff]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/** Line and column (1-based) of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text[i] === '\n') {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Splits a script into statements the way psql does, so each can run on its own and an error can
 * name the statement and its line. A semicolon ends a statement only outside quotes ('…', E'…',
 * "…", $tag$…$tag$), comments (line comments and nested block comments), parentheses, and BEGIN … END / CASE … END
 * blocks (SQL-standard function bodies, `BEGIN ATOMIC`). Statements that hold only comments are dropped.
 */
export function splitSqlStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = -1; // offset of the current statement's first significant character
  let parenDepth = 0;
  let beginDepth = 0;
  let identifierCount = 0;
  const finish = (end: number) => {
    if (start >= 0) {
      const text = sql.slice(start, end).trimEnd();
      statements.push({ index: statements.length + 1, text, offset: start, ...lineAndColumn(sql, start) });
    }
    start = -1;
    parenDepth = 0;
    beginDepth = 0;
    identifierCount = 0;
  };
  const unterminated = (what: string, at: number): never => {
    const { line, column } = lineAndColumn(sql, at);
    throw new SqlSplitError(`unterminated ${what} starting at line ${line}, column ${column}`, line, column);
  };
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < sql.length && depth > 0) {
        if (sql[j] === '/' && sql[j + 1] === '*') {
          depth += 1;
          j += 2;
        } else if (sql[j] === '*' && sql[j + 1] === '/') {
          depth -= 1;
          j += 2;
        } else j += 1;
      }
      if (depth > 0) unterminated('comment', i);
      i = j;
      continue;
    }
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === ';' && parenDepth === 0 && beginDepth === 0) {
      finish(i); // an empty statement (";;") has no start and adds nothing
      i += 1;
      continue;
    }
    if (start < 0) start = i;
    if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1] as string) && (i < 2 || !IDENTIFIER_PART.test(sql[i - 2] as string));
      i = skipQuoted(sql, i, "'", escapes) ?? unterminated('string', i);
      continue;
    }
    if (c === '"') {
      i = skipQuoted(sql, i, '"', false) ?? unterminated('quoted identifier', i);
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        if (end < 0) unterminated('dollar-quoted string', i);
        i = end + tag[0].length;
        continue;
      }
    }
    if (IDENTIFIER_START.test(c)) {
      let j = i + 1;
      while (j < sql.length && IDENTIFIER_PART.test(sql[j] as string)) j += 1;
      const word = sql.slice(i, j).toLowerCase();
      identifierCount += 1;
      // As psql: BEGIN or CASE after the first word opens a block, END closes one.
      if ((word === 'begin' || word === 'case') && identifierCount > 1) beginDepth += 1;
      else if (word === 'end' && beginDepth > 0) beginDepth -= 1;
      i = j;
      continue;
    }
    if (c === '(') parenDepth += 1;
    else if (c === ')' && parenDepth > 0) parenDepth -= 1;
    i += 1;
  }
  finish(sql.length);
  return statements;
}

/** The offset just past a quoted run starting at `open`, or undefined if it never closes. A doubled quote is an escaped one. */
function skipQuoted(sql: string, open: number, quote: string, backslashEscapes: boolean): number | undefined {
  let j = open + 1;
  while (j < sql.length) {
    const ch = sql[j];
    if (backslashEscapes && ch === '\\') {
      j += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j += 1;
  }
  return undefined;
}
