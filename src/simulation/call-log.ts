import type { Clock } from '../ports/clock';
import { RdsError } from '../ports/rds';
import { awsErrors } from './aws-errors';
import type { FaultInjection } from './fault-injection';
import { WRITE_OPERATIONS, type SimulatedOperation } from './simulation-config';
import type { Timeline } from './timeline';

/** One call made to the simulated RDS, with its outcome. Inputs are not kept: one may hold a password. */
export interface SimulatedCall {
  at: Date;
  operation: SimulatedOperation;
  resource: string;
  write: boolean;
  /** `ok`, or the error name RDS answered with. */
  result: string;
}

/**
 * The single door every port call passes through. Because each call goes through it, it is where
 * virtual time catches up before the call looks at anything, where the call is recorded (tests and
 * the bench count calls and writes), and where throttling can refuse it before it has any effect.
 */
export class CallLog {
  /** Every call made through the port, in order. */
  public readonly calls: SimulatedCall[] = [];

  public constructor(
    private readonly clock: Clock,
    private readonly timeline: Timeline,
    private readonly faults: FaultInjection,
  ) {}

  /** Runs one port call: settles virtual time, logs the call, and may throttle it. */
  public async run<T>(operation: SimulatedOperation, resource: string, body: () => T | Promise<T>): Promise<T> {
    const now = this.clock.now();
    this.timeline.settle(now);
    const record: SimulatedCall = { at: now, operation, resource, write: WRITE_OPERATIONS.has(operation), result: 'ok' };
    this.calls.push(record);
    try {
      if (this.faults.throttles(operation)) throw awsErrors.throttled(resource);
      return await body();
    } catch (error) {
      record.result = error instanceof RdsError ? error.code : 'Error';
      throw error;
    }
  }

  /** The calls that changed (or tried to change) something. */
  public writeCalls(): SimulatedCall[] {
    return this.calls.filter((call) => call.write);
  }

  /** The calls answered with `Throttling`. */
  public throttledCalls(): SimulatedCall[] {
    return this.calls.filter((call) => call.result === 'Throttling');
  }
}
