import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';

type Handle = NodeHttpHandler['handle'];

/** How long an AWS client waits, in milliseconds. */
export interface AwsTimeouts {
  /** For a TCP (and TLS) connection: a missing VPC endpoint or NAT route shows here. */
  connectionTimeoutMs: number;
  /** For a whole request, and for a socket that stays silent. */
  requestTimeoutMs: number;
}

/**
 * Short enough that a function in a VPC without a route to a service fails in seconds, naming it,
 * instead of hanging until the Lambda's 900 s timeout; long enough for any control-plane call and
 * for a 5 MB script read from S3.
 */
export const DEFAULT_AWS_TIMEOUTS: AwsTimeouts = { connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000 };

/** A service as an error names it, and the VPC endpoint that serves it. */
export interface AwsService {
  /** e.g. `RDS`, `EventBridge Scheduler`. */
  name: string;
  /** The endpoint service's last part, e.g. `rds` in `com.amazonaws.<region>.rds`. */
  endpoint: string;
}

export const AWS_SERVICES = {
  rds: { name: 'RDS', endpoint: 'rds' },
  scheduler: { name: 'EventBridge Scheduler', endpoint: 'scheduler' },
  dynamodb: { name: 'DynamoDB', endpoint: 'dynamodb' },
  sns: { name: 'SNS', endpoint: 'sns' },
  secretsManager: { name: 'Secrets Manager', endpoint: 'secretsmanager' },
  kms: { name: 'KMS', endpoint: 'kms' },
  s3: { name: 'S3', endpoint: 's3' },
  ec2: { name: 'EC2', endpoint: 'ec2' },
} as const satisfies Record<string, AwsService>;

const TIMEOUT_NAMES = new Set(['TimeoutError']);
// Network errors a missing route or endpoint produces: named like timeouts.
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The SDK's node HTTP handler with connection, request and socket timeouts, whose network errors
 * name the service, the host and what to check. The error keeps its name and code, so the SDK's
 * retries and the engine's classification (transient) are unchanged.
 */
export class TimeoutNamingHttpHandler extends NodeHttpHandler {
  public constructor(
    private readonly service: AwsService,
    private readonly timeouts: AwsTimeouts,
    options: NodeHttpHandlerOptions = {},
  ) {
    super({
      ...options,
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      socketTimeout: timeouts.requestTimeoutMs,
      // Without it the request timeout only logs a warning (@smithy/node-http-handler 4.x).
      throwOnRequestTimeout: true,
    });
  }

  public override async handle(...[request, options]: Parameters<Handle>): ReturnType<Handle> {
    try {
      return await super.handle(request, options);
    } catch (error) {
      throw this.named(error, request.hostname);
    }
  }

  private named(thrown: unknown, host: string): unknown {
    // Duck-typed: socket errors may come from another realm (a test sandbox), where instanceof Error fails.
    if (typeof thrown !== 'object' || thrown === null || typeof (thrown as { message?: unknown }).message !== 'string') return thrown;
    const error = thrown as Error & { code?: unknown };
    const code = error.code;
    if (!TIMEOUT_NAMES.has(error.name) && !(typeof code === 'string' && TIMEOUT_CODES.has(code))) return error;
    const { name, endpoint } = this.service;
    const timedOut = TIMEOUT_NAMES.has(error.name) || code === 'ETIMEDOUT';
    const limits = timedOut ? ` (connection timeout ${this.timeouts.connectionTimeoutMs} ms, request timeout ${this.timeouts.requestTimeoutMs} ms)` : '';
    error.message =
      `${name} (${host}) could not be reached: ${error.message}${limits}. ` +
      `In a VPC the function reaches ${name} through a NAT gateway or the VPC endpoint com.amazonaws.<region>.${endpoint}; check that it exists and admits the function's security group.`;
    return error;
  }
}

/** What every AWS client is built with. */
export interface AwsClientConfig {
  region: string;
  maxAttempts: number;
  retryMode: 'standard';
  requestHandler: NodeHttpHandler;
}

/**
 * Settings shared by every AWS client. Endpoints are not set here on purpose: SDK v3 reads
 * `AWS_ENDPOINT_URL` and the per-service `AWS_ENDPOINT_URL_<SERVICE>` itself, so the same build runs
 * against an emulator or real AWS. Standard retry mode backs off on throttling and 5xx; timeouts
 * bound every attempt, so a call fails within about `maxAttempts` × the timeout plus the backoff.
 */
export function clientConfig(region: string, service: AwsService, options: { maxAttempts?: number; timeouts?: AwsTimeouts } = {}): AwsClientConfig {
  return {
    region,
    maxAttempts: options.maxAttempts ?? 3,
    retryMode: 'standard',
    requestHandler: new TimeoutNamingHttpHandler(service, options.timeouts ?? DEFAULT_AWS_TIMEOUTS),
  };
}
