import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { OPERATION_STATUS, STEPS, type OperationStatus } from '../constants';
import { AWS_SERVICES, createCommandContext, type CliIo, type CliServices, type CommandContext } from './cli-context';
import { CliError } from './cli-error';
import { controlCommand } from './commands/control';
import { demoCommand, type DemoOptions } from './commands/demo';
import { checkOperationId, listCommand, statusCommand } from './commands/read';
import { planCommand, startCommand, type StartOptions } from './commands/start';
import { watchOperation } from './commands/watch';
import { EXIT, EXIT_CODES_HELP, type ExitCode } from './exit-codes';
import type { GlobalOptions } from './settings';

/** A number option within bounds, or commander's usage error naming the flag. */
function numberIn(flag: string, min: number, max: number, integer = false) {
  return (value: string): number => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number < min || number > max || (integer && !Number.isInteger(number))) {
      throw new InvalidArgumentError(`${flag} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
    }
    return number;
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const GLOBAL_HELP = `
The table and the function are those of the stage's stack (serverless.yml): aurora-restore-<stage>-operations
and aurora-restore-<stage>-dispatcher. --stage reads .env.<stage> if it exists, else .env, as \`sls\` does;
the shell's variables win over the file (AWS_REGION, AWS_PROFILE, TABLE_NAME).

${EXIT_CODES_HELP}

Examples:
  aurora-restore plan --request staging-orders.json --stage prod
  aurora-restore start --request staging-orders.json --stage prod --wait
  aurora-restore start --target staging-orders --source prod-orders --instance staging-orders-1=db.r6g.large
  aurora-restore status 20261125-093000-a1b2c3 --stage prod
  aurora-restore list --status FAILED --limit 5 --json | jq -r '.[].operationId'`;

function requestOptions(command: Command): Command {
  return command
    .option('--request <file>', 'the refresh request as JSON (README "Start a refresh"; - reads stdin)')
    .option('--target <cluster>', 'without --request: the cluster to replace')
    .option('--source <cluster>', 'without --request: restore the newest snapshot of this cluster')
    .option('--snapshot <id>', 'without --request: restore this snapshot (id or ARN)')
    .option('--instance <id=class>', 'without --request: an instance to create, e.g. staging-orders-1=db.r6g.large (repeatable)', collect)
    .option('--requested-by <name>', 'who asks, for the record and the notification (default: your user name)')
    .option('--idempotency-key <key>', 'the same key starts one operation only, however often it is sent (default: a fresh key)')
    .addOption(new Option('--interval <seconds>', 'seconds between reads while following').default(5).argParser(numberIn('--interval', 0.1, 3600)));
}

/** Builds the program; each action stores its exit code in `result`. */
function buildProgram(io: CliIo, services: CliServices, result: { code: ExitCode }): Command {
  const program = new Command('aurora-restore');
  program
    .description('Refresh an Aurora PostgreSQL cluster from a snapshot through the deployed aurora-restore function, and follow it.')
    .option('--stage <stage>', 'the deployed stage (default dev)')
    .option('--region <region>', 'AWS region (default: AWS_REGION from the shell or the .env file)')
    .option('--profile <name>', 'AWS profile of the shared config files (default: AWS_PROFILE, or the default credentials)')
    .option('--table <name>', 'the operations table (default aurora-restore-<stage>-operations)')
    .option('--function <name>', 'the dispatcher function (default aurora-restore-<stage>-dispatcher)')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', GLOBAL_HELP);

  const context = (command: Command): CommandContext => createCommandContext(io, command.optsWithGlobals<GlobalOptions>(), services);
  const run = (body: (command: Command) => Promise<ExitCode>) => async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    result.code = await body(command);
  };

  requestOptions(program.command('start').description('validate a request, start the refresh, print its operation id'))
    .option('--dry-run', 'walk the plan read-only (as plan, without waiting)')
    .option('--wait', 'follow the operation until it ends, like watch')
    .option('--json', 'print only JSON: the operation id (with --wait, one JSON summary per change)')
    .addHelpText('after', `\nThe request is validated here with the function's own schemas: an invalid one names each field and the fix, and\nnothing is sent. It then goes to the dispatcher asynchronously (Lambda InvocationType Event).\n\n${EXIT_CODES_HELP}`)
    .action(run((command) => startCommand(context(command), command.opts<StartOptions>())));

  requestOptions(program.command('plan').description('the dry run of a request: waits for it and prints what would be done'))
    .option('--json', 'print only JSON: {operationId, status, plan, error}')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .action(run((command) => planCommand(context(command), command.opts<StartOptions>())));

  program
    .command('status')
    .description('where an operation stands: status, step, progress and ETA, each step, the error and the next command')
    .argument('<operationId>')
    .option('--json', 'print only the stored operation as JSON')
    .action(run((command) => statusCommand(context(command), command.args[0] as string, command.opts())));

  program
    .command('watch')
    .description('follow an operation live until it ends (a swap: until its refresh is delivered; the retired cluster\'s tidy-up goes on); exit 0 succeeded, 1 failed, 2 cancelled')
    .argument('<operationId>')
    .addOption(new Option('--interval <seconds>', 'seconds between reads').default(5).argParser(numberIn('--interval', 0.1, 3600)))
    .option('--json', 'print only JSON: one summary per change (JSON Lines)')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .action(
      run(async (command) => {
        const options = command.opts<{ interval: number; json?: boolean }>();
        const ctx = context(command);
        const { exitCode } = await watchOperation(ctx, checkOperationId(command.args[0] as string), { intervalSeconds: options.interval, json: options.json === true });
        return exitCode;
      }),
    );

  program
    .command('list')
    .description('the newest operations, of one target or of all')
    .option('--target <cluster>', 'only this target cluster')
    .addOption(new Option('--status <status>', 'only operations in this status').choices(Object.values(OPERATION_STATUS)))
    .addOption(new Option('--limit <n>', 'at most this many').default(10).argParser(numberIn('--limit', 1, 1000, true)))
    .option('--json', 'print only JSON: an array of summaries')
    .action(run((command) => listCommand(context(command), command.opts<{ target?: string; status?: OperationStatus; limit: number; json?: boolean }>())));

  for (const [name, description] of [
    ['cancel', 'stop a RUNNING operation (its schedule deleted, its lock released); RDS work already started goes on'],
    ['resume', 'run a FAILED or CANCELLED operation again from its step, once the cause is fixed'],
    ['rollback', 'swap the retired cluster of a swap back in, within its keep window (swap.keepRetiredHours)'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('<operationId>')
      .option('--json', "print only the dispatcher's answer as JSON")
      .addHelpText('after', `\nThe dispatcher does the work (Lambda InvocationType RequestResponse with {"command":"${name}","operationId":…}).\n\n${EXIT_CODES_HELP}`)
      .action(run((command) => controlCommand(context(command), name, command.args[0] as string, command.opts())));
  }

  program
    .command('demo')
    .description('a whole refresh locally, on the simulated Aurora with a real PostgreSQL (no AWS needed); also `npm start`')
    .option('--size-tb <n>', 'snapshot size in TB (9: a copy of about 24 h)', '9')
    .option('--strategy <s>', 'progress, backoff (the seed\'s 15 min doubling to 1 h) or fixed', 'progress')
    .option('--refresh <s>', 'replace (delete the target, restore in its place) or swap (build beside it, verify, swap by renames); --strategy is the waiting strategy', 'replace')
    .option('--source <s>', 'snapshot (the newest, copied), clone (copy-on-write) or point-in-time (a full copy as of 2 h ago) of the source cluster', 'snapshot')
    .option('--fail-at <step>', `fail this step once, then resume the operation as after a fix (${STEPS.join(', ')})`)
    .option('--throttle <rate>', 'fraction of RDS calls throttled, 0..0.9', '0')
    .option('--event-loss <rate>', 'fraction of RDS events lost, 0..1', '0')
    .option('--dry-run', 'walk the plan read-only', false)
    .option('--seed <n>', 'random seed of the simulation', '1')
    .option('--json', 'print only the final operation as JSON on stdout (the timeline goes to stderr)', false)
    .addHelpText('after', `\nExit codes: 0 the refresh ended as expected, 1 it did not, 3 bad options.`)
    .action(run((command) => demoCommand(context(command), command.opts<DemoOptions>())));

  return program;
}

/**
 * Runs the command line over `argv` (without node and the script) and returns its exit code.
 * Every error ends here: a CliError prints what went wrong and the fix; commander's usage errors
 * exit 3 with commander's own message.
 */
export async function runCli(argv: string[], io: CliIo, services: CliServices = AWS_SERVICES): Promise<ExitCode> {
  const result: { code: ExitCode } = { code: EXIT.ok };
  const program = buildProgram(io, services, result);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, successfully.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr.write(`error: ${error.message}\nfix: ${error.fix}\n`);
      return error.exitCode;
    }
    io.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.aws;
  }
}
