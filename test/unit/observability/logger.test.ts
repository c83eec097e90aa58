import { createLogger, type LogLevel } from '../../../src/observability/logger';

const AT = new Date('2026-11-25T03:00:00Z');
const CONTEXT = { awsRequestId: 'req-1', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:aurora-restore-dev-dispatcher' };

function collector(): { lines: string[]; parsed: () => Record<string, unknown>[]; sink: (line: string) => void } {
  const lines: string[] = [];
  return { lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), sink: (line) => lines.push(line) };
}

describe('createLogger', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("writes one JSON object per line in Powertools' format, child loggers adding their keys", () => {
    // Prepare
    const out = collector();
    const log = createLogger({ sink: out.sink, clock: () => AT });

    // Act
    log.child({ operationId: 'op-1' }).child({ step: 'delete-rds' }).info('deleting', { clusterId: 'staging' });

    // Assess
    expect(out.parsed()).toEqual([
      { level: 'INFO', message: 'deleting', timestamp: '2026-11-25T03:00:00.000Z', service: 'aurora-restore', sampling_rate: 0, operationId: 'op-1', step: 'delete-rds', clusterId: 'staging' },
    ]);
  });

  it('puts the Lambda context on every line, of the logger and of children made after it was added', () => {
    // Prepare
    const out = collector();
    const log = createLogger({ sink: out.sink });
    log.addContext(CONTEXT);

    // Act
    log.info('root line');
    log.child({ operationId: 'op-1' }).warn('child line');

    // Assess
    expect(out.parsed()).toEqual([
      expect.objectContaining({ function_request_id: 'req-1', function_name: 'aurora-restore-dev-dispatcher', function_arn: CONTEXT.invokedFunctionArn, cold_start: false }),
      expect.objectContaining({ function_request_id: 'req-1', function_name: 'aurora-restore-dev-dispatcher', operationId: 'op-1', level: 'WARN' }),
    ]);
  });

  it('reports a cold start on the first invocation only, in the children too', () => {
    // Prepare: Lambda sets this for on-demand instances; without it Powertools never reports a cold start.
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    const out = collector();
    const log = createLogger({ sink: out.sink });

    // Act: two invocations, each logging from the root and from a fresh child.
    for (const requestId of ['req-1', 'req-2']) {
      log.addContext({ ...CONTEXT, awsRequestId: requestId });
      log.info('root');
      log.child({ step: 'start' }).info('child');
    }

    // Assess
    expect(out.parsed().map((line) => [line.function_request_id, line.message, line.cold_start])).toEqual([
      ['req-1', 'root', true],
      ['req-1', 'child', true],
      ['req-2', 'root', false],
      ['req-2', 'child', false],
    ]);
  });

  it.each<[string, LogLevel | undefined, Record<string, string>, string[]]>([
    ['the given level', 'warn', {}, ['WARN', 'ERROR']],
    ['POWERTOOLS_LOG_LEVEL when no level is given', undefined, { POWERTOOLS_LOG_LEVEL: 'DEBUG' }, ['DEBUG', 'INFO', 'WARN', 'ERROR']],
    ['info by default', undefined, {}, ['INFO', 'WARN', 'ERROR']],
    ["Lambda's advanced logging controls over the given level", 'debug', { AWS_LAMBDA_LOG_LEVEL: 'ERROR' }, ['ERROR']],
  ])('writes the lines at or above %s', (_case, level, environment, expected) => {
    // Prepare
    Object.assign(process.env, environment);
    const out = collector();
    const log = createLogger({ sink: out.sink, ...(level !== undefined ? { level } : {}) });

    // Act
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');

    // Assess: the advanced-logging-controls case may add Powertools' own warning, which is filtered too.
    expect(out.parsed().filter((line) => ['d', 'i', 'w', 'e'].includes(line.message as string)).map((line) => line.level)).toEqual(expected);
  });

  it('masks values under keys that look like secrets, however deep, but keeps secret ARNs', () => {
    // Prepare
    const out = collector();

    // Act
    createLogger({ sink: out.sink })
      .child({ credentials: { user: 'x' } })
      .info('x', { user: { password: 'hunter2', passwordSecretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:x', MasterUserPassword: 'pw' } });

    // Assess
    expect(out.lines[0]).not.toContain('hunter2');
    expect(out.lines[0]).not.toContain('"pw"');
    expect(out.lines[0]).not.toContain('"user":"x"');
    expect(out.lines[0]).toContain('arn:aws:secretsmanager');
  });

  it('serialises errors with their cause and no stack', () => {
    // Prepare
    const out = collector();

    // Act
    createLogger({ sink: out.sink }).error('failed', { error: new Error('outer', { cause: new Error('inner') }) });

    // Assess
    expect(out.parsed()[0]?.error).toEqual({ name: 'Error', message: 'outer', cause: { name: 'Error', message: 'inner' } });
  });
});
