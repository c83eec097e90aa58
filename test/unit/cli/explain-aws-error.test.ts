import { explainAwsError } from '../../../src/cli/cli-error';
import { CorruptStateError } from '../../../src/errors';
import type { Settings } from '../../../src/cli/settings';

const settings: Settings = { stage: 'prod', region: 'eu-west-1', profile: 'ops', tableName: 'aurora-restore-prod-operations', functionName: 'aurora-restore-prod-dispatcher', repeatFlags: ' --stage prod' };

function awsError(name: string, message = 'AWS said no', code?: string): Error {
  const error = new Error(message);
  error.name = name;
  if (code !== undefined) Object.assign(error, { code });
  return error;
}

describe('explainAwsError', () => {
  it.each([
    ['CredentialsProviderError', 'table', 5, /^No valid AWS credentials \(profile ops\)/, /--profile <name>.*aws sso login/],
    ['ExpiredTokenException', 'function', 5, /^No valid AWS credentials/, /AWS_ACCESS_KEY_ID/],
    ['UnrecognizedClientException', 'table', 5, /^No valid AWS credentials/, /AWS_PROFILE/],
    ['AccessDeniedException', 'table', 5, /^AWS refused access \(profile ops\)/, /read the table aurora-restore-prod-operations/],
    ['AccessDeniedException', 'function', 5, /^AWS refused access/, /invoke aurora-restore-prod-dispatcher/],
    ['ResourceNotFoundException', 'table', 4, /^Table aurora-restore-prod-operations not found in eu-west-1: stage prod is not deployed there\.$/, /npx sls info --stage prod --region eu-west-1.*--table/],
    ['ResourceNotFoundException', 'function', 4, /^Function aurora-restore-prod-dispatcher not found in eu-west-1/, /--function/],
    ['ThrottlingException', 'table', 5, /^AWS call failed: ThrottlingException: AWS said no$/, /try again/],
  ] as const)('%s reaching the %s exits %d with a fix', (name, resource, exitCode, message, fix) => {
    const explained = explainAwsError(awsError(name), settings, resource);
    expect(explained).toMatchObject({ exitCode, message: expect.stringMatching(message), fix: expect.stringMatching(fix) });
  });

  it('says an unreadable stored operation is a version mismatch', () => {
    const explained = explainAwsError(new CorruptStateError('Stored operation x does not match the schema: step: Invalid option'), settings, 'table');
    expect(explained).toMatchObject({ exitCode: 5, message: 'Stored operation x does not match the schema: step: Invalid option', fix: expect.stringMatching(/version that is deployed/) });
  });

  it('recognises a refused connection by its code', () => {
    expect(explainAwsError(awsError('Error', 'connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'), settings, 'function')).toMatchObject({ exitCode: 5, message: 'Could not reach AWS in eu-west-1: connect ECONNREFUSED 127.0.0.1:9' });
  });
});
