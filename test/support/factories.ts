import { refreshRequestSchema, type RefreshRequest, type RefreshRequestInput } from '../../src/request/schema';
import type { HandlerContext } from '../../src/handler';

/** A minimal valid request as a caller would write it; override any part. */
export function requestInput(overrides: Partial<RefreshRequestInput> = {}): RefreshRequestInput {
  return {
    source: { clusterId: 'prod-orders' },
    target: {
      clusterId: 'staging-orders',
      instances: [{ id: 'staging-orders-1', instanceClass: 'db.r6g.large' }],
    },
    ...overrides,
  };
}

/** The same request parsed, with every default applied. */
export function request(overrides: Partial<RefreshRequestInput> = {}): RefreshRequest {
  return refreshRequestSchema.parse(requestInput(overrides));
}

/** A Lambda context whose remaining time is fixed or computed per call. */
export function lambdaContext(remainingMs: number | (() => number) = 900_000): HandlerContext {
  return {
    awsRequestId: 'test-request',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:aurora-restore-dispatcher',
    getRemainingTimeInMillis: typeof remainingMs === 'number' ? () => remainingMs : remainingMs,
  };
}
