import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { SecretsManagerSecrets } from '../../../src/aws/secrets-manager';

const secretsMock = mockClient(SecretsManagerClient);

describe('SecretsManagerSecrets', () => {
  beforeEach(() => secretsMock.reset());

  it.each([
    ['a plain secret, no key', 's3cr3t-plain', undefined, 's3cr3t-plain'],
    ['an RDS-style JSON secret', JSON.stringify({ username: 'app', password: 'p@ss"w0rd' }), 'password', 'p@ss"w0rd'],
    ['a plain secret asked for a key', 'just-the-password', 'password', 'just-the-password'],
    ['a numeric password asked for a key', '12345678', 'password', '12345678'],
    ['a password "true" asked for a key', 'true', 'password', 'true'],
    ['a password "null" asked for a key', 'null', 'password', 'null'],
    ['a quoted password asked for a key', '"quoted"', 'password', '"quoted"'],
    ['a bracketed password asked for a key', '[1,2]', 'password', '[1,2]'],
  ])('reads %s', async (_case, stored, key, expected) => {
    secretsMock.on(GetSecretValueCommand, { SecretId: 'app/db' }).resolves({ SecretString: stored });
    const secrets = new SecretsManagerSecrets(new SecretsManagerClient({ region: 'eu-west-1' }));
    await expect(secrets.getSecretValue('app/db', key)).resolves.toBe(expected);
  });

  it('names the secret and key, never the value, when the key is missing', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ pwd: 'top-secret-value' }) });
    const secrets = new SecretsManagerSecrets(new SecretsManagerClient({ region: 'eu-west-1' }));
    const error = await secrets.getSecretValue('app/db', 'password').catch((e: Error) => e);
    expect((error as Error).message).toContain('Secret app/db is JSON without a string key "password"');
    expect((error as Error).message).not.toContain('top-secret-value');
  });
});
