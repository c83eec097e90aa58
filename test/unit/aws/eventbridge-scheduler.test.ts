import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { atExpression, EventBridgeScheduler } from '../../../src/aws/eventbridge-scheduler';
import { scheduleClientToken, scheduleName, stepToken } from '../../../src/engine/identity';
import { STEPS } from '../../../src/constants';
import { stepRegistry } from '../../../src/steps/registry';

const schedulerMock = mockClient(SchedulerClient);

const options = {
  client: new SchedulerClient({ region: 'eu-west-1' }),
  groupName: 'aurora-restore',
  functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:aurora-restore-dispatcher',
  roleArn: 'arn:aws:iam::123456789012:role/aurora-restore-scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-west-1:123456789012:aurora-restore-dlq',
  retryAttempts: 10,
  maxEventAgeSeconds: 3600,
};

describe('EventBridgeScheduler', () => {
  beforeEach(() => schedulerMock.reset());

  it('creates a one-time UTC schedule exactly as the design requires', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:::schedule/x' });
    const scheduler = new EventBridgeScheduler(options);
    const payload = { operationId: '20261125-030000-a1b2c3', step: 'check-copy-status' as const, token: stepToken('20261125-030000-a1b2c3', 'check-copy-status', 1, 3) };
    const name = scheduleName(payload.operationId, stepRegistry[payload.step].code, 1, 3);

    // Act
    await scheduler.schedule({ name, at: new Date('2026-11-25T04:15:00.000Z'), payload, clientToken: scheduleClientToken(name, payload.token) });

    // Assess
    expect(schedulerMock).toReceiveCommandTimes(CreateScheduleCommand, 1);
    expect(schedulerMock).toReceiveCommandWith(CreateScheduleCommand, {
      Name: 'ar-20261125-030000-a1b2c3-cc-a1-c3',
      GroupName: 'aurora-restore',
      ScheduleExpression: 'at(2026-11-25T04:15:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      ClientToken: scheduleClientToken(name, payload.token),
      Target: {
        Arn: options.functionArn,
        RoleArn: options.roleArn,
        Input: JSON.stringify(payload),
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: options.deadLetterArn },
      },
    });
    const input = schedulerMock.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(JSON.parse(input?.Target?.Input ?? '{}')).toEqual(payload);
    expect(input?.ClientToken).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
  });

  it('treats ConflictException (same name already scheduled) as success', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    const scheduler = new EventBridgeScheduler(options);
    const payload = { operationId: '20261125-030000-a1b2c3', step: 'check-copy-status' as const, token: 'abcdefgh12345678' };

    // Act / Assess
    await expect(scheduler.schedule({ name: 'ar-x', at: new Date('2026-11-25T04:15:00Z'), payload, clientToken: 'tok' })).resolves.toBeUndefined();
  });

  it('passes on any other error', async () => {
    schedulerMock.on(CreateScheduleCommand).rejects(new Error('AccessDenied'));
    const scheduler = new EventBridgeScheduler(options);
    const payload = { operationId: '20261125-030000-a1b2c3', step: 'check-copy-status' as const, token: 'abcdefgh12345678' };
    await expect(scheduler.schedule({ name: 'ar-x', at: new Date(), payload, clientToken: 'tok' })).rejects.toThrow('AccessDenied');
  });

  it('deletes a schedule in its group, and a missing one counts as deleted', async () => {
    // Prepare
    schedulerMock.on(DeleteScheduleCommand).rejectsOnce(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} })).resolves({});
    const scheduler = new EventBridgeScheduler(options);

    // Act
    await scheduler.cancel('ar-gone');
    await scheduler.cancel('ar-there');

    // Assess
    expect(schedulerMock).toReceiveCommandWith(DeleteScheduleCommand, { Name: 'ar-there', GroupName: 'aurora-restore' });
    expect(schedulerMock).toReceiveCommandTimes(DeleteScheduleCommand, 2);
  });

  it('refuses a name Scheduler would reject', async () => {
    const scheduler = new EventBridgeScheduler(options);
    const payload = { operationId: '20261125-030000-a1b2c3', step: 'check-copy-status' as const, token: 'abcdefgh12345678' };
    await expect(scheduler.schedule({ name: 'bad name!', at: new Date(), payload, clientToken: 't' })).rejects.toThrow('[0-9a-zA-Z-_.]');
    expect(schedulerMock).toReceiveCommandTimes(CreateScheduleCommand, 0);
  });

  it('formats at() in UTC without milliseconds or zone', () => {
    expect(atExpression(new Date('2026-03-29T01:30:05.999Z'))).toBe('at(2026-03-29T01:30:05)');
  });
});

describe('schedule names and tokens', () => {
  it.each(STEPS.map((step) => [step]))('are short, valid and deterministic for step %s', (step) => {
    // A long operation id and large counters are the worst case.
    const id = 'k1234abcd-ef5678';
    const name = scheduleName('20261125-030000-a1b2c3', stepRegistry[step].code, 12, 100);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^[0-9a-zA-Z-_.]+$/);
    expect(scheduleName('20261125-030000-a1b2c3', stepRegistry[step].code, 12, 100)).toBe(name);
    expect(scheduleName(id, stepRegistry[step].code, 1, 1)).not.toBe(scheduleName(id, stepRegistry[step].code, 1, 2));
    expect(stepToken(id, step, 1, 1)).toBe(stepToken(id, step, 1, 1));
    expect(stepToken(id, step, 1, 1)).not.toBe(stepToken(id, step, 2, 1));
    expect(stepToken(id, step, 1, 1)).toMatch(/^[a-zA-Z0-9_-]{8,64}$/);
  });

  it('hashes an over-long name down to 64 characters', () => {
    const name = scheduleName('a'.repeat(60), 'check-restore-status', 1, 1);
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^[0-9a-zA-Z-_.]+$/);
  });
});
