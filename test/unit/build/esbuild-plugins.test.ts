import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleOptions } from '../../../src/build/bundle-options';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The deployed bundle runs PostgreSQL's parser from WebAssembly that must sit beside handler.js.
 * Built with the deployment's own esbuild options and plugins, a bundle using the parser must
 * find it there, from any working directory, with no node_modules around.
 */
describe('the bundle built with the deployment options', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships libpg-query.wasm beside the bundle and parses SQL with it', async () => {
    // Prepare: an entry that uses the parser the way setup-db-users does.
    const entry = join(ROOT, 'src', 'database', 'parse-sql-script.ts');
    const outdir = join(dir, 'out');
    const esbuild = await import('esbuild');

    // Act
    await esbuild.build({ ...bundleOptions(ROOT, true), entryPoints: { parser: entry }, outdir, logLevel: 'silent' });
    const script = join(dir, 'run.cjs');
    writeFileSync(script, `require(${JSON.stringify(join(outdir, 'parser.js'))}).parseSqlScript("SELECT 1 AS begin; SELECT 'é';").then((s) => console.log(JSON.stringify(s.map((x) => x.text))));`);
    const output = execFileSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });

    // Assess
    expect(existsSync(join(outdir, 'libpg-query.wasm'))).toBe(true);
    expect(readFileSync(join(outdir, 'libpg-query.wasm')).subarray(0, 4)).toEqual(Buffer.from([0x00, 0x61, 0x73, 0x6d]));
    expect(JSON.parse(output)).toEqual(['SELECT 1 AS begin', "SELECT 'é'"]);
  }, 60_000);
});
