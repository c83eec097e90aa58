import { z } from 'zod';
import { STEPS } from '../../constants';
import { describeIssues } from '../../events/parse-event';
import type { LocalRefreshResult } from '../../local/run-local-refresh';
import type { CommandContext } from '../cli-context';
import { CliError } from '../cli-error';
import { EXIT, type ExitCode } from '../exit-codes';
import { roughDuration } from '../rough-duration';

/** The demo's options as commander hands them over (strings, as typed). */
export interface DemoOptions {
  sizeTb: string;
  strategy: string;
  refresh: string;
  source: string;
  failAt?: string;
  throttle: string;
  eventLoss: string;
  dryRun: boolean;
  seed: string;
  json: boolean;
}

const optionsSchema = z.strictObject({
  sizeTb: z.coerce.number().positive('--size-tb must be more than 0').max(128, "--size-tb must be at most 128 (Aurora's storage limit)"),
  strategy: z.enum(['progress', 'backoff', 'fixed'], { message: '--strategy must be progress, backoff or fixed' }),
  refresh: z.enum(['replace', 'swap'], { message: '--refresh must be replace or swap' }),
  source: z.enum(['snapshot', 'clone', 'point-in-time'], { message: '--source must be snapshot, clone or point-in-time' }),
  failAt: z.enum(STEPS, { message: `--fail-at must be one of: ${STEPS.join(', ')}` }).optional(),
  throttle: z.coerce.number().min(0, '--throttle must be between 0 and 0.9').max(0.9, '--throttle must be between 0 and 0.9'),
  eventLoss: z.coerce.number().min(0, '--event-loss must be between 0 and 1').max(1, '--event-loss must be between 0 and 1'),
  dryRun: z.boolean(),
  seed: z.coerce.number().int('--seed must be a whole number'),
});

function summaryLines(result: LocalRefreshResult): string[] {
  const { operation } = result;
  const total = Date.parse(operation.finishedAt ?? operation.updatedAt) - result.startedAt.getTime();
  const lines = [
    '',
    `Outcome: ${operation.status}${operation.request.dryRun ? ' (dry run: nothing was changed)' : ''}${result.resumed ? ', after one resume' : ''}`,
    `Operation ${operation.operationId} on ${operation.target}: ${roughDuration(total)} of simulated time, ${result.records.length} invocations, ${operation.totalChecks} status checks`,
    '',
    'Step                    duration   attempts  checks',
  ];
  for (const step of STEPS) {
    const run = operation.stepRuns[step];
    if (run === undefined) continue;
    const duration = run.durationMs !== undefined ? roughDuration(run.durationMs) : 'running';
    lines.push(`${step.padEnd(22)}  ${duration.padStart(9)}  ${String(run.attempts).padStart(8)}  ${String(run.checks).padStart(6)}`);
  }
  const facts = operation.facts;
  lines.push('');
  if (facts.sourceSnapshotId) {
    const size = `${((facts.sizeGb ?? 0) / 1024).toFixed(1)} TB`;
    const copy = operation.request.dryRun
      ? facts.copyNeeded === true
        ? ', would be copied first'
        : ', would be restored without a copy'
      : facts.copySnapshotId !== undefined
        ? `, copied as ${facts.copySnapshotId}`
        : ', restored without a copy';
    lines.push(`Snapshot:  ${facts.sourceSnapshotId} (${size})${copy}`);
  }
  if (facts.sourceClusterArn) {
    const source = operation.request.source;
    const when = source.type === 'point-in-time' && source.restoreTime !== undefined ? `as of ${source.restoreTime}` : 'as of its latest restorable time';
    lines.push(
      `Source:    ${facts.restoreType === 'copy-on-write' ? 'clone' : 'full copy'} of ${facts.sourceClusterArn} ${when} (restorable ${facts.sourceEarliestRestorableTime} to ${facts.sourceLatestRestorableTime}), no snapshot, no copy`,
    );
  }
  if (facts.writerEndpoint) lines.push(`Endpoint:  ${facts.writerEndpoint}:${facts.port}`);
  if (facts.rolesConfigured) lines.push(`Users:     ${facts.rolesConfigured.join(', ')}`);
  if (facts.plan) lines.push(`Plan:\n${facts.plan.map((line) => `  - ${line}`).join('\n')}`);
  if (result.lags.length > 0) {
    lines.push(`Noticed:   ${result.lags.map((lag) => `${lag.wait} ${roughDuration(lag.lagMs)} after it finished (${lag.checks + 1} ${lag.checks === 0 ? 'check' : 'checks'})`).join('; ')}`);
  }
  lines.push(`RDS:       ${result.rdsWrites} write calls, ${result.eventsDelivered} events delivered, ${result.eventsLost} lost`);
  if (operation.error) lines.push(`Error:     ${operation.error.name} at ${operation.error.step}: ${operation.error.message}`);
  for (const notification of result.notifications) lines.push(`Notified:  ${notification.subject}`);
  return lines;
}

/**
 * `demo` (and `npm start`): a whole refresh, locally, through the real handler, dispatcher, steps
 * and DynamoDB store, on the simulated Aurora with a real PostgreSQL as the restored cluster. With
 * --json the timeline and summary go to stderr and stdout holds only the final operation.
 */
export async function demoCommand(context: CommandContext, options: DemoOptions): Promise<ExitCode> {
  const parsed = optionsSchema.safeParse({
    sizeTb: options.sizeTb,
    strategy: options.strategy,
    refresh: options.refresh,
    source: options.source,
    failAt: options.failAt,
    throttle: options.throttle,
    eventLoss: options.eventLoss,
    dryRun: options.dryRun,
    seed: options.seed,
  });
  if (!parsed.success) throw new CliError(`Invalid options: ${describeIssues(parsed.error).join('; ')}`, 'See `aurora-restore demo --help`; nothing was started.', EXIT.usage);
  const demo = parsed.data;
  const say = options.json ? context.err : context.out;
  // Loaded only here: the simulation and PostgreSQL would add about half a second to every other command's start.
  const { runLocalRefresh } = await import('../../local/run-local-refresh');
  const { describeInvocation } = await import('../../local/timeline-printer');
  const from = { snapshot: 'snapshot', clone: 'clone', 'point-in-time': 'point-in-time restore' }[demo.source];
  say(`aurora-restore, locally: refreshing staging-orders from a ${demo.sizeTb} TB ${from} of prod-orders`);
  say(`Simulated Aurora on a virtual clock, DynamoDB on dynalite, a real PostgreSQL as the restored cluster; waiting strategy: ${demo.strategy}; refresh: ${demo.refresh}.`);
  say('');
  say('   sim time  trigger   steps  state');
  const wallStart = Date.now();
  const result = await runLocalRefresh(demo, ({ record, before, after, startedAt }) => say(describeInvocation(record, before, after, startedAt)));
  for (const line of summaryLines(result)) say(line);
  say(`\nDone in ${((Date.now() - wallStart) / 1000).toFixed(1)} s of wall time; nothing left running.`);
  if (options.json) context.out(JSON.stringify(result.operation, null, 2));
  const expected = demo.failAt === undefined || result.resumed ? 'SUCCEEDED' : 'FAILED';
  return result.operation.status === expected ? EXIT.ok : EXIT.operationFailed;
}
