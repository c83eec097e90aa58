import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleOptions } from '../build/bundle-options';
import { median } from './statistics';

/** Size and cold-start cost of the production bundle. */
export interface BundleReport {
  variant: string;
  bytes: number;
  /** Median wall time of a fresh `node` process that loads the bundle. */
  coldInitMs: number;
  /** Median wall time of a fresh, empty `node` process on the same machine. */
  emptyNodeMs: number;
}

function timeNode(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

/**
 * Builds the bundle exactly as the deployment does and measures it: size on disk, and the median
 * time for a fresh node process to load it (what a Lambda cold start adds before the handler
 * runs) next to an empty node process. Runs alternate so machine noise hits both alike.
 */
export async function measureBundle(rootDir: string, runs = 9): Promise<BundleReport[]> {
  const esbuild = await import('esbuild');
  const reports: BundleReport[] = [];
  for (const bundleAwsSdk of [false, true]) {
    const outdir = join(rootDir, '.esbuild', 'bench', bundleAwsSdk ? 'with-sdk' : 'runtime-sdk');
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    await esbuild.build({ ...bundleOptions(rootDir, bundleAwsSdk), outdir, logLevel: 'silent' });
    const file = join(outdir, 'handler.js');
    const load = ['-e', `require(${JSON.stringify(file)})`];
    const empty = ['-e', '0'];
    timeNode(load, 1);
    const loadTimes: number[] = [];
    const emptyTimes: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      loadTimes.push(timeNode(load, 1));
      emptyTimes.push(timeNode(empty, 1));
    }
    reports.push({
      variant: bundleAwsSdk ? 'AWS SDK bundled (BUNDLE_AWS_SDK=true)' : 'AWS SDK from the Lambda runtime (default)',
      bytes: statSync(file).size,
      coldInitMs: median(loadTimes),
      emptyNodeMs: median(emptyTimes),
    });
  }
  return reports;
}
