import type { BuiltTarget } from '../../../../src/rds/target-configuration';
import { builtTargetProblems } from '../../../../src/steps/preflight/built-target-checks';

const INSTANCE = { id: 'staging-orders-1', instanceClass: 'db.r6g.large' };
const built = (overrides: Partial<BuiltTarget> = {}): BuiltTarget => ({ clusterId: 'staging-orders', finalSnapshot: 'skip', instances: [INSTANCE], ...overrides });
const tags = (count: number, prefix = 'k') => Object.fromEntries(Array.from({ length: count }, (_, index) => [`${prefix}${index}`, 'v']));

describe('preflight: the target as built', () => {
  it.each<[string, BuiltTarget, Partial<BuiltTarget>, RegExp | undefined]>([
    ['windows apart', built({ preferredBackupWindow: '03:00-03:30', preferredMaintenanceWindow: 'sun:05:00-sun:05:30' }), {}, undefined],
    [
      "the request's backup window inside the old target's maintenance window",
      built({ preferredBackupWindow: '05:00-05:30', preferredMaintenanceWindow: 'sun:05:00-sun:05:30' }),
      { preferredBackupWindow: '05:00-05:30' },
      /^target\.preferredBackupWindow: the backup window 05:00-05:30 overlaps the maintenance window \(carried over from the existing target\) sun:05:00-sun:05:30; RDS refuses that/,
    ],
    [
      "the old target's IAM error logs with IAM authentication switched off by the request",
      built({ cloudwatchLogsExports: ['postgresql', 'iam-db-auth-error'], iamDatabaseAuthentication: false }),
      { iamDatabaseAuthentication: false },
      /^target\.cloudwatchLogsExports: the log exports \(carried over from the existing target\) include iam-db-auth-error, which needs IAM database authentication, and iamDatabaseAuthentication is not on/,
    ],
    ['IAM error logs with IAM authentication', built({ cloudwatchLogsExports: ['iam-db-auth-error'], iamDatabaseAuthentication: true }), {}, undefined],
    ['db.serverless with the old capacity range', built({ instances: [{ id: 's1', instanceClass: 'db.serverless' }], serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 8 } }), {}, undefined],
    ['db.serverless with no capacity range anywhere', built({ instances: [{ id: 's1', instanceClass: 'db.serverless' }] }), {}, /^target\.serverlessV2Scaling: db\.serverless instances need a capacity range/],
    ['47 tags', built({ tags: tags(47) }), {}, undefined],
    ['48 tags carried from the old target', built({ tags: tags(48) }), {}, /^target\.tags: the tags \(carried over from the existing target\) come to 48; at most 47: RDS allows 50 and this tool adds 3/],
    ['an instance whose own tags and the cluster\'s pass 47', built({ tags: tags(40), instances: [{ ...INSTANCE, tags: tags(8, 'i') }] }), {}, /^target\.instances: instance staging-orders-1 would carry 48 tags/],
  ])('%s', (_case, target, requested, expected) => {
    const problems = builtTargetProblems(target, requested);
    expect(problems).toEqual(expected === undefined ? [] : [expect.stringMatching(expected)]);
  });
});
