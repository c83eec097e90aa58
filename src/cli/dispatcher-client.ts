import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import type { DispatchResult } from '../engine/dispatch-result';
import { CliError, explainAwsError } from './cli-error';
import { EXIT } from './exit-codes';
import type { Settings } from './settings';

/** The deployed dispatcher, as the command line calls it. */
export interface DispatcherClient {
  /** Hands the event to Lambda and returns at once (InvocationType Event): nothing comes back. */
  send(event: object): Promise<void>;
  /** Runs the event and returns the dispatcher's answer (InvocationType RequestResponse). */
  call(event: object): Promise<DispatchResult>;
}

/**
 * The dispatcher's answer, checked for its shape only: the result kinds the command line prints.
 * A deployed function of another version may add fields; those pass through.
 */
const dispatchResultSchema = z.looseObject({ result: z.enum(['ran', 'ignored', 'noted', 'status', 'list', 'swept']) });

/** What Lambda returns for a function that threw: the error's class and message. */
interface FunctionErrorPayload {
  errorType?: string;
  errorMessage?: string;
}

/**
 * The dispatcher's own errors mean different things to a person: an unknown id, a refusal that
 * changed nothing (cancelling a finished operation, resuming one whose target is locked), or a failure.
 */
function explainFunctionError(payload: FunctionErrorPayload, settings: Settings, operationId: string | undefined): CliError {
  const message = payload.errorMessage ?? 'the dispatcher failed without a message';
  switch (payload.errorType) {
    case 'OperationNotFoundError':
      return new CliError(message, `Check the id (\`aurora-restore list${settings.repeatFlags}\`) and the stage (--stage).`, EXIT.notFound, { ...(operationId ? { operationId } : {}) });
    case 'InvalidInputError':
    case 'LockHeldError':
      return new CliError(`The dispatcher refused: ${message}`, `Nothing was changed; \`aurora-restore status ${operationId ?? '<operationId>'}${settings.repeatFlags}\` shows where it stands.`, EXIT.usage, { ...(operationId ? { operationId } : {}) });
    default:
      return new CliError(
        `The dispatcher failed: ${payload.errorType ?? 'Error'}: ${message}`,
        `See its logs: \`npx sls logs -f dispatcher --stage ${settings.stage}\`.`,
        EXIT.aws,
        { ...(operationId ? { operationId } : {}) },
      );
  }
}

/** The dispatcher `--function` names, or the one of `--stage`, through the Lambda API (AWS_ENDPOINT_URL_LAMBDA honoured). */
export function createDispatcherClient(settings: Settings): DispatcherClient {
  // No retry of a synchronous call: a resume that timed out on the client may well have run.
  const client = new LambdaClient({ region: settings.region, maxAttempts: 1, ...(settings.profile !== undefined ? { profile: settings.profile } : {}) });
  async function invoke(event: object, type: 'Event' | 'RequestResponse') {
    try {
      return await client.send(new InvokeCommand({ FunctionName: settings.functionName, InvocationType: type, Payload: new TextEncoder().encode(JSON.stringify(event)) }));
    } catch (error) {
      throw explainAwsError(error, settings, 'function');
    }
  }
  const operationIdOf = (event: object) => (event as { operationId?: string }).operationId;
  return {
    send: async (event) => {
      await invoke(event, 'Event');
    },
    call: async (event) => {
      const response = await invoke(event, 'RequestResponse');
      const text = response.Payload === undefined ? '' : new TextDecoder().decode(response.Payload);
      let payload: unknown;
      try {
        payload = text === '' ? undefined : JSON.parse(text);
      } catch {
        throw new CliError(`The dispatcher answered something that is not JSON: ${text.slice(0, 200)}`, `See its logs: \`npx sls logs -f dispatcher --stage ${settings.stage}\`.`, EXIT.aws);
      }
      if (response.FunctionError !== undefined) throw explainFunctionError((payload ?? {}) as FunctionErrorPayload, settings, operationIdOf(event));
      if (!dispatchResultSchema.safeParse(payload).success) {
        throw new CliError(`The dispatcher answered something unexpected: ${text.slice(0, 200)}`, `Is ${settings.functionName} an aurora-restore dispatcher of this version? Deploy it again.`, EXIT.aws);
      }
      return payload as DispatchResult;
    },
  };
}
