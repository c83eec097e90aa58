import type { ParseResult } from 'libpg-query';

/** One statement of a script, with where it starts in the file (1-based line and column). */
export interface SqlStatement {
  /** 1-based position among the script's statements. */
  index: number;
  /** The statement as PostgreSQL's parser delimits it, without its semicolon. */
  text: string;
  /** Offset (in the script's JavaScript string) of the statement's first token. */
  offset: number;
  line: number;
  /** In characters (code points), as PostgreSQL counts them. */
  column: number;
  /** The parse tree's node type, e.g. `SelectStmt`, `TransactionStmt`. */
  kind: string;
}

/** A script PostgreSQL's parser rejects; `metaCommand` when it stopped at a psql backslash command. */
export class SqlScriptSyntaxError extends Error {
  public constructor(
    message: string,
    public readonly line: number,
    public readonly column: number,
    /** The statement the error is in (1-based). */
    public readonly statement: number,
    public readonly metaCommand: boolean,
  ) {
    super(message);
    this.name = 'SqlScriptSyntaxError';
  }
}

type Parser = typeof import('libpg-query');
let parser: Promise<Parser> | undefined;

/**
 * PostgreSQL's own parser (libpg_query compiled to WebAssembly), loaded on first use only: the
 * module compiles its 1.7 MB of WebAssembly when it is first required, which only setup-db-users
 * (and a preflight) should pay for. The bundle ships `libpg-query.wasm` beside `handler.js`, where
 * the module looks for it (src/build/esbuild-plugins.cjs).
 */
function loadParser(): Promise<Parser> {
  parser ??= import('libpg-query').then(async (module) => {
    await module.loadModule();
    return module;
  });
  return parser;
}

/**
 * Walks a string once, front to back, turning UTF-8 byte offsets (the parser's statement
 * locations) and code-point offsets (its error positions) into string offsets with line and column.
 * Positions must be asked for in increasing order; each step costs only the distance walked.
 */
class TextWalker {
  private index = 0;
  private bytes = 0;
  private codePoints = 0;
  private line = 1;
  private lineStartCodePoints = 0;

  public constructor(private readonly text: string) {}

  /** Advances to a UTF-8 byte offset. */
  public toByte(target: number): this {
    while (this.bytes < target && this.index < this.text.length) this.step();
    return this;
  }

  /** Advances to a code-point offset. */
  public toCodePoint(target: number): this {
    while (this.codePoints < target && this.index < this.text.length) this.step();
    return this;
  }

  /** Advances past whitespace and comments, to the next token. */
  public skipTrivia(end: number): this {
    const text = this.text;
    while (this.index < end) {
      const c = text[this.index] as string;
      if (/\s/.test(c)) this.step();
      else if (c === '-' && text[this.index + 1] === '-') {
        while (this.index < end && text[this.index] !== '\n') this.step();
      } else if (c === '/' && text[this.index + 1] === '*') {
        // Block comments nest in PostgreSQL.
        let depth = 0;
        do {
          if (text[this.index] === '/' && text[this.index + 1] === '*') {
            depth += 1;
            this.step().step();
          } else if (text[this.index] === '*' && text[this.index + 1] === '/') {
            depth -= 1;
            this.step().step();
          } else this.step();
        } while (depth > 0 && this.index < end);
      } else break;
    }
    return this;
  }

  public get position(): { offset: number; line: number; column: number } {
    return { offset: this.index, line: this.line, column: this.codePoints - this.lineStartCodePoints + 1 };
  }

  private step(): this {
    const code = this.text.charCodeAt(this.index);
    const pair = code >= 0xd800 && code <= 0xdbff && this.index + 1 < this.text.length;
    this.index += pair ? 2 : 1;
    this.bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    this.codePoints += 1;
    if (code === 0x0a) {
      this.line += 1;
      this.lineStartCodePoints = this.codePoints;
    }
    return this;
  }
}

function statementsOf(sql: string, result: ParseResult): SqlStatement[] {
  const totalBytes = Buffer.byteLength(sql, 'utf8');
  const walker = new TextWalker(sql);
  const ends = new TextWalker(sql);
  return (result.stmts ?? []).map((raw, i) => {
    const startByte = raw.stmt_location ?? 0;
    // The last statement's length is 0 (absent): it runs to the end of the script.
    const endByte = raw.stmt_len ? startByte + raw.stmt_len : totalBytes;
    const end = ends.toByte(endByte).position.offset;
    const { offset, line, column } = walker.toByte(startByte).skipTrivia(end).position;
    return { index: i + 1, text: sql.slice(offset, end).trimEnd(), offset, line, column, kind: Object.keys(raw.stmt ?? {})[0] ?? 'unknown' };
  });
}

/** Where a statement's error position (1-based, in characters of the statement) is in the script. */
export function positionInScript(sql: string, statement: SqlStatement, characterPosition: number): { line: number; column: number } {
  const walker = new TextWalker(sql);
  const startCodePoints = [...sql.slice(0, statement.offset)].length;
  const { line, column } = walker.toCodePoint(startCodePoints + characterPosition - 1).position;
  return { line, column };
}

/** Where the script ends: a commit error is reported there. */
export function endOfScript(sql: string): { line: number; column: number } {
  const { line, column } = new TextWalker(sql).toByte(Number.POSITIVE_INFINITY).position;
  return { line, column };
}

/**
 * The number of the statement an error at `offset` is in: the statements before it, counted by
 * parsing the part of the script before the error (cut back to a semicolon while that part does not
 * parse on its own). Only error messages use it.
 */
function statementAt(parse: Parser['parseSync'], sql: string, offset: number): number {
  let before = sql.slice(0, offset);
  for (let attempt = 0; attempt < 5 && before.trim() !== ''; attempt += 1) {
    try {
      const stmts = parse(before).stmts ?? [];
      // A statement closed by its semicolon has a length; the error is then in the next one.
      return Math.max(1, stmts.length + (stmts.at(-1)?.stmt_len ? 1 : 0));
    } catch {
      const cut = before.lastIndexOf(';');
      if (cut < 0) break;
      before = sql.slice(0, cut + 1);
    }
  }
  return 1;
}

/**
 * Splits a script into statements with PostgreSQL's own parser, so statement boundaries, quotes,
 * dollar quotes, comments and `BEGIN ATOMIC` bodies are exactly what the server will see; a column
 * named `begin` is just a column. A script the parser rejects (a syntax error, an unterminated
 * quote or comment, a psql meta-command) raises SqlScriptSyntaxError with its line and column.
 */
export async function parseSqlScript(sql: string): Promise<SqlStatement[]> {
  if (sql.trim() === '') return [];
  const { parseSync, SqlError } = await loadParser();
  let result: ParseResult;
  try {
    result = parseSync(sql);
  } catch (error) {
    if (!(error instanceof SqlError)) throw error;
    const at = new TextWalker(sql).toCodePoint(error.sqlDetails?.cursorPosition ?? 0).position;
    const statement = statementAt(parseSync, sql, at.offset);
    // psql's backslash commands are not SQL: the parser stops at the backslash.
    const metaCommand = sql[at.offset] === '\\';
    throw new SqlScriptSyntaxError(`${error.message} at line ${at.line}, column ${at.column}`, at.line, at.column, statement, metaCommand);
  }
  return statementsOf(sql, result);
}
