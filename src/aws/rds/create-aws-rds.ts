import { NotImplementedError } from '../../errors';
import type { RdsPort } from '../../ports/rds';

/** The RDS port on `@aws-sdk/client-rds`. */
export function createAwsRds(_region: string, _maxAttempts: number): RdsPort {
  throw new NotImplementedError('snapshot-check');
}
