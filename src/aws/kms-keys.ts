import { DescribeKeyCommand, KMSClient, NotFoundException } from '@aws-sdk/client-kms';
import type { KmsKey, KmsPort } from '../ports/kms';

/** The KMS port on `@aws-sdk/client-kms`: DescribeKey only. */
export class AwsKmsKeys implements KmsPort {
  public constructor(private readonly client: KMSClient) {}

  public async describeKey(keyId: string): Promise<KmsKey | undefined> {
    try {
      const result = await this.client.send(new DescribeKeyCommand({ KeyId: keyId }));
      const metadata = result.KeyMetadata;
      if (metadata === undefined) return undefined;
      return { keyId: metadata.KeyId ?? keyId, arn: metadata.Arn ?? keyId, state: metadata.KeyState ?? 'Unknown' };
    } catch (error) {
      if (error instanceof NotFoundException || (error instanceof Error && error.name === 'NotFoundException')) return undefined;
      throw error;
    }
  }
}
