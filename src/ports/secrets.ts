/** The secrets port: reads secret values. What it returns must never be logged or stored. */
export interface SecretsPort {
  /** The secret's value; with `key`, the value of that key in the secret's JSON (RDS-style secrets). */
  getSecretValue(secretId: string, key?: string): Promise<string>;
}
