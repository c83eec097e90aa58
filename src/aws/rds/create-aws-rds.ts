import { RDSClient } from '@aws-sdk/client-rds';
import type { RdsPort } from '../../ports/rds';
import { AWS_SERVICES, clientConfig, type AwsTimeouts } from '../client-config';
import { AwsRds } from './aws-rds';

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
  });
}
