import { MAX_REQUEST_BYTES, REQUEST_LIMITS } from '../../../src/request/limits';
import { incomingRequestSchema, refreshRequestSchema, type RefreshRequestInput } from '../../../src/request/schema';
import { requestInput } from '../../support/factories';
import { requestOfBytes } from '../../support/sized-request';

const target = requestInput().target;
const masterPassword = { secret: 'staging/master' };
const instances = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `staging-${i + 1}`, instanceClass: 'db.r6g.large' }));
const names = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

function issues(input: unknown): string[] {
  const parsed = incomingRequestSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('the request schema', () => {
  it.each<[string, Partial<RefreshRequestInput>]>([
    [`${REQUEST_LIMITS.instances} instances`, { target: { ...target, instances: instances(REQUEST_LIMITS.instances) } }],
    [`${REQUEST_LIMITS.securityGroups} security groups`, { target: { ...target, securityGroupIds: Array.from({ length: 5 }, (_, i) => `sg-0000000${i}`) } }],
    ['Serverless v2 from 0 to 256 ACU', { target: { ...target, instances: [{ id: 's1', instanceClass: 'db.serverless' }], serverlessV2Scaling: { minCapacity: 0, maxCapacity: 256 } } }],
    ['Serverless v2 in half ACUs', { target: { ...target, instances: [{ id: 's1', instanceClass: 'db.serverless' }], serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 1.5 } } }],
    ['instance and cluster tags together at 47', { target: { ...target, tags: Object.fromEntries(names(40, 'c').map((k) => [k, 'v'])), instances: [{ id: 'i1', instanceClass: 'db.r6g.large', tags: Object.fromEntries(names(7, 'i').map((k) => [k, 'v'])) }] } }],
    [`${REQUEST_LIMITS.roles} roles, ${REQUEST_LIMITS.dropRoles} dropped, ${REQUEST_LIMITS.postRestoreSql} scripts`, {
      users: {
        masterPassword,
        roles: names(REQUEST_LIMITS.roles, 'app').map((name) => ({ name, passwordSecret: `staging/${name}` })),
        dropRoles: names(REQUEST_LIMITS.dropRoles, 'prod'),
        postRestoreSql: names(REQUEST_LIMITS.postRestoreSql, 'mask').map((name) => ({ file: `${name}.sql` })),
      },
    }],
    [`${REQUEST_LIMITS.grantsPerRole} grants of ${REQUEST_LIMITS.schemasPerGrant} schemas`, {
      users: { masterPassword, roles: [{ name: 'app', passwordSecret: 'staging/app', grants: Array.from({ length: REQUEST_LIMITS.grantsPerRole }, () => ({ preset: 'readonly' as const, schemas: names(REQUEST_LIMITS.schemasPerGrant, 's') })) }] },
    }],
    ['the widest numbers', {
      source: { clusterId: 'prod-orders', maxAgeHours: 9600 },
      waiting: { initialDelaySeconds: 86_400, multiplier: 10, maxDelaySeconds: 86_400, minDelaySeconds: 60, maxChecks: 10_000, deadlineBaseHours: 336, deadlineHoursPerTb: 48 },
      users: { connectTimeoutSeconds: 120, statementTimeoutSeconds: 600 },
    }],
    ['the narrowest numbers', { source: { clusterId: 'prod-orders', maxAgeHours: 1 }, waiting: { deadlineBaseHours: 1, deadlineHoursPerTb: 0, maxChecks: 1 } }],
  ])('accepts %s', (_case, overrides) => {
    expect(issues(requestInput(overrides))).toEqual([]);
  });

  it.each<[string, Partial<RefreshRequestInput>, RegExp]>([
    ['17 instances', { target: { ...target, instances: instances(17) } }, /^target\.instances: at most 16 instances \(Aurora's limit/],
    ['6 security groups', { target: { ...target, securityGroupIds: Array.from({ length: 6 }, (_, i) => `sg-0000000${i}`) } }, /^target\.securityGroupIds: at most 5 security groups/],
    ['a quarter ACU', { target: { ...target, instances: [{ id: 's1', instanceClass: 'db.serverless' }], serverlessV2Scaling: { minCapacity: 0.25, maxCapacity: 2 } } }, /^target\.serverlessV2Scaling\.minCapacity: must be a multiple of 0\.5 ACU/],
    ['257 ACU', { target: { ...target, instances: [{ id: 's1', instanceClass: 'db.serverless' }], serverlessV2Scaling: { minCapacity: 1, maxCapacity: 257 } } }, /^target\.serverlessV2Scaling\.maxCapacity: must be at most 256 ACU/],
    ['48 tags on an instance with its cluster\'s', { target: { ...target, tags: Object.fromEntries(names(40, 'c').map((k) => [k, 'v'])), instances: [{ id: 'i1', instanceClass: 'db.r6g.large', tags: Object.fromEntries(names(8, 'i').map((k) => [k, 'v'])) }] } }, /^target\.instances\.0\.tags: target\.tags and this instance's tags come to 48 keys; at most 47/],
    ['51 roles', { users: { masterPassword, roles: names(51, 'app').map((name) => ({ name, passwordSecret: `staging/${name}` })) } }, /^users\.roles: at most 50 roles/],
    ['101 roles to drop', { users: { masterPassword, dropRoles: names(101, 'prod') } }, /^users\.dropRoles: at most 100 roles to drop/],
    ['51 scripts', { users: { masterPassword, postRestoreSql: names(51, 'mask').map((name) => ({ file: `${name}.sql` })) } }, /^users\.postRestoreSql: at most 50 scripts/],
    ['51 schemas in a grant', { users: { masterPassword, roles: [{ name: 'app', passwordSecret: 'staging/app', grants: [{ preset: 'readonly', schemas: names(51, 's') }] }] } }, /^users\.roles\.0\.grants\.0\.schemas: at most 50 schemas/],
    ['1e-300 hours of snapshot age', { source: { clusterId: 'prod-orders', maxAgeHours: 1e-300 } }, /^source\.maxAgeHours: must be at least 1 hour/],
    ['a deadline of 1e-300 hours', { waiting: { deadlineBaseHours: 1e-300 } }, /^waiting\.deadlineBaseHours: must be at least 1 hour/],
    ['1e-300 hours per TB', { waiting: { deadlineHoursPerTb: 1e-300 } }, /^waiting\.deadlineHoursPerTb: must be 0 or at least 0\.01/],
    ['a shortest wait above the longest', { waiting: { minDelaySeconds: 600, maxDelaySeconds: 300 } }, /^waiting\.minDelaySeconds: minDelaySeconds must not exceed maxDelaySeconds/],
    ['a fractional check count', { waiting: { maxChecks: 2.5 } }, /^waiting\.maxChecks: .*expected int/],
    ['a connection limit of a million', { users: { masterPassword, roles: [{ name: 'app', passwordSecret: 'staging/app', connectionLimit: 1_000_000 }] } }, /^users\.roles\.0\.connectionLimit: must be at most 10000/],
    ['a snapshot type named twice', { source: { clusterId: 'prod-orders', snapshotTypes: ['manual', 'manual'] } }, /^source\.snapshotTypes: must name each snapshot type at most once/],
    ['a 201-character requestedBy', { requestedBy: 'x'.repeat(201) }, /^requestedBy: must be at most 200 characters/],
    ['an unknown strategy', { strategy: 'blue-green' as never }, /^strategy: /],
    ['a keep window of 169 hours', { strategy: 'swap', swap: { keepRetiredHours: 169 } }, /^swap\.keepRetiredHours: must be at most 168 hours/],
    ['checks without a master password', { strategy: 'swap', verify: [{ name: 'rows', sql: 'SELECT 1', expect: { rows: { min: 1 } } }] }, /^verify: verify needs users\.masterPassword/],
    ['checks with replace', { strategy: 'replace', users: { masterPassword }, verify: [{ name: 'rows', sql: 'SELECT 1', expect: { rows: { min: 1 } } }] }, /^verify: verify runs only with strategy "swap"/],
    ['a check SQL of 4001 characters', { strategy: 'swap', users: { masterPassword }, verify: [{ name: 'long', sql: 'x'.repeat(4001), expect: { empty: true } }] }, /^verify\.0\.sql: must be at most 4000 characters/],
    ['a row range upside down', { strategy: 'swap', users: { masterPassword }, verify: [{ name: 'r', sql: 'SELECT 1', expect: { rows: { min: 5, max: 1 } } }] }, /^verify\.0\.expect/],
    ['two checks of one name', { strategy: 'swap', users: { masterPassword }, verify: [{ name: 'r', sql: 'SELECT 1', expect: { empty: true } }, { name: 'r', sql: 'SELECT 2', expect: { empty: true } }] }, /^verify: check names must be unique/],
  ])('refuses %s, naming the field', (_case, overrides, message) => {
    expect(issues(requestInput(overrides)).join('\n')).toMatch(message);
  });

  it('refuses a managed tag in the request: it is a deployment setting', () => {
    expect(issues({ ...requestInput(), safety: { managedTag: { key: 'env', value: 'scratch' } } })).toEqual([
      'safety.managedTag: the managed tag is a deployment setting, not a request field: remove safety.managedTag and set MANAGED_TAG_KEY and MANAGED_TAG_VALUE in the deployment (.env)',
    ]);
  });

  it(`accepts a request of ${MAX_REQUEST_BYTES} bytes and refuses one byte more`, () => {
    // Prepare
    const atLimit = requestOfBytes(MAX_REQUEST_BYTES);
    const overLimit = requestOfBytes(MAX_REQUEST_BYTES + 1);

    // Assess
    expect(Buffer.byteLength(JSON.stringify(atLimit))).toBe(MAX_REQUEST_BYTES);
    expect(issues(atLimit)).toEqual([]);
    expect(issues(overLimit)).toEqual([`: is ${MAX_REQUEST_BYTES + 1} bytes as JSON; at most ${MAX_REQUEST_BYTES} are accepted (the operation is stored in one DynamoDB item)`]);
  });

  it('reads a stored request back without the edge\'s size bound (defaults make it larger than what was sent)', () => {
    const stored = refreshRequestSchema.parse(requestInput());
    expect(refreshRequestSchema.parse(stored)).toEqual(stored);
  });
});
