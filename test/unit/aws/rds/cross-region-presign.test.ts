import { RDSClient } from '@aws-sdk/client-rds';
import { AwsRds } from '../../../../src/aws/rds/aws-rds';

/**
 * Runs the real SDK pipeline (no client mock) up to the HTTP handler, which records the request
 * instead of sending it: this is where SDK v3 adds the presigned URL for a cross-region copy.
 */
function capturingRds(): { rds: AwsRds; bodies: string[] } {
  const bodies: string[] = [];
  const rds = new AwsRds({
    region: 'eu-west-1',
    securityGroups: async () => [],
    clientFor: (region) =>
      new RDSClient({
        region,
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' },
        requestHandler: {
          handle: async (request: { body?: unknown }) => {
            bodies.push(String(request.body));
            throw new Error('request captured, not sent');
          },
        } as never,
      }),
  });
  return { rds, bodies };
}

describe('cross-region snapshot copy', () => {
  it('gets a presigned URL for the source region from the SDK when the source ARN is in another region', async () => {
    // Prepare
    const { rds, bodies } = capturingRds();

    // Act
    await rds
      .copyClusterSnapshot({
        source: 'arn:aws:rds:us-east-1:111111111111:cluster-snapshot:prod-nightly',
        targetId: 'copy-1',
        kmsKeyId: 'alias/staging',
        sourceRegion: 'us-east-1',
        copyTags: false,
        tags: {},
      })
      .catch(() => undefined);

    // Assess
    const body = new URLSearchParams(bodies[0]);
    const presigned = new URL(body.get('PreSignedUrl') ?? 'http://missing');
    expect(body.get('Action')).toBe('CopyDBClusterSnapshot');
    expect(presigned.host).toBe('rds.us-east-1.amazonaws.com');
    expect(presigned.searchParams.get('DestinationRegion')).toBe('eu-west-1');
    expect(presigned.searchParams.get('KmsKeyId')).toBe('alias/staging');
    expect(presigned.searchParams.get('X-Amz-Credential')).toContain('/us-east-1/rds/aws4_request');
  });

  it('sends no presigned URL for a copy within the region', async () => {
    // Prepare
    const { rds, bodies } = capturingRds();

    // Act
    await rds.copyClusterSnapshot({ source: 'prod-nightly', targetId: 'copy-1', copyTags: false, tags: {} }).catch(() => undefined);

    // Assess
    expect(new URLSearchParams(bodies[0]).has('PreSignedUrl')).toBe(false);
  });
});
