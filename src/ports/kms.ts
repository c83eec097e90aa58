/** A KMS key as the pre-delete checks need it. */
export interface KmsKey {
  keyId: string;
  arn: string;
  /** KMS's key state: Enabled, Disabled, PendingDeletion… Only Enabled keys can encrypt. */
  state: string;
}

/**
 * The KMS port: only what the pre-delete checks need. A restore that re-encrypts with a key this
 * account cannot use fails only after the old target is gone, so the key is looked at first.
 */
export interface KmsPort {
  /** The key, or undefined if it does not exist; throws when it cannot be described (access denied). */
  describeKey(keyId: string): Promise<KmsKey | undefined>;
}
