import { parseSqlScript } from '../database/parse-sql-script';
import { plannedStatements } from '../database/run-script';

/** What splitting a large post-restore script costs. */
export interface SqlSplitReport {
  statements: number;
  bytes: number;
  /** Loading and compiling the parser's WebAssembly, once per cold start of setup-db-users. */
  parserLoadMs: number;
  /** Parsing, splitting and checking the whole script, the parser loaded: the first time in a process. */
  splitMs: number;
  /** The same again: the WebAssembly optimised by then (V8 compiles it in tiers). */
  warmSplitMs: number;
}

/**
 * A masking script of `count` statements, as generated ones look: per-row updates with comments,
 * quotes, multibyte text, a column named `begin`, and now and then a function with a dollar-quoted
 * body full of semicolons.
 */
export function generatedMaskingScript(count: number): string {
  const lines = ['-- generated masking script', 'CREATE TABLE IF NOT EXISTS masked_log (id bigint, begin timestamptz, note text);'];
  for (let i = 1; i < count; i += 1) {
    if (i % 1000 === 0) {
      lines.push(`CREATE OR REPLACE FUNCTION mask_${i}(e text) RETURNS text LANGUAGE plpgsql AS $fn$\nBEGIN\n  RETURN 'user' || md5(e) || '@example.invalid'; -- ; inside\nEND;\n$fn$;`);
    } else if (i % 7 === 0) {
      lines.push(`INSERT INTO masked_log (id, begin, note) VALUES (${i}, now(), 'Zoë''s row; ünïcødé 😀');`);
    } else {
      lines.push(`UPDATE customers SET email = 'user${i}@example.invalid', phone = NULL /* ${i}; */ WHERE id = ${i};`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Times the parser on a generated script of `count` statements (the first call also loads it). */
export async function measureSqlSplit(count = 40_000): Promise<SqlSplitReport> {
  const sql = generatedMaskingScript(count);
  const loadStarted = performance.now();
  await parseSqlScript('SELECT 1');
  const parserLoadMs = performance.now() - loadStarted;
  const timed = async (): Promise<number> => {
    const started = performance.now();
    const statements = await plannedStatements({ name: 'generated.sql', sql });
    if (statements.length !== count) throw new Error(`the generated script split into ${statements.length} statements, not ${count}`);
    return performance.now() - started;
  };
  const splitMs = await timed();
  const warmSplitMs = await timed();
  return { statements: count, bytes: Buffer.byteLength(sql, 'utf8'), parserLoadMs, splitMs, warmSplitMs };
}
