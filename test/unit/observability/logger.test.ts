import { createLogger } from '../../../src/observability/logger';

describe('createLogger', () => {
  it('writes one JSON object per line with the context of its child loggers', () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (l) => lines.push(l), clock: () => new Date('2026-11-25T03:00:00Z') });
    log.child({ operationId: 'op-1' }).child({ step: 'delete-rds' }).info('deleting', { clusterId: 'staging' });
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ level: 'info', time: '2026-11-25T03:00:00.000Z', message: 'deleting', operationId: 'op-1', step: 'delete-rds', clusterId: 'staging' }]);
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', sink: (l) => lines.push(l) });
    log.info('quiet');
    log.warn('loud');
    expect(lines).toHaveLength(1);
  });

  it('masks values under keys that look like secrets, however deep, but keeps secret ARNs', () => {
    const lines: string[] = [];
    createLogger({ sink: (l) => lines.push(l) }).info('x', { user: { password: 'hunter2', passwordSecretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:x', MasterUserPassword: 'pw' } });
    expect(lines[0]).not.toContain('hunter2');
    expect(lines[0]).not.toContain('"pw"');
    expect(lines[0]).toContain('arn:aws:secretsmanager');
  });

  it('serialises errors with their cause', () => {
    const lines: string[] = [];
    createLogger({ sink: (l) => lines.push(l) }).error('failed', { error: new Error('outer', { cause: new Error('inner') }) });
    expect(JSON.parse(lines[0]!).error).toEqual({ name: 'Error', message: 'outer', cause: { name: 'Error', message: 'inner' } });
  });
});
