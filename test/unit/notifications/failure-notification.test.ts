import { buildFailureNotification } from '../../../src/notifications/failure-notification';
import { finishedOperation } from './operation-fixture';

const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:aurora-restore';

function failedAt(step: 'setup-db-users' | 'check-copy-status') {
  return finishedOperation({
    status: 'FAILED',
    step,
    finishedAt: '2026-11-26T04:00:00.000Z',
    error: {
      name: 'SqlScriptError',
      message: 'SQL script sql/mask.sql failed at statement 3 (line 9, column 1); the script was rolled back: relation "customers" does not exist [SQLSTATE 42P01]',
      step,
      causes: [],
      at: '2026-11-26T04:00:00.000Z',
    },
  });
}

describe('the failure notification', () => {
  it('has a subject with outcome, target and step, and filterable attributes', () => {
    // Act
    const notification = buildFailureNotification(failedAt('setup-db-users'), TOPIC);

    // Assess
    expect(notification.subject).toBe('[aurora-restore] FAILED: staging-orders at setup-db-users');
    expect(notification.attributes).toEqual({ status: 'FAILED', target: 'staging-orders', step: 'setup-db-users', dryRun: 'false', operationId: '20261125-030000-a1b2c3' });
    expect(notification.topicArn).toBe(TOPIC);
  });

  it.each([
    ['prod', `npx sls invoke --stage prod -f dispatcher --data '{"command":"resume","operationId":"20261125-030000-a1b2c3"}'`],
    ['dev', `npx sls invoke --stage dev -f dispatcher --data '{"command":"resume","operationId":"20261125-030000-a1b2c3"}'`],
    [undefined, `npx sls invoke -f dispatcher --data '{"command":"resume","operationId":"20261125-030000-a1b2c3"}'`],
  ])('names the stage %s in the resume command', (stage, command) => {
    // Act
    const body = JSON.parse(buildFailureNotification(failedAt('setup-db-users'), TOPIC, stage).body);

    // Assess
    expect(body.resumeCommand).toBe(command);
    expect(body.whatToDo).toContain(command);
  });

  it('has a JSON body with the failing step, the error and the resume command', () => {
    // Act
    const notification = buildFailureNotification(failedAt('setup-db-users'), TOPIC);
    const body = JSON.parse(notification.body);

    // Assess
    expect(body).toMatchObject({
      summary: expect.stringContaining('Refresh of staging-orders FAILED at step setup-db-users: SqlScriptError: SQL script sql/mask.sql failed at statement 3'),
      status: 'FAILED',
      failedStep: 'setup-db-users',
      error: { name: 'SqlScriptError', message: expect.stringContaining('relation "customers" does not exist'), causes: [] },
      resumeCommand: `npx sls invoke -f dispatcher --data '{"command":"resume","operationId":"20261125-030000-a1b2c3"}'`,
      resumeEvent: { command: 'resume', operationId: '20261125-030000-a1b2c3' },
      whatToDo: expect.stringContaining('resume the operation from step setup-db-users'),
      statusChecks: 37,
      failedAt: '2026-11-26T04:00:00.000Z',
      duration: '25 h 00 min',
    });
    // The resume event can be copied from the e-mail as it is.
    expect(notification.body).toContain('"resumeEvent": {"command":"resume","operationId":"20261125-030000-a1b2c3"}');
  });

  it.each<[string, 'FAILED' | 'CANCELLED', Record<string, unknown>, string]>([
    ['a failed delete of the retired cluster', 'FAILED', { retiredDeleteStarted: true }, 'only its tidy-up failed. Refresh of staging-orders FAILED at step delete-retired'],
    ['a cancel while the retired cluster is kept', 'CANCELLED', {}, 'the retired cluster staging-orders-retired-a1b2c3 (the old target) is kept: this operation no longer deletes it'],
  ])('after the refresh was delivered, for %s, says the refresh serves and where the old target is', (_case, status, facts, expected) => {
    // Prepare: a swap that released its target at 05:00.
    const operation = finishedOperation();
    const ended = finishedOperation({
      status,
      step: 'delete-retired',
      targetReleasedAt: '2026-11-26T05:00:00.000Z',
      finishedAt: '2026-11-27T05:10:00.000Z',
      request: { ...operation.request, strategy: 'swap' },
      facts: { ...operation.facts, strategy: 'swap', targetExisted: true, swappedAt: '2026-11-26T05:00:00.000Z', ...facts },
    });

    // Act
    const body = JSON.parse(buildFailureNotification(ended, TOPIC).body) as { summary: string; targetReleasedAt?: string };

    // Assess
    expect(body.summary).toMatch(/^The refresh itself was delivered at 2026-11-26T05:00:00.000Z and serves; /);
    expect(body.summary).toContain(expected);
    expect(body.targetReleasedAt).toBe('2026-11-26T05:00:00.000Z');
  });
});
