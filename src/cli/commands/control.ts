import type { DispatchResult } from '../../engine/dispatch-result';
import type { CommandContext } from '../cli-context';
import { CliError } from '../cli-error';
import { EXIT, type ExitCode } from '../exit-codes';
import { checkOperationId } from './read';

/**
 * `cancel`, `resume` and `rollback`: the dispatcher owns their effects (schedule deleted, lock
 * released; lock retaken, step re-run; the retired cluster renamed back), so the command line asks it synchronously and prints its answer.
 */
export async function controlCommand(context: CommandContext, command: 'cancel' | 'resume' | 'rollback', operationId: string, options: { json?: boolean }): Promise<ExitCode> {
  const id = checkOperationId(operationId);
  const settings = context.settings();
  const result: DispatchResult = await context.dispatcher().call({ command, operationId: id });
  if (options.json === true) {
    context.out(JSON.stringify(result, null, 2));
    return EXIT.ok;
  }
  switch (result.result) {
    case 'ran': {
      const op = result.operation;
      const what = { cancel: 'cancelled', resume: 'resumed', rollback: 'rolling back its swap' }[command];
      context.out(`Operation ${op.operationId} ${what}: ${context.style.status(op.status)} at ${op.step}${op.waitReason !== undefined ? ` (${op.waitReason})` : ''}.`);
      if (command === 'cancel') context.out('RDS work already started (a copy, a restore) goes on in AWS; the target is unlocked.');
      if (op.status === 'RUNNING') context.out(`Follow it:  aurora-restore watch ${op.operationId}${settings.repeatFlags}`);
      if (command === 'rollback' && op.status === 'FAILED' && op.error !== undefined && op.error.name !== 'SwapRollbackFailedError') {
        // A finished rollback ends the operation FAILED on purpose, saying what it undid.
        context.out(op.error.message);
        return EXIT.ok;
      }
      if (op.status === 'FAILED') {
        context.out(`It failed again${op.error !== undefined ? ` at ${op.error.step}: ${op.error.name}: ${op.error.message}` : ''}.`);
        return EXIT.operationFailed;
      }
      return EXIT.ok;
    }
    case 'ignored':
      context.out(`Nothing done: ${result.reason}.`);
      context.out(`See where it stands:  aurora-restore status ${id}${settings.repeatFlags}`);
      return EXIT.ok;
    default:
      throw new CliError(`The dispatcher answered ${command} with an unexpected result: ${JSON.stringify(result).slice(0, 200)}`, 'Is the deployed function the same version as this command line? Deploy it again.', EXIT.aws, { operationId: id });
  }
}
