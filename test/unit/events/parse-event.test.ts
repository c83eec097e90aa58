import { InvalidInputError } from '../../../src/errors';
import { parseEvent } from '../../../src/events/parse-event';
import { requestInput } from '../../support/factories';

describe('parseEvent', () => {
  it('accepts a start event and applies the request defaults', () => {
    // Act
    const parsed = parseEvent({ step: 'start', request: requestInput() });

    // Assess
    expect(parsed.kind).toBe('start');
    if (parsed.kind !== 'start') return;
    expect(parsed.event.request.safety).toEqual({ allowDisableDeletionProtection: false, requireManagedTag: true });
    expect(parsed.event.request.copy.mode).toBe('auto');
    expect(parsed.event.request.dryRun).toBe(false);
    expect(parsed.event.request.target.finalSnapshot).toBe('skip');
  });

  it('lower-cases cluster identifiers, as RDS stores them', () => {
    const parsed = parseEvent({ step: 'start', request: requestInput({ target: { clusterId: 'Staging-Orders', instances: [{ id: 'Staging-1', instanceClass: 'db.r6g.large' }] } }) });
    expect(parsed.kind === 'start' && parsed.event.request.target.clusterId).toBe('staging-orders');
  });

  it('accepts a continuation', () => {
    const event = { operationId: '20261125-030000-a1b2c3', step: 'check-copy-status', token: 'abcDEF123_-xyz' };
    expect(parseEvent(event)).toEqual({ kind: 'continuation', event });
  });

  it.each([
    [{ command: 'status', operationId: '20261125-030000-a1b2c3' }, 'command'],
    [{ command: 'list', target: 'staging-orders' }, 'command'],
    [{ source: 'aws.rds', 'detail-type': 'RDS DB Cluster Event', detail: { SourceIdentifier: 'staging-orders', EventID: 'RDS-EVENT-0170' }, id: 'x', resources: [] }, 'rds'],
  ])('accepts %j as a %s event', (event, kind) => {
    expect(parseEvent(event).kind).toBe(kind);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'start', /must be a JSON object/],
    ['an array', [], /must be a JSON object/],
    ['no routing field', { hello: 'world' }, /no "step", "command" or "source" field/],
    ['start without request', { step: 'start' }, /request: .*(object|undefined)/i],
    ['start without target', { step: 'start', request: { source: { clusterId: 'prod' } } }, /request\.target: /],
    ['source with neither cluster nor snapshot', { step: 'start', request: { ...requestInput(), source: {} } }, /request\.source\.clusterId: give source\.clusterId/],
    ['target equal to the source', { step: 'start', request: requestInput({ source: { clusterId: 'staging-orders' } }) }, /request\.target\.clusterId: target\.clusterId must not be the source cluster/],
    ['a bad cluster identifier', { step: 'start', request: requestInput({ target: { clusterId: '1-bad--id-', instances: [{ id: 'i1', instanceClass: 'db.r6g.large' }] } }) }, /request\.target\.clusterId: must start with a letter.*request\.target\.clusterId: must not contain "--".*must not end with a hyphen/],
    ['no instances', { step: 'start', request: requestInput({ target: { clusterId: 'staging', instances: [] } }) }, /request\.target\.instances: must configure at least one instance/],
    ['an unknown request field', { step: 'start', request: { ...requestInput(), dryrun: true } }, /request: Unrecognized key: "dryrun"/],
    ['a wrong type', { step: 'start', request: { ...requestInput(), dryRun: 'yes' } }, /request\.dryRun: .*boolean/],
    ['a bad KMS key', { step: 'start', request: { ...requestInput(), copy: { kmsKeyId: 'my key' } } }, /request\.copy\.kmsKeyId: must be a KMS key id/],
    ['a too-short wait', { step: 'start', request: { ...requestInput(), waiting: { initialDelaySeconds: 10 } } }, /request\.waiting\.initialDelaySeconds: .*60/],
    ['users without a master password', { step: 'start', request: { ...requestInput(), users: { roles: [{ name: 'app', passwordSecret: 'app/db' }] } } }, /request\.users\.masterPassword: roles, dropRoles and postRestoreSql need users\.masterPassword/],
    ['a role both wanted and dropped', { step: 'start', request: { ...requestInput(), users: { masterPassword: { secret: 'm' }, roles: [{ name: 'app', passwordSecret: 'app/db' }], dropRoles: ['app'] } } }, /request\.users\.dropRoles: a role cannot be both configured/],
    ['a statement timeout longer than an invocation', { step: 'start', request: { ...requestInput(), users: { statementTimeoutSeconds: 3600 } } }, /request\.users\.statementTimeoutSeconds: .*600/],
    ['a reserved tag key', { step: 'start', request: requestInput({ target: { clusterId: 'staging', instances: [{ id: 's1', instanceClass: 'db.r6g.large' }], tags: { 'aws:owner': 'x' } } }) }, /request\.target\.tags\.aws:owner: tag keys must not start with "aws:"/],
    ['too many tags', { step: 'start', request: requestInput({ target: { clusterId: 'staging', instances: [{ id: 's1', instanceClass: 'db.r6g.large' }], tags: Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, 'v'])) } }) }, /request\.target\.tags: at most 47 tags/],
    ['a Performance Insights retention RDS refuses', { step: 'start', request: requestInput({ target: { clusterId: 'staging', instances: [{ id: 's1', instanceClass: 'db.r6g.large', performanceInsights: { enabled: true, retentionDays: 30 } }] } }) }, /retentionDays: must be 7, 731, or a multiple of 31/],
    ['a continuation without token', { operationId: '20261125-030000-a1b2c3', step: 'check-copy-status' }, /token: /],
    ['a continuation with an unknown step', { operationId: '20261125-030000-a1b2c3', step: 'copy', token: 'abcdefgh12' }, /step: .*"snapshot-check"/],
    ['a bad operation id', { operationId: 'x', step: 'delete-rds', token: 'abcdefgh12' }, /operationId: must be an operation id/],
    ['a step that is not start, without id', { step: 'delete-rds' }, /needs "operationId" and "token"/],
    ['an unknown command', { command: 'destroy', operationId: '20261125-030000-a1b2c3' }, /command: /],
  ])('rejects %s with an error naming the field', (_case, event, message) => {
    // Act
    let caught: unknown;
    try {
      parseEvent(event);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(InvalidInputError);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('parseEvent on RDS events it cannot use', () => {
  const rdsEvent = (detail: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    source: 'aws.rds',
    'detail-type': 'RDS DB Cluster Event',
    id: 'b7c2f3a0-0000-4000-8000-000000000001',
    detail: { SourceIdentifier: 'staging-orders', EventID: 'RDS-EVENT-0170', ...detail },
    ...extra,
  });

  it('accepts fields at their limits', () => {
    const event = rdsEvent({ SourceIdentifier: 's'.repeat(255), Message: 'm'.repeat(4096), SourceArn: 'a'.repeat(2048) }, { id: 'i'.repeat(128) });
    expect(parseEvent(event).kind).toBe('rds');
  });

  it.each<[string, unknown, RegExp]>([
    ['without detail', { source: 'aws.rds', 'detail-type': 'RDS DB Cluster Event' }, /^detail: /],
    ['with an oversized identifier', rdsEvent({ SourceIdentifier: 's'.repeat(256) }), /^detail\.SourceIdentifier: must be at most 255 characters/],
    ['with an oversized message', rdsEvent({ Message: 'm'.repeat(4097) }), /^detail\.Message: must be at most 4096 characters/],
    ['with an oversized event id', rdsEvent({}, { id: 'i'.repeat(129) }), /^id: must be at most 128 characters/],
    ['with a malformed RDS event id', rdsEvent({ EventID: 'RDS-EVENT-0170; DROP' }), /^detail\.EventID: must be an RDS event id/],
    ['with a number for an identifier', rdsEvent({ SourceIdentifier: 42 }), /^detail\.SourceIdentifier: /],
    ['with __proto__ in its detail', JSON.parse('{"source":"aws.rds","detail-type":"RDS DB Cluster Event","detail":{"SourceIdentifier":"s","__proto__":{"polluted":true}}}'), /^detail\.__proto__: the key "__proto__" is not allowed/],
    ['of 300 KB', rdsEvent({}, { resources: ['r'.repeat(300 * 1024)] }), /^\(event\): is \d+ bytes as JSON; at most 262144/],
  ])('ignores one %s, saying why, instead of throwing', (_case, event, issue) => {
    // Act
    const parsed = parseEvent(event);

    // Assess
    expect(parsed.kind).toBe('ignored');
    if (parsed.kind !== 'ignored') return;
    expect(parsed.issues[0]).toMatch(issue);
    expect(parsed.reason).toMatch(/^malformed RDS event ignored: /);
  });
});

describe('parseEvent on structurally unsafe events', () => {
  it.each<[string, string, RegExp]>([
    ['a start event', `{"step":"start","request":{"source":{"clusterId":"prod","__proto__":{"x":1}}}}`, /^Invalid event: request\.source\.__proto__: the key "__proto__" is not allowed/],
    ['a continuation', `{"operationId":"20261125-030000-a1b2c3","step":"delete-rds","token":"abcdefgh12","constructor":{}}`, /^Invalid event: constructor: the key "constructor" is not allowed/],
    ['a command', `{"command":"status","operationId":"20261125-030000-a1b2c3","prototype":1}`, /^Invalid event: prototype: the key "prototype" is not allowed/],
    ['a top-level __proto__', `{"__proto__":{"step":"start"}}`, /^Invalid event: __proto__: /],
  ])('refuses forbidden keys in %s, naming the path', (_case, json, message) => {
    expect(() => parseEvent(JSON.parse(json))).toThrow(message);
  });

  it('refuses a deeply nested event and a huge one before looking at their schema', () => {
    let deep: unknown = {};
    for (let level = 0; level < 100_000; level += 1) deep = { deep };
    expect(() => parseEvent({ command: 'status', nested: deep })).toThrow(/nested\.deep\.deep.*nests deeper than 16 levels/);
    expect(() => parseEvent({ command: 'status', operationId: '20261125-030000-a1b2c3', pad: 'x'.repeat(300 * 1024) })).toThrow(/\(event\): is \d+ bytes as JSON; at most 262144/);
  });

  it('cuts long keys and many issues in the message', () => {
    // Act
    let message = '';
    try {
      parseEvent({ step: 'start', request: { ...requestInput(), target: { ...requestInput().target, tags: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`aws:${'k'.repeat(1000)}${i}`, 'v'])) } } });
    } catch (error) {
      message = (error as Error).message;
    }

    // Assess
    expect(message).toMatch(/request\.target\.tags\.aws:k{60}…: /);
    expect(message).toMatch(/\(and \d+ more issues\)$/);
    expect(message.length).toBeLessThan(5000);
  });
});
