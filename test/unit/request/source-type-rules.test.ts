import { incomingRequestSchema, type RefreshRequestInput } from '../../../src/request/schema';
import { requestInput } from '../../support/factories';

function issues(input: unknown): string[] {
  const parsed = incomingRequestSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

function withSource(source: RefreshRequestInput['source'], overrides: Partial<RefreshRequestInput> = {}): RefreshRequestInput {
  return { ...requestInput(), source, ...overrides };
}

describe('the request schema: source types', () => {
  it.each<[string, RefreshRequestInput['source']]>([
    ['a snapshot source with no type (the default)', { clusterId: 'prod-orders' }],
    ['a clone', { type: 'clone', clusterId: 'prod-orders' }],
    ['a clone that says copy-on-write', { type: 'clone', clusterId: 'prod-orders', restoreType: 'copy-on-write' }],
    ['a point-in-time restore at the latest time', { type: 'point-in-time', clusterId: 'prod-orders' }],
    ['a point-in-time restore at a given time, copy-on-write', { type: 'point-in-time', clusterId: 'prod-orders', restoreTime: '2026-11-24T22:30:00+01:00', restoreType: 'copy-on-write' }],
  ])('accepts %s', (_case, source) => {
    // Act
    const parsed = incomingRequestSchema.safeParse(withSource(source));

    // Assess
    expect(parsed.success).toBe(true);
  });

  it('defaults to a snapshot source and leaves the restore type to the source type', () => {
    // Act
    const parsed = incomingRequestSchema.parse(withSource({ clusterId: 'prod-orders' }));

    // Assess
    expect(parsed.source.type).toBe('snapshot');
    expect(parsed.source.restoreType).toBeUndefined();
  });

  it.each<[string, RefreshRequestInput, string]>([
    ['a clone across regions', withSource({ type: 'clone', clusterId: 'prod-orders', region: 'eu-central-1' }), 'source.region: a clone is made only in the source cluster\'s own region — RDS neither clones nor restores to a point in time across regions'],
    ['a clone from another account', withSource({ type: 'clone', clusterId: 'prod-orders', accountId: '222222222222' }), 'source.accountId: a clone is made only in the source cluster\'s own account'],
    ['a point-in-time restore across regions', withSource({ type: 'point-in-time', clusterId: 'prod-orders', region: 'eu-central-1' }), 'source.region: a point-in-time restore is made only in the source cluster\'s own region'],
    ['a clone without a source cluster', withSource({ type: 'clone' }), 'source.clusterId: a clone needs source.clusterId, the cluster it reads from'],
    ['a clone of a snapshot', withSource({ type: 'clone', clusterId: 'prod-orders', snapshot: 'prod-nightly' }), 'source.snapshot: a clone reads the source cluster, not a snapshot'],
    ['a clone at a given time', withSource({ type: 'clone', clusterId: 'prod-orders', restoreTime: '2026-11-24T22:30:00Z' }), 'source.restoreTime: a clone is of the latest restorable time; for a given time set source.type to "point-in-time"'],
    ['a full-copy clone', withSource({ type: 'clone', clusterId: 'prod-orders', restoreType: 'full-copy' }), 'source.restoreType: a clone is copy-on-write; for a full copy set source.type to "point-in-time"'],
    ['a snapshot age limit on a point-in-time restore', withSource({ type: 'point-in-time', clusterId: 'prod-orders', maxAgeHours: 26 }), 'source.maxAgeHours: applies to snapshot discovery only'],
    ['a restore time on a snapshot source', withSource({ clusterId: 'prod-orders', restoreTime: '2026-11-24T22:30:00Z' }), 'source.restoreTime: applies only to source.type "point-in-time"'],
    ['a restore time without an offset', withSource({ type: 'point-in-time', clusterId: 'prod-orders', restoreTime: '2026-11-24 22:30' }), 'source.restoreTime: must be an ISO 8601 time with an offset'],
    ['a copy key on a clone', withSource({ type: 'clone', clusterId: 'prod-orders' }, { copy: { kmsKeyId: 'alias/staging' } }), 'copy.kmsKeyId: a clone copies no snapshot: remove copy.kmsKeyId, and set target.kmsKeyId'],
    ['copy.mode always on a point-in-time restore', withSource({ type: 'point-in-time', clusterId: 'prod-orders' }, { copy: { mode: 'always' } }), 'copy.mode: a point-in-time restore copies no snapshot'],
    ['an engine version on a clone', withSource({ type: 'clone', clusterId: 'prod-orders' }, { target: { ...requestInput().target, engineVersion: '16.6' } }), 'target.engineVersion: a clone keeps the source cluster\'s engine version'],
  ])('refuses %s, naming the field and the fix', (_case, request, expected) => {
    // Act
    const found = issues(request);

    // Assess
    expect(found).toEqual([expect.stringContaining(expected)]);
  });
});
