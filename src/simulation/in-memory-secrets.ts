import { extractSecretKey } from '../aws/secrets-manager';
import type { SecretsPort } from '../ports/secrets';

/** Raised like Secrets Manager's ResourceNotFoundException, naming the secret and nothing else. */
export class SecretNotFoundError extends Error {
  public constructor(secretId: string) {
    super(`Secrets Manager can't find the specified secret: ${secretId}.`);
    this.name = 'ResourceNotFoundException';
  }
}

/**
 * Secrets Manager over an in-memory map, with the same JSON-key rules as the real adapter. The
 * simulation writes the RDS-managed master secret here; tests put role passwords here.
 */
export class InMemorySecrets implements SecretsPort {
  private readonly values = new Map<string, string>();

  public constructor(initial: Record<string, string> = {}) {
    for (const [id, value] of Object.entries(initial)) this.values.set(id, value);
  }

  /** Creates or replaces a secret. */
  public set(secretId: string, value: string): void {
    this.values.set(secretId, value);
  }

  public async getSecretValue(secretId: string, key?: string): Promise<string> {
    const value = this.values.get(secretId);
    if (value === undefined) throw new SecretNotFoundError(secretId);
    return extractSecretKey(secretId, value, key);
  }
}
