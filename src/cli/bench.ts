import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';

// The deployed function runs on nodejs22.x; the SDK's notice about local Node 20 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { measureBundle } from '../bench/bundle-report';
import { runBenchRefresh, type RefreshMeasurement } from '../bench/run-refresh';
import { measureSqlSplit } from '../bench/sql-split';
import { summarizeSource, type SourceSummary } from '../bench/source-summary';
import { BENCH_SOURCES, SNAPSHOT_COPY } from '../bench/sources';
import { BENCH_STRATEGIES } from '../bench/strategies';
import { checkTimesChart } from '../bench/svg-chart';
import { priceNote, summarizeStrategy, type StrategySummary } from '../bench/summarize';
import { mean, median, quantile } from '../bench/statistics';
import { textTable } from '../bench/text-table';
import { benchWorkload } from '../bench/workload';
import { parsedOptions } from './exit-codes';

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

function printTables(summaries: StrategySummary[]): void {
  console.log(
    textTable(
      ['strategy', 'ok', 'copy checks', 'delete checks', 'restore checks', 'checks/refresh', 'lag mean min', 'lag p95 min', 'lag max min', 'invocations', 'cost/refresh $'],
      summaries.map((s) => [
        s.strategy,
        `${s.succeeded}/${s.refreshes}`,
        f1(s.waits.copy.checks),
        f1(s.waits.delete.checks),
        f1(s.waits.restore.checks),
        f1(s.checksPerRefresh),
        f2(s.meanLagMin),
        f2(s.p95LagMin),
        f2(s.maxLagMin),
        f1(s.invocationsPerRefresh),
        s.costPerRefreshUsd.toFixed(6),
      ]),
    ),
  );
  console.log('');
  console.log('Detection lag per wait (minutes: mean / p95 / max)');
  console.log(
    textTable(
      ['strategy', 'copy', 'delete', 'restore'],
      summaries.map((s) => [s.strategy, ...(['copy', 'delete', 'restore'] as const).map((k) => `${f2(s.waits[k].meanLagMin)} / ${f2(s.waits[k].p95LagMin)} / ${f2(s.waits[k].maxLagMin)}`)]),
    ),
  );
}

function printSources(summaries: SourceSummary[]): void {
  const base = summaries.find((s) => s.source === SNAPSHOT_COPY.name);
  console.log('Time from trigger to fresh target (cluster and instances available), minutes, progress-aware + RDS events');
  console.log(
    textTable(
      ['source', 'ok', 'mean', 'median', 'p95', 'max', '9 TB', 'mean vs snapshot-copy', 'trigger → done mean'],
      summaries.map((s) => [
        s.label,
        `${s.succeeded}/${s.refreshes}`,
        f1(s.freshTargetMeanMin),
        f1(s.freshTargetMedianMin),
        f1(s.freshTargetP95Min),
        f1(s.freshTargetMaxMin),
        s.namedCaseMin !== undefined ? f1(s.namedCaseMin) : '-',
        base !== undefined && base.freshTargetMeanMin > 0 ? `${f2(s.freshTargetMeanMin / base.freshTargetMeanMin)} ×` : '-',
        f1(s.doneMeanMin),
      ]),
    ),
  );
}

/** The target's unavailable time per refresh, replace against swap, on the same workload. */
function printDowntime(rows: { refresh: string; measurements: RefreshMeasurement[] }[]): void {
  console.log(
    'Target unavailable per refresh (its cluster endpoint with no available instance behind it), minutes, progress-aware + RDS events (target: swap ≤ 5 min); ' +
      'then, for 9 TB, hours from the trigger to the refresh delivered (announced, counted, target released) and to the operation\'s end',
  );
  console.log(
    textTable(
      ['refresh', 'ok', 'mean', 'median', 'p95', 'max', '9 TB', '9 TB delivered (h)', '9 TB ended (h)'],
      rows.map(({ refresh, measurements }) => {
        const minutes = measurements.map((m) => m.targetUnavailableMinutes).filter((m): m is number => m !== undefined);
        const nineTb = measurements.find((m) => m.caseName === '9 TB');
        const nine = nineTb?.targetUnavailableMinutes;
        // A swap is delivered (announced, counted, the target released) at the swap; it ends after its keep window.
        const hours = (value: number | undefined): string => (value !== undefined ? f1(value / 60) : '-');
        return [
          refresh,
          `${measurements.filter((m) => m.status === 'SUCCEEDED').length}/${measurements.length}`,
          minutes.length > 0 ? f1(mean(minutes)) : '-',
          minutes.length > 0 ? f1(median(minutes)) : '-',
          minutes.length > 0 ? f1(quantile(minutes, 0.95)) : '-',
          minutes.length > 0 ? f1(Math.max(...minutes)) : '-',
          nine !== undefined ? f1(nine) : '-',
          hours(nineTb?.triggerToDeliveredMinutes),
          hours(nineTb?.triggerToDoneMinutes),
        ];
      }),
    ),
  );
}

function targetLines(byStrategy: Map<string, RefreshMeasurement[]>, summaries: StrategySummary[]): string[] {
  const nineTb = (name: string) => byStrategy.get(name)?.find((m) => m.caseName === '9 TB');
  const ours = nineTb('ours');
  const seed = nineTb('seed');
  const copyOf = (m: RefreshMeasurement | undefined) => m?.lags.find((l) => l.wait === 'copy');
  const oursSummary = summaries.find((s) => s.strategy === 'ours');
  const seedSummary = summaries.find((s) => s.strategy === 'seed');
  const lines = [
    `9 TB copy (${f1((ours?.copyMinutes ?? 0) / 60)} h): ours ${(copyOf(ours)?.checks ?? 0) + 1} checks, noticed ${f2((copyOf(ours)?.lagMs ?? 0) / 60_000)} min after completion; seed ${(copyOf(seed)?.checks ?? 0) + 1} checks, ${f2((copyOf(seed)?.lagMs ?? 0) / 60_000)} min (targets: ≤ 8 checks, ≤ 2 min)`,
  ];
  if (oursSummary && seedSummary) {
    lines.push(
      `Workload: ours mean lag ${f2(oursSummary.meanLagMin)} min with ${f1(oursSummary.checksPerRefresh)} checks per refresh = ${f2(oursSummary.checksPerRefresh / seedSummary.checksPerRefresh)} × the seed's ${f1(seedSummary.checksPerRefresh)} (targets: ≤ 2 min, ≤ 0.33 ×)`,
      `Restores and deletes (RDS events): ours max lag restore ${f2(oursSummary.waits.restore.maxLagMin)} min, delete ${f2(oursSummary.waits.delete.maxLagMin)} min (target: ≤ 1 min)`,
    );
  }
  return lines;
}

/**
 * `npm run bench`: the same workload of whole refreshes on the simulated Aurora under each
 * waiting strategy, side by side; then the production bundle's size and cold-init time, and the
 * time PostgreSQL's parser takes to split a generated 40,000-statement script. Writes a
 * JSON file and an SVG chart of the 9 TB copy's checks.
 */
/** The options, or undefined once commander has answered (--help) or refused them (exit code set). */
function readOptions(): { refreshes: string; out: string; skipBundle: boolean } | undefined {
  const program = new Command('npm run bench --')
    .description('Compare the waiting strategies on the same workload of whole refreshes on the simulated Aurora, then measure the production bundle (size, cold init).')
    .option('--refreshes <n>', 'refreshes in the workload, 1 to 500', '24')
    .option('--out <dir>', 'where bench.json and the SVG chart go', 'bench-results')
    .option('--skip-bundle', 'skip building and timing the bundle', false)
    .addHelpText('after', '\nExit codes: 0 done, 1 it failed, 3 bad options.')
    .exitOverride();
  return parsedOptions<{ refreshes: string; out: string; skipBundle: boolean }>(program);
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options === undefined) return;
  const values = { refreshes: options.refreshes, out: options.out, 'skip-bundle': options.skipBundle };
  const count = Number(values.refreshes);
  if (!Number.isInteger(count) || count < 1 || count > 500) throw new Error('--refreshes must be a whole number from 1 to 500');
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  const workload = benchWorkload(count);
  console.log(`Workload: ${workload.length} refreshes (copy, delete, restore), snapshots ${workload.map((c) => c.sizeTb).sort((a, b) => a - b).join(', ')} TB\n`);
  const wallStart = Date.now();
  const byStrategy = new Map<string, RefreshMeasurement[]>();
  for (const strategy of BENCH_STRATEGIES) {
    const measurements: RefreshMeasurement[] = [];
    for (const benchCase of workload) measurements.push(await runBenchRefresh(strategy, benchCase));
    byStrategy.set(strategy.name, measurements);
  }
  const summaries = BENCH_STRATEGIES.map((s) => summarizeStrategy(s.name, byStrategy.get(s.name) ?? []));
  printTables(summaries);

  // The same workload from each kind of source, with our waiting; the snapshot-copy runs are the ones above.
  const ours = BENCH_STRATEGIES.find((s) => s.name === 'ours');
  const bySource = new Map<string, RefreshMeasurement[]>([[SNAPSHOT_COPY.name, byStrategy.get('ours') ?? []]]);
  for (const source of BENCH_SOURCES) {
    if (ours === undefined || bySource.has(source.name)) continue;
    const measurements: RefreshMeasurement[] = [];
    for (const benchCase of workload) measurements.push(await runBenchRefresh(ours, benchCase, source));
    bySource.set(source.name, measurements);
  }
  const sourceSummaries = BENCH_SOURCES.map((source) => summarizeSource(source, bySource.get(source.name) ?? [], '9 TB'));
  console.log('');
  printSources(sourceSummaries);
  // The same workload swapped instead of replaced, with our waiting: how long the target is down.
  const swapped: RefreshMeasurement[] = [];
  if (ours !== undefined) for (const benchCase of workload) swapped.push(await runBenchRefresh(ours, benchCase, SNAPSHOT_COPY, 'swap'));
  console.log('');
  printDowntime([
    { refresh: 'replace', measurements: byStrategy.get('ours') ?? [] },
    { refresh: 'swap', measurements: swapped },
  ]);
  console.log('');
  for (const line of targetLines(byStrategy, summaries)) console.log(line);
  console.log(priceNote());
  console.log(`(${((Date.now() - wallStart) / 1000).toFixed(1)} s of wall time for ${workload.length * (BENCH_STRATEGIES.length + BENCH_SOURCES.length)} simulated refreshes)`);

  const nineTb = BENCH_STRATEGIES.map((s) => ({ strategy: s, m: byStrategy.get(s.name)?.find((x) => x.caseName === '9 TB') }));
  const chart = checkTimesChart(
    '9 TB snapshot copy: when each strategy checked, against progress',
    nineTb.find((x) => x.strategy.name === 'ours')?.m?.copyMinutes ?? 0,
    nineTb.map(({ strategy, m }) => ({ name: strategy.label, color: strategy.color, points: m?.copyChecks ?? [] })),
  );
  writeFileSync(join(outDir, 'copy-9tb-checks.svg'), chart);

  let bundle: Awaited<ReturnType<typeof measureBundle>> = [];
  if (!values['skip-bundle']) {
    bundle = await measureBundle(process.cwd());
    console.log('');
    for (const b of bundle) {
      console.log(`Bundle, ${b.variant}: ${(b.bytes / 1024).toFixed(0)} KB minified; cold init ${b.coldInitMs.toFixed(0)} ms vs empty node ${b.emptyNodeMs.toFixed(0)} ms (+${(b.coldInitMs - b.emptyNodeMs).toFixed(0)} ms) (targets: ≤ 800 KB, ≤ +100 ms)`);
    }
  }
  const sqlSplit = await measureSqlSplit();
  console.log('');
  console.log(
    `SQL split (PostgreSQL's parser): ${sqlSplit.statements} statements, ${(sqlSplit.bytes / 1024 / 1024).toFixed(1)} MB, in ${(sqlSplit.splitMs / 1000).toFixed(2)} s (again: ${(sqlSplit.warmSplitMs / 1000).toFixed(2)} s); parser load ${sqlSplit.parserLoadMs.toFixed(0)} ms (target: ≤ 2 s)`,
  );
  writeFileSync(join(outDir, 'bench.json'), JSON.stringify({ workload, summaries, sources: sourceSummaries, measurements: Object.fromEntries(byStrategy), swapMeasurements: swapped, sourceMeasurements: Object.fromEntries(bySource), bundle, sqlSplit }, null, 2));
  console.log(`\nWrote ${join(values.out, 'bench.json')} and ${join(values.out, 'copy-9tb-checks.svg')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
