import { classifyError } from '../../../src/engine/classify-error';
import { isTransientError, StepFailedError, TransientError } from '../../../src/errors';
import { hasRdsCode, RDS_BUSY_CODES } from '../../../src/rds/rds-errors';
import { RdsError } from '../../../src/ports/rds';

function awsError(name: string, status?: number): Error {
  return Object.assign(new Error(name), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } });
}

describe('isTransientError', () => {
  it.each<[string, unknown, boolean]>([
    ['a TransientError', new TransientError('busy'), true],
    ['a StepFailedError', new StepFailedError('no'), false],
    ['RDS throttling', new RdsError('Throttling', 'Rate exceeded'), true],
    ['an RDS snapshot quota', new RdsError('SnapshotQuotaExceeded', 'quota'), true],
    ['an RDS not-found', new RdsError('DBClusterNotFoundFault', 'gone', 'staging'), false],
    ['an SDK 503', awsError('ServiceUnavailable', 503), true],
    ['an SDK 400 validation error', awsError('ValidationException', 400), false],
    ['an SDK throttling name', awsError('ThrottlingException', 400), true],
    ['a socket reset (plain object from another realm)', { name: 'Error', code: 'ECONNRESET', message: 'socket hang up' }, true],
    ['a string', 'boom', false],
    ['null', null, false],
  ])('%s → %s', (_case, error, expected) => {
    expect(isTransientError(error)).toBe(expected);
  });
});

describe('classifyError: the one classification of what a step throws', () => {
  const busy = (error: unknown) => hasRdsCode(error, RDS_BUSY_CODES);
  it.each<[string, unknown, string]>([
    ['throttling', new RdsError('ThrottlingException', 'slow down'), 'transient'],
    ['a 5xx from any SDK', awsError('InternalServerError', 500), 'transient'],
    ['a cluster in a state that refuses the call', new RdsError('InvalidDBClusterStateFault', 'modifying'), 'busy'],
    ['an instance in a state that refuses the call', new RdsError('InvalidDBInstanceState', 'creating'), 'busy'],
    ['a missing snapshot', new RdsError('DBClusterSnapshotNotFoundFault', 'gone'), 'fatal'],
    ['a plain bug', new TypeError('x is undefined'), 'fatal'],
  ])('%s → %s', (_case, error, expected) => {
    expect(classifyError(error, busy)).toBe(expected);
  });
});
