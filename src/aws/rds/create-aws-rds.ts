import { RDSClient } from '@aws-sdk/client-rds';
import type { RdsPort } from '../../ports/rds';
import { AWS_SERVICES, clientConfig, type AwsTimeouts } from '../client-config';
import { AwsRds } from './aws-rds';
import { toRdsError } from './to-rds-error';

/**
 * The RDS port on `@aws-sdk/client-rds`, in standard retry mode with `maxAttempts` attempts: RDS
 * throttles its control plane readily, and a throttled describe should cost a backoff, not a wait of
 * many minutes. `accountId` (from the function's ARN) lets steps tell a snapshot of another account
 * from ours without relying on RDS's snapshot type. Every attempt is bounded by `timeouts`.
 */
export function createAwsRds(region: string, maxAttempts: number, options: { accountId?: string; timeouts?: AwsTimeouts } = {}): RdsPort {
  return new AwsRds({
    region,
    ...(options.accountId !== undefined ? { accountId: options.accountId } : {}),
    clientFor: (clientRegion) => new RDSClient(clientConfig(clientRegion, AWS_SERVICES.rds, { maxAttempts, ...(options.timeouts !== undefined ? { timeouts: options.timeouts } : {}) })),
    securityGroups: async (ids) => {
      // Loaded on first use: only the checks before a refresh need EC2.
      const { EC2Client, DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
      const ec2 = new EC2Client(clientConfig(region, AWS_SERVICES.ec2, { maxAttempts, ...(options.timeouts !== undefined ? { timeouts: options.timeouts } : {}) }));
      try {
        const output = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: ids }] }));
        return (output.SecurityGroups ?? []).flatMap((group) => (group.GroupId !== undefined ? [group.GroupId] : []));
      } catch (error) {
        throw toRdsError(error, ids.join(','));
      }
    },
  });
}
