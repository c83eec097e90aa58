import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../../src/cli/cli-error';
import { resolveSettings } from '../../../src/cli/settings';

const empty = () => mkdtempSync(join(tmpdir(), 'cli-settings-'));

describe('resolveSettings', () => {
  it.each([
    [{}, { AWS_REGION: 'eu-west-1' }, { stage: 'dev', region: 'eu-west-1', tableName: 'aurora-restore-dev-operations', functionName: 'aurora-restore-dev-dispatcher', repeatFlags: '' }],
    [{ stage: 'prod' }, { AWS_DEFAULT_REGION: 'eu-west-2' }, { stage: 'prod', region: 'eu-west-2', tableName: 'aurora-restore-prod-operations', functionName: 'aurora-restore-prod-dispatcher', repeatFlags: ' --stage prod' }],
    [{ table: 't', function: 'f', region: 'us-east-2' }, { AWS_REGION: 'eu-west-1', TABLE_NAME: 'ignored' }, { region: 'us-east-2', tableName: 't', functionName: 'f', repeatFlags: ' --region us-east-2 --table t --function f' }],
    [{}, { AWS_REGION: 'eu-west-1', TABLE_NAME: 'from-env', AWS_PROFILE: 'ops' }, { tableName: 'from-env', profile: 'ops' }],
    [{ profile: 'admin' }, { AWS_REGION: 'eu-west-1', AWS_PROFILE: 'ops' }, { profile: 'admin', repeatFlags: ' --profile admin' }],
  ])('%j with shell %j gives %j', (options, shell, expected) => {
    expect(resolveSettings(options, shell, empty())).toMatchObject(expected);
  });

  it('reads .env.<stage> before .env, and the shell wins over the file', () => {
    // Prepare
    const cwd = empty();
    writeFileSync(join(cwd, '.env'), 'AWS_REGION=eu-west-1\n');
    writeFileSync(join(cwd, '.env.prod'), 'AWS_REGION=eu-central-1\nTABLE_NAME=prod-table\n');

    // Act / Assess
    expect(resolveSettings({ stage: 'prod' }, {}, cwd)).toMatchObject({ region: 'eu-central-1', tableName: 'prod-table', envFile: join(cwd, '.env.prod') });
    expect(resolveSettings({ stage: 'qa' }, {}, cwd)).toMatchObject({ region: 'eu-west-1', tableName: 'aurora-restore-qa-operations', envFile: join(cwd, '.env') });
    expect(resolveSettings({ stage: 'prod' }, { AWS_REGION: 'ap-south-1' }, cwd)).toMatchObject({ region: 'ap-south-1' });
  });

  it.each([
    [{ stage: 'prod' }, {}, /No AWS region/, /--region .* or set AWS_REGION in the shell or in \.env\.prod/],
    [{ stage: 'a b' }, { AWS_REGION: 'eu-west-1' }, /is not a stage name/, /npx sls deploy --stage/],
  ])('%j with shell %j is a usage error naming the fix', (options, shell, message, fix) => {
    // Act
    let error: unknown;
    try {
      resolveSettings(options, shell, empty());
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ exitCode: 3, message: expect.stringMatching(message), fix: expect.stringMatching(fix) });
  });
});
