import { AuroraRestoreError, CorruptStateError } from '../errors';
import { EXIT, type ExitCode } from './exit-codes';
import type { Settings } from './settings';

/** An error the command line reports to a person: what went wrong, how to fix it, and the exit code. */
export class CliError extends AuroraRestoreError {
  public constructor(
    message: string,
    /** What to do about it, as a sentence or a command to run. */
    public readonly fix: string,
    public readonly exitCode: ExitCode,
    context: { operationId?: string; cause?: unknown } = {},
  ) {
    super(message, context);
    this.name = 'CliError';
  }
}

/** The name AWS (or the SDK) gives an error, also when it is not an instance of an exported class. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError', 'ExpiredTokenException', 'ExpiredToken', 'UnrecognizedClientException', 'InvalidSignatureException', 'InvalidClientTokenId', 'SignatureDoesNotMatch']);
const ACCESS_ERRORS = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError']);

/**
 * Turns an error from a DynamoDB or Lambda call into one a person can act on. `resource` says what
 * was being reached, so "not found" names the table or the function and the stage it derived from.
 */
export function explainAwsError(error: unknown, settings: Settings, resource: 'table' | 'function'): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof CorruptStateError) {
    return new CliError(error.message, 'This clone reads operations of another version than the deployed function writes: check out the version that is deployed.', EXIT.aws, { cause: error });
  }
  const name = errorName(error);
  const code = (error as { code?: string } | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const profile = settings.profile !== undefined ? `profile ${settings.profile}` : 'the default credentials';
  if (CREDENTIAL_ERRORS.has(name)) {
    return new CliError(
      `No valid AWS credentials (${profile}): ${message}`,
      'Pass --profile <name> (run `aws sso login --profile <name>` first for SSO), or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
      EXIT.aws,
      { cause: error },
    );
  }
  if (ACCESS_ERRORS.has(name)) {
    return new CliError(`AWS refused access (${profile}): ${message}`, `Use credentials allowed to ${resource === 'table' ? `read the table ${settings.tableName}` : `invoke ${settings.functionName}`} (--profile).`, EXIT.aws, { cause: error });
  }
  if (name === 'ResourceNotFoundException') {
    const what = resource === 'table' ? `Table ${settings.tableName}` : `Function ${settings.functionName}`;
    const flag = resource === 'table' ? '--table' : '--function';
    return new CliError(
      `${what} not found in ${settings.region}: stage ${settings.stage} is not deployed there.`,
      `Check the stage and region (\`npx sls info --stage ${settings.stage} --region ${settings.region}\`), pass --stage/--region, or name it with ${flag}.`,
      EXIT.notFound,
      { cause: error },
    );
  }
  if (NETWORK_ERRORS.has(code) || NETWORK_ERRORS.has(name)) {
    return new CliError(`Could not reach AWS in ${settings.region}: ${message}`, 'Check the network (and AWS_ENDPOINT_URL* if set), then try again.', EXIT.aws, { cause: error });
  }
  return new CliError(`AWS call failed: ${name !== '' ? `${name}: ` : ''}${message}`, 'Check --region, --profile and the stage; try again.', EXIT.aws, { cause: error });
}
