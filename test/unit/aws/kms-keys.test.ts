import { DescribeKeyCommand, KMSClient, NotFoundException } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AwsKmsKeys } from '../../../src/aws/kms-keys';

const kmsMock = mockClient(KMSClient);

describe('AwsKmsKeys', () => {
  beforeEach(() => kmsMock.reset());

  it('describes a key by id or alias', async () => {
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k-1', Arn: 'arn:aws:kms:eu-west-1:1:key/k-1', KeyState: 'Enabled' } });
    await expect(new AwsKmsKeys(new KMSClient({ region: 'eu-west-1' })).describeKey('alias/staging-data')).resolves.toEqual({ keyId: 'k-1', arn: 'arn:aws:kms:eu-west-1:1:key/k-1', state: 'Enabled' });
    expect(kmsMock).toReceiveCommandWith(DescribeKeyCommand, { KeyId: 'alias/staging-data' });
  });

  it('answers undefined for a key that does not exist, and passes other errors on', async () => {
    const kms = new AwsKmsKeys(new KMSClient({ region: 'eu-west-1' }));
    kmsMock.on(DescribeKeyCommand).rejectsOnce(new NotFoundException({ message: 'no such key', $metadata: {} })).rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(kms.describeKey('alias/missing')).resolves.toBeUndefined();
    await expect(kms.describeKey('alias/locked')).rejects.toThrow('denied');
  });
});
