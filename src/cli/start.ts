import { parseArgs } from 'node:util';

// The deployed function runs on nodejs22.x; the SDK's notice about local Node 20 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { z } from 'zod';
import { STEPS } from '../constants';
import { describeIssues } from '../events/parse-event';
import { describeInvocation } from '../local/timeline-printer';
import { roughDuration } from './rough-duration';
import { runLocalRefresh, type LocalRefreshResult } from '../local/run-local-refresh';

const USAGE = `Usage: npm start -- [options]
  --size-tb <n>       snapshot size in TB (default 9: a copy of about 24 h)
  --strategy <s>      progress (default), backoff (the seed's 15 min doubling to 1 h) or fixed
  --source <s>        snapshot (default: the newest, copied), clone (copy-on-write) or
                      point-in-time (a full copy as of 2 h ago) of the source cluster
  --fail-at <step>    fail this step once, then resume the operation as after a fix
  --throttle <rate>   fraction of RDS calls throttled, 0..0.9 (default 0)
  --event-loss <rate> fraction of RDS events lost, 0..1 (default 0)
  --dry-run           walk the plan read-only
  --seed <n>          random seed of the simulation (default 1)
  --json              print the final operation as JSON too`;

const optionsSchema = z.strictObject({
  sizeTb: z.coerce.number().positive('--size-tb must be more than 0').max(128, '--size-tb must be at most 128 (Aurora\'s storage limit)'),
  strategy: z.enum(['progress', 'backoff', 'fixed'], { message: '--strategy must be progress, backoff or fixed' }),
  source: z.enum(['snapshot', 'clone', 'point-in-time'], { message: '--source must be snapshot, clone or point-in-time' }),
  failAt: z.enum(STEPS, { message: `--fail-at must be one of: ${STEPS.join(', ')}` }).optional(),
  throttle: z.coerce.number().min(0).max(0.9, '--throttle must be between 0 and 0.9'),
  eventLoss: z.coerce.number().min(0).max(1, '--event-loss must be between 0 and 1'),
  dryRun: z.boolean(),
  seed: z.coerce.number().int(),
});

function printSummary(result: LocalRefreshResult): void {
  const { operation } = result;
  const total = Date.parse(operation.finishedAt ?? operation.updatedAt) - result.startedAt.getTime();
  console.log('');
  console.log(`Outcome: ${operation.status}${operation.request.dryRun ? ' (dry run: nothing was changed)' : ''}${result.resumed ? ', after one resume' : ''}`);
  console.log(`Operation ${operation.operationId} on ${operation.target}: ${roughDuration(total)} of simulated time, ${result.records.length} invocations, ${operation.totalChecks} status checks`);
  console.log('');
  console.log('Step                    duration   attempts  checks');
  for (const step of STEPS) {
    const run = operation.stepRuns[step];
    if (run === undefined) continue;
    const duration = run.durationMs !== undefined ? roughDuration(run.durationMs) : 'running';
    console.log(`${step.padEnd(22)}  ${duration.padStart(9)}  ${String(run.attempts).padStart(8)}  ${String(run.checks).padStart(6)}`);
  }
  const facts = operation.facts;
  console.log('');
  if (facts.sourceSnapshotId) {
    const size = `${((facts.sizeGb ?? 0) / 1024).toFixed(1)} TB`;
    const copy = operation.request.dryRun
      ? facts.copyNeeded === true
        ? ', would be copied first'
        : ', would be restored without a copy'
      : facts.copySnapshotId !== undefined
        ? `, copied as ${facts.copySnapshotId}`
        : ', restored without a copy';
    console.log(`Snapshot:  ${facts.sourceSnapshotId} (${size})${copy}`);
  }
  if (facts.sourceClusterArn) {
    const request = operation.request.source;
    const when = request.type === 'point-in-time' && request.restoreTime !== undefined ? `as of ${request.restoreTime}` : 'as of its latest restorable time';
    console.log(`Source:    ${facts.restoreType === 'copy-on-write' ? 'clone' : 'full copy'} of ${facts.sourceClusterArn} ${when} (restorable ${facts.sourceEarliestRestorableTime} to ${facts.sourceLatestRestorableTime}), no snapshot, no copy`);
  }
  if (facts.writerEndpoint) console.log(`Endpoint:  ${facts.writerEndpoint}:${facts.port}`);
  if (facts.rolesConfigured) console.log(`Users:     ${facts.rolesConfigured.join(', ')}`);
  if (facts.plan) console.log(`Plan:\n${facts.plan.map((line) => `  - ${line}`).join('\n')}`);
  if (result.lags.length > 0) {
    console.log(`Noticed:   ${result.lags.map((lag) => `${lag.wait} ${roughDuration(lag.lagMs)} after it finished (${lag.checks + 1} ${lag.checks === 0 ? 'check' : 'checks'})`).join('; ')}`);
  }
  console.log(`RDS:       ${result.rdsWrites} write calls, ${result.eventsDelivered} events delivered, ${result.eventsLost} lost`);
  if (operation.error) console.log(`Error:     ${operation.error.name} at ${operation.error.step}: ${operation.error.message}`);
  for (const notification of result.notifications) console.log(`Notified:  ${notification.subject}`);
}

const ARGUMENTS = {
  'size-tb': { type: 'string', default: '9' },
  strategy: { type: 'string', default: 'progress' },
  source: { type: 'string', default: 'snapshot' },
  'fail-at': { type: 'string' },
  throttle: { type: 'string', default: '0' },
  'event-loss': { type: 'string', default: '0' },
  'dry-run': { type: 'boolean', default: false },
  seed: { type: 'string', default: '1' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/** The command line's options, or undefined (after printing why and the usage) for an unknown one. */
function readArguments() {
  try {
    return parseArgs({ options: ARGUMENTS }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return undefined;
  }
}

async function main(): Promise<number> {
  const values = readArguments();
  if (values === undefined) return 2;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const parsed = optionsSchema.safeParse({
    sizeTb: values['size-tb'],
    strategy: values.strategy,
    source: values.source,
    failAt: values['fail-at'],
    throttle: values.throttle,
    eventLoss: values['event-loss'],
    dryRun: values['dry-run'],
    seed: values.seed,
  });
  if (!parsed.success) {
    console.error(`Invalid options: ${describeIssues(parsed.error).join('; ')}\n\n${USAGE}`);
    return 2;
  }
  const options = parsed.data;
  const from = { snapshot: 'snapshot', clone: 'clone', 'point-in-time': 'point-in-time restore' }[options.source];
  console.log(`aurora-restore, locally: refreshing staging-orders from a ${options.sizeTb} TB ${from} of prod-orders`);
  console.log(`Simulated Aurora on a virtual clock, DynamoDB on dynalite, a real PostgreSQL as the restored cluster; waiting strategy: ${options.strategy}.`);
  console.log('');
  console.log('   sim time  trigger   steps  state');
  const wallStart = Date.now();
  const result = await runLocalRefresh(options, ({ record, before, after, startedAt }) => console.log(describeInvocation(record, before, after, startedAt)));
  printSummary(result);
  if (values.json) console.log(JSON.stringify(result.operation, null, 2));
  console.log(`\nDone in ${((Date.now() - wallStart) / 1000).toFixed(1)} s of wall time; nothing left running.`);
  const expected = options.failAt === undefined || result.resumed ? 'SUCCEEDED' : 'FAILED';
  return result.operation.status === expected ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
