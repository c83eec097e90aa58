import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AuroraRestoreError } from '../errors';
import type { SecretsPort } from '../ports/secrets';

/** Reads secrets from Secrets Manager. Error messages name the secret and key, never the value. */
export class SecretsManagerSecrets implements SecretsPort {
  public constructor(private readonly client: SecretsManagerClient) {}

  public async getSecretValue(secretId: string, key?: string): Promise<string> {
    const result = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const value = result.SecretString;
    if (value === undefined) throw new AuroraRestoreError(`Secret ${secretId} has no string value (binary secrets are not supported).`);
    return extractSecretKey(secretId, value, key);
  }
}

/**
 * A plain secret is returned whole; a JSON object secret gives the value of `key`. Only a JSON
 * object is read as key/value: a password such as `12345678`, `true` or `"quoted"` also parses as
 * JSON, and is still the password itself.
 */
export function extractSecretKey(secretId: string, value: string, key?: string): string {
  if (key === undefined) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    // Not JSON: the whole string is the password.
    return value;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return value;
  const field = (parsed as Record<string, unknown>)[key];
  if (typeof field === 'string') return field;
  throw new AuroraRestoreError(`Secret ${secretId} is JSON without a string key "${key}"; set passwordSecretKey to the key that holds the password.`);
}
