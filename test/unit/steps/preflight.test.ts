import type { StepContext } from '../../../src/engine/step';
import { SqlScriptError } from '../../../src/errors';
import type { RefreshRequestInput } from '../../../src/request/schema';
import { preflightStep } from '../../../src/steps/preflight';
import { masterPasswordProblem } from '../../../src/steps/preflight/request-checks';
import { FakeRds, fakeCluster } from '../../support/fake-rds';
import { runAsEngine } from '../../support/run-as-engine';
import { stepContext } from '../../support/step-context';

const MASTER_SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:staging-master-AbCdEf';
const READER_SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:staging-reader-AbCdEf';
const MANAGED = { 'aurora-restore:managed': 'true' };

/** A target that may be replaced, a master secret and a role, a script: everything preflight looks at. */
function fullRequest(overrides: Partial<RefreshRequestInput> = {}): Partial<RefreshRequestInput> {
  return {
    users: {
      masterPassword: { secret: MASTER_SECRET },
      roles: [{ name: 'app_reader', passwordSecret: READER_SECRET, grants: [{ preset: 'readonly' }] }],
      postRestoreSql: [{ file: 'masking/customers.sql' }],
    },
    target: { clusterId: 'staging-orders', instances: [{ id: 'staging-orders-1', instanceClass: 'db.r6g.large' }], kmsKeyId: 'alias/staging', subnetGroup: 'staging-subnets' },
    ...overrides,
  };
}

interface World {
  context: StepContext & { ports: { rds: FakeRds } };
  secrets: Record<string, string>;
}

function world(options: { request?: Partial<RefreshRequestInput>; secrets?: Record<string, string>; missing?: { kind: string; name: string }[]; instanceOwner?: string; keyState?: string; script?: () => Promise<{ statements: number }>; readers?: { operationId: string; target: string; step: 'check-copy-status' }[] } = {}): World {
  const secrets = options.secrets ?? { [`${MASTER_SECRET}|password`]: 'Str0ng-Master-Pass', [`${READER_SECRET}|password`]: 'reader-password-1' };
  const rds = new FakeRds({ clusters: [fakeCluster({ resourceId: 'cluster-PINNED', tags: MANAGED })] });
  (rds as unknown as { describeInstance: unknown }).describeInstance = jest.fn(async (id: string) => (options.instanceOwner !== undefined ? { id, arn: `arn:${id}`, clusterId: options.instanceOwner, status: 'available', instanceClass: 'db.r6g.large', tags: {} } : undefined));
  (rds as unknown as { findMissingResources: unknown }).findMissingResources = jest.fn(async () => options.missing ?? []);
  const context = stepContext({
    step: 'preflight',
    request: options.request ?? fullRequest(),
    ports: {
      rds,
      secrets: { getSecretValue: async (id: string, key?: string) => {
        const value = secrets[`${id}|${key ?? ''}`];
        if (value === undefined) throw Object.assign(new Error(`Secrets Manager can't find the specified secret.`), { name: 'ResourceNotFoundException' });
        return value;
      } } as never,
      kms: { describeKey: async (keyId: string) => ({ keyId, arn: `arn:aws:kms:eu-west-1:111111111111:${keyId}`, state: options.keyState ?? 'Enabled' }) } as never,
      scripts: { read: async (reference: { file: string } | { s3Uri: string }) => ({ name: 'file' in reference ? reference.file : reference.s3Uri, sql: 'UPDATE customers SET email = NULL;' }) },
      database: { checkScript: options.script ?? (async () => ({ statements: 1 })) } as never,
    },
    ...(options.readers !== undefined ? { runningFromSource: { '111111111111:eu-west-1:staging-orders': options.readers } } : {}),
  }) as World['context'];
  return { context, secrets };
}

describe('preflight', () => {
  it('passes a sound request and pins the target and the source', async () => {
    // Act
    const outcome = await runAsEngine(preflightStep, world().context);

    // Assess
    expect(outcome).toEqual({
      type: 'advance',
      next: 'snapshot-check',
      facts: {
        strategy: 'replace',
        targetInstanceIds: ['staging-orders-1'],
        targetExisted: true,
        targetResourceId: 'cluster-PINNED',
        targetArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging-orders',
        targetDeletionProtection: false,
        targetConfiguration: { port: 5432, deletionProtection: false, instances: [] },
        sourceClusterKey: '111111111111:eu-west-1:prod-orders',
      },
    });
  });

  it.each<[string, Parameters<typeof world>[0], string]>([
    ['the master secret is missing', { secrets: { [`${READER_SECRET}|password`]: 'reader-password-1' } }, `users.masterPassword.secret: secret ${MASTER_SECRET} (key password) cannot be read`],
    ['the master password is one RDS refuses', { secrets: { [`${MASTER_SECRET}|password`]: 'p@ss word', [`${READER_SECRET}|password`]: 'x' } }, 'users.masterPassword: the password in secret'],
    ['a role password is empty', { secrets: { [`${MASTER_SECRET}|password`]: 'Str0ng-Master-Pass', [`${READER_SECRET}|password`]: '' } }, 'users.roles[0].passwordSecret: the password of role "app_reader"'],
    ['a script does not parse', { script: async () => Promise.reject(new SqlScriptError('SQL script masking/customers.sql cannot be read: syntax error at line 3', { script: 'masking/customers.sql', statement: 0, line: 3, column: 1 }, '42601')) }, 'users.postRestoreSql[0]: SQL script masking/customers.sql cannot be read'],
    ['a role is reserved', { request: fullRequest({ users: { masterPassword: { secret: MASTER_SECRET }, dropRoles: ['rds_superuser'] } }) }, 'role "rds_superuser" is reserved'],
    ['an instance id belongs to another cluster', { instanceOwner: 'analytics' }, 'target.instances[0].id: instance staging-orders-1 already exists in cluster analytics'],
    ['the subnet group does not exist', { missing: [{ kind: 'subnet-group', name: 'staging-subnets' }] }, 'target.subnetGroup: staging-subnets does not exist'],
    ['an instance class cannot be ordered', { missing: [{ kind: 'instance-class', name: 'db.r6g.large' }] }, 'target.instances[].instanceClass: db.r6g.large cannot be ordered'],
    ['the restore key is disabled', { keyState: 'Disabled' }, 'target.kmsKeyId: the KMS key alias/staging is Disabled'],
    ['the target is the source of a running operation', { readers: [{ operationId: '20261125-040000-ffeedd', target: 'analytics', step: 'check-copy-status' }] }, 'is the source of running operation 20261125-040000-ffeedd'],
  ])('fails, naming the field and the fix, when %s', async (_case, options, message) => {
    // Act
    const outcome = await runAsEngine(preflightStep, world(options).context);

    // Assess
    expect(outcome).toMatchObject({ type: 'fail', error: { name: 'PreflightFailedError', step: 'preflight', message: expect.stringContaining(message) } });
    expect((outcome as { error: Error }).error.message).toContain('nothing was copied or deleted');
  });

  it('refuses an unmanaged target before anything is copied', async () => {
    // Prepare
    const { context } = world();
    context.ports.rds.clusters.set('staging-orders', fakeCluster({ resourceId: 'cluster-PINNED', tags: {} }));

    // Act
    const outcome = await runAsEngine(preflightStep, context);

    // Assess
    expect(outcome).toMatchObject({ type: 'fail', error: { message: expect.stringContaining('target.clusterId: Refusing to delete cluster staging-orders: it does not carry the tag aurora-restore:managed=true') } });
  });

  it.each([
    ['Str0ng-Master-Pass', undefined],
    ['short', 'is 5 characters long; RDS accepts 8 to 128'],
    ['has a space in it', 'contains a character RDS does not accept'],
    ['quote"inside!', 'contains / \' " or @'],
    ['x'.repeat(129), 'is 129 characters long'],
  ])('checks the master password %j the way RDS does', (password, problem) => {
    const found = masterPasswordProblem(password);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
