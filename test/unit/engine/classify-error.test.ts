import { isTransient } from '../../../src/engine/classify-error';
import { StepFailedError, TransientError } from '../../../src/errors';
import { RdsError } from '../../../src/ports/rds';

function awsError(name: string, status?: number): Error {
  return Object.assign(new Error(name), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } });
}

describe('isTransient', () => {
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
    expect(isTransient(error)).toBe(expected);
  });
});
