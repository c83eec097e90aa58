/**
 * The bad-input corpus: events the handler must refuse (or, for RDS events, ignore) before it reads
 * or writes anything. Kept as data: each case names the field its error must name (the dotted path,
 * `(event)` for the event as a whole) and what the error must say is expected.
 */

/** What the handler does with a bad event: throw InvalidInputError, or answer `ignored` (RDS events). */
export type BadInputOutcome = 'refused' | 'ignored';

export interface BadInputCase {
  name: string;
  event: unknown;
  /** The dotted path the error names. */
  field: string;
  /** What the error says is expected. */
  expected: RegExp;
  outcome?: BadInputOutcome;
}

export const OPERATION_ID = '20261125-030000-a1b2c3';
const SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:staging-master-AbCdEf';

/** A complete valid request: every section present, so any field can be spoilt by its path. */
export function baseRequest(): Record<string, unknown> {
  return {
    source: { clusterId: 'prod', snapshotTypes: ['automated', 'manual'], maxAgeHours: 26 },
    target: {
      clusterId: 'staging',
      instances: [
        { id: 'staging-1', instanceClass: 'db.r6g.large', promotionTier: 0, tags: { tier: 'writer' } },
        { id: 'staging-2', instanceClass: 'db.r6g.large', promotionTier: 2 },
      ],
      subnetGroup: 'staging-db-subnets',
      securityGroupIds: ['sg-0123456789abcdef0'],
      clusterParameterGroup: 'staging-aurora-pg16',
      engineVersion: '16.4',
      port: 5432,
      tags: { team: 'data' },
    },
    copy: { mode: 'auto' },
    users: {
      masterPassword: { secret: SECRET },
      database: 'postgres',
      tls: 'disable',
      roles: [{ name: 'app', passwordSecret: 'staging/app', grants: [{ preset: 'readwrite', schemas: ['public'] }], memberOf: ['reporting'] }],
      dropRoles: ['prod_app'],
      postRestoreSql: [{ file: 'masking/customers.sql' }],
    },
    archive: { mode: 'delete' },
    notification: { onSuccess: true },
    waiting: { strategy: 'progress' },
    safety: { allowDisableDeletionProtection: false },
    requestedBy: 'jane.doe@example.com',
  };
}

/**
 * Sets `path` (dotted; numbers index arrays) in a copy of `value`. The key is defined as an own
 * property, as JSON.parse defines it, so `__proto__` becomes a key, not a prototype.
 */
export function withField(value: unknown, path: string, field: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  Object.defineProperty(node, keys[keys.length - 1]!, { value: field, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Removes `path` from a copy of `value`. */
function without(value: unknown, path: string): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  delete node[keys[keys.length - 1]!];
  return copy;
}

/** A start event whose request has `field` at `path`. */
export function startWith(path: string, field: unknown): unknown {
  return { step: 'start', request: withField(baseRequest(), path, field) };
}

/** A start event whose request lacks `path`. */
function startWithout(path: string): unknown {
  return { step: 'start', request: without(baseRequest(), path) };
}

const continuation = { operationId: OPERATION_ID, step: 'check-copy-status', token: 'abcDEF123_-xyz' };

function rdsEvent(detail: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    id: 'b7c2f3a0-0000-4000-8000-000000000001',
    source: 'aws.rds',
    'detail-type': 'RDS DB Cluster Event',
    time: '2026-11-25T03:10:00Z',
    resources: ['arn:aws:rds:us-east-1:111111111111:cluster:staging'],
    detail: { SourceIdentifier: 'staging', EventID: 'RDS-EVENT-0170', Message: 'DB cluster created', ...detail },
    ...extra,
  };
}

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

const tags = (count: number, prefix = 'k') => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, 'v']));
const list = (count: number, make: (i: number) => unknown) => Array.from({ length: count }, (_, i) => make(i));

export const BAD_INPUTS: BadInputCase[] = [
  // ---- junk ----
  { name: 'null', event: null, field: '(event)', expected: /must be a JSON object/ },
  { name: 'nothing', event: undefined, field: '(event)', expected: /must be a JSON object/ },
  { name: 'an array', event: [{ step: 'start' }], field: '(event)', expected: /must be a JSON object/ },
  { name: 'a string', event: 'start', field: '(event)', expected: /must be a JSON object/ },
  { name: 'a number', event: 42, field: '(event)', expected: /must be a JSON object/ },
  { name: 'a boolean', event: true, field: '(event)', expected: /must be a JSON object/ },
  { name: 'an empty object', event: {}, field: '(event)', expected: /no "step", "command" or "source" field/ },
  { name: 'a huge payload', event: { command: 'status', operationId: OPERATION_ID, pad: 'x'.repeat(300 * 1024) }, field: '(event)', expected: /at most 262144/ },
  { name: 'deep nesting', event: { step: 'start', request: { source: nested(100_000) } }, field: 'request.source.a', expected: /nests deeper than 16 levels/ },
  { name: 'a top-level __proto__', event: withField({ step: 'start', request: baseRequest() }, '__proto__', { polluted: true }), field: '__proto__', expected: /key "__proto__" is not allowed/ },

  // ---- the start event ----
  { name: 'start without a request', event: { step: 'start' }, field: 'request', expected: /expected object/ },
  { name: 'a request that is an array', event: { step: 'start', request: [baseRequest()] }, field: 'request', expected: /expected object, received array/ },
  { name: 'a request that is a string', event: { step: 'start', request: JSON.stringify(baseRequest()) }, field: 'request', expected: /expected object, received string/ },
  { name: 'an unknown start field', event: { step: 'start', request: baseRequest(), priority: 'high' }, field: '(event)', expected: /Unrecognized key: "priority"/ },
  { name: 'a 129-character idempotency key', event: { step: 'start', request: baseRequest(), idempotencyKey: 'k'.repeat(129) }, field: 'idempotencyKey', expected: /1–128 letters, digits or :\._-/ },
  { name: 'an idempotency key with spaces', event: { step: 'start', request: baseRequest(), idempotencyKey: 'nightly run' }, field: 'idempotencyKey', expected: /1–128 letters, digits or :\._-/ },
  { name: 'a request over 64 KB', event: startWith('requestedBy', 'x'.repeat(70_000)), field: 'request', expected: /at most 65536 are accepted/ },

  // ---- request: top level ----
  { name: 'an unknown request field', event: startWith('dryrun', true), field: 'request', expected: /Unrecognized key: "dryrun"/ },
  { name: 'dryRun as a string', event: startWith('dryRun', 'yes'), field: 'request.dryRun', expected: /expected boolean/ },
  { name: 'a 201-character requestedBy', event: startWith('requestedBy', 'x'.repeat(201)), field: 'request.requestedBy', expected: /at most 200 characters/ },
  { name: 'an empty requestedBy', event: startWith('requestedBy', ''), field: 'request.requestedBy', expected: /must not be empty/ },
  { name: '__proto__ in the request', event: startWith('__proto__', { dryRun: false }), field: 'request.__proto__', expected: /key "__proto__" is not allowed/ },
  { name: 'constructor in the target', event: startWith('target.constructor', { name: 'x' }), field: 'request.target.constructor', expected: /key "constructor" is not allowed/ },
  { name: 'prototype in a role', event: startWith('users.roles.0.prototype', {}), field: 'request.users.roles.0.prototype', expected: /key "prototype" is not allowed/ },

  // ---- request.source ----
  { name: 'a source with neither cluster nor snapshot', event: startWith('source', {}), field: 'request.source.clusterId', expected: /give source\.clusterId .* or source\.snapshot/ },
  { name: 'a 64-character source cluster', event: startWith('source.clusterId', 'p'.repeat(64)), field: 'request.source.clusterId', expected: /at most 63 characters/ },
  { name: 'a source cluster with an underscore', event: startWith('source.clusterId', 'prod_orders'), field: 'request.source.clusterId', expected: /only letters, digits and hyphens/ },
  { name: 'a 256-character snapshot id', event: startWith('source.snapshot', `r${'s'.repeat(255)}`), field: 'request.source.snapshot', expected: /cluster snapshot identifier \(up to 255/ },
  { name: 'a snapshot ARN with a 3-digit account', event: startWith('source.snapshot', 'arn:aws:rds:us-east-1:123:cluster-snapshot:x'), field: 'request.source.snapshot', expected: /arn:aws:rds:<region>:<account>:cluster-snapshot:<id>/ },
  { name: 'a 4-digit source account', event: startWith('source.accountId', '1234'), field: 'request.source.accountId', expected: /12-digit AWS account id/ },
  { name: 'a source region that is not one', event: startWith('source.region', 'Europe'), field: 'request.source.region', expected: /AWS region such as eu-west-1/ },
  { name: 'no snapshot type', event: startWith('source.snapshotTypes', []), field: 'request.source.snapshotTypes', expected: /at least one snapshot type/ },
  { name: 'an unknown snapshot type', event: startWith('source.snapshotTypes', ['daily']), field: 'request.source.snapshotTypes.0', expected: /"automated"\|"manual"\|"shared"/ },
  { name: '1e-300 hours of snapshot age', event: startWith('source.maxAgeHours', 1e-300), field: 'request.source.maxAgeHours', expected: /at least 1 hour/ },
  { name: 'a million hours of snapshot age', event: startWith('source.maxAgeHours', 1e6), field: 'request.source.maxAgeHours', expected: /at most 9600 hours/ },
  { name: 'a snapshot age as a string', event: startWith('source.maxAgeHours', '26'), field: 'request.source.maxAgeHours', expected: /expected number/ },

  // ---- request.target ----
  { name: 'no target', event: startWithout('target'), field: 'request.target', expected: /expected object/ },
  { name: 'the target is the source', event: startWith('target.clusterId', 'prod'), field: 'request.target.clusterId', expected: /must not be the source cluster/ },
  { name: 'a target ending with a hyphen', event: startWith('target.clusterId', 'staging-'), field: 'request.target.clusterId', expected: /must not end with a hyphen/ },
  { name: 'a target with "--"', event: startWith('target.clusterId', 'staging--orders'), field: 'request.target.clusterId', expected: /must not contain "--"/ },
  { name: 'a 64-character target', event: startWith('target.clusterId', 's'.repeat(64)), field: 'request.target.clusterId', expected: /at most 63 characters/ },
  { name: 'a target starting with a digit', event: startWith('target.clusterId', '1staging'), field: 'request.target.clusterId', expected: /must start with a letter/ },
  { name: 'no instances', event: startWith('target.instances', []), field: 'request.target.instances', expected: /at least one instance/ },
  { name: '17 instances', event: startWith('target.instances', list(17, (i) => ({ id: `staging-${i}`, instanceClass: 'db.r6g.large' }))), field: 'request.target.instances', expected: /at most 16 instances \(Aurora's limit/ },
  { name: 'a 64-character instance id', event: startWith('target.instances.0.id', 'i'.repeat(64)), field: 'request.target.instances.0.id', expected: /at most 63 characters/ },
  { name: 'an instance id starting with a digit', event: startWith('target.instances.1.id', '2staging'), field: 'request.target.instances.1.id', expected: /must start with a letter/ },
  { name: 'two instances with one id', event: startWith('target.instances.1.id', 'staging-1'), field: 'request.target.instances', expected: /instance ids must be unique/ },
  { name: 'an instance class without db.', event: startWith('target.instances.0.instanceClass', 'r6g.large'), field: 'request.target.instances.0.instanceClass', expected: /instance class such as db\.r6g\.large/ },
  { name: 'a 65-character instance class', event: startWith('target.instances.0.instanceClass', `db.${'r'.repeat(62)}`), field: 'request.target.instances.0.instanceClass', expected: /at most 64 characters/ },
  { name: 'a 256-character instance parameter group', event: startWith('target.instances.0.parameterGroup', 'p'.repeat(256)), field: 'request.target.instances.0.parameterGroup', expected: /at most 255 characters/ },
  { name: 'promotion tier 16', event: startWith('target.instances.0.promotionTier', 16), field: 'request.target.instances.0.promotionTier', expected: /<=15/ },
  { name: 'an availability zone with spaces', event: startWith('target.instances.0.availabilityZone', 'eu west 1a'), field: 'request.target.instances.0.availabilityZone', expected: /availability zone such as eu-west-1a/ },
  { name: 'a Performance Insights retention of 30 days', event: startWith('target.instances.0.performanceInsights', { enabled: true, retentionDays: 30 }), field: 'request.target.instances.0.performanceInsights.retentionDays', expected: /7, 731, or a multiple of 31/ },
  { name: 'a Performance Insights key with spaces', event: startWith('target.instances.0.performanceInsights', { enabled: true, kmsKeyId: 'my key' }), field: 'request.target.instances.0.performanceInsights.kmsKeyId', expected: /KMS key id, key ARN, alias/ },
  { name: 'an aws: instance tag', event: startWith('target.instances.0.tags', { 'aws:owner': 'x' }), field: 'request.target.instances.0.tags.aws:owner', expected: /must not start with "aws:"/ },
  { name: 'instance and cluster tags over 47', event: startWith('target.instances.0.tags', tags(47, 'i')), field: 'request.target.instances.0.tags', expected: /come to 48 keys; at most 47/ },
  { name: 'a 256-character subnet group', event: startWith('target.subnetGroup', 's'.repeat(256)), field: 'request.target.subnetGroup', expected: /at most 255 characters/ },
  { name: 'a subnet group with a slash', event: startWith('target.subnetGroup', 'staging/db'), field: 'request.target.subnetGroup', expected: /letters, digits, periods, underscores, spaces or hyphens/ },
  { name: 'six security groups', event: startWith('target.securityGroupIds', list(6, (i) => `sg-0000000${i}`)), field: 'request.target.securityGroupIds', expected: /at most 5 security groups/ },
  { name: 'a security group that is not one', event: startWith('target.securityGroupIds', ['sg-xyz']), field: 'request.target.securityGroupIds.0', expected: /sg- and 8 or 17 hexadecimal digits/ },
  { name: 'a 256-character cluster parameter group', event: startWith('target.clusterParameterGroup', 'p'.repeat(256)), field: 'request.target.clusterParameterGroup', expected: /at most 255 characters/ },
  { name: 'engine version "latest"', event: startWith('target.engineVersion', 'latest'), field: 'request.target.engineVersion', expected: /engine version such as 16\.4/ },
  { name: 'port 80', event: startWith('target.port', 80), field: 'request.target.port', expected: />=1150/ },
  { name: 'a fractional port', event: startWith('target.port', 5432.5), field: 'request.target.port', expected: /expected int/ },
  { name: 'a restore key with spaces', event: startWith('target.kmsKeyId', 'my key'), field: 'request.target.kmsKeyId', expected: /KMS key id, key ARN, alias/ },
  { name: 'deletion protection as a string', event: startWith('target.deletionProtection', 'no'), field: 'request.target.deletionProtection', expected: /expected boolean/ },
  { name: 'a quarter ACU', event: startWith('target.serverlessV2Scaling', { minCapacity: 0.25, maxCapacity: 4 }), field: 'request.target.serverlessV2Scaling.minCapacity', expected: /multiple of 0\.5 ACU/ },
  { name: '300 ACU', event: startWith('target.serverlessV2Scaling', { minCapacity: 1, maxCapacity: 300 }), field: 'request.target.serverlessV2Scaling.maxCapacity', expected: /at most 256 ACU/ },
  { name: 'minimum capacity above the maximum', event: startWith('target.serverlessV2Scaling', { minCapacity: 8, maxCapacity: 4 }), field: 'request.target.serverlessV2Scaling', expected: /minCapacity must not exceed maxCapacity/ },
  { name: 'a storage type RDS does not know', event: startWith('target.storageType', 'gp3'), field: 'request.target.storageType', expected: /"aurora"\|"aurora-iopt1"/ },
  { name: 'a log type Aurora PostgreSQL does not export', event: startWith('target.cloudwatchLogsExports', ['slowquery']), field: 'request.target.cloudwatchLogsExports.0', expected: /"postgresql"\|"instance"\|"iam-db-auth-error"/ },
  { name: 'a log type named twice', event: startWith('target.cloudwatchLogsExports', ['postgresql', 'postgresql']), field: 'request.target.cloudwatchLogsExports', expected: /each log type at most once/ },
  { name: 'IAM error logs without IAM authentication', event: startWith('target', { ...(baseRequest().target as object), iamDatabaseAuthentication: false, cloudwatchLogsExports: ['iam-db-auth-error'] }), field: 'request.target.cloudwatchLogsExports', expected: /needs IAM database authentication/ },
  { name: 'no backups kept', event: startWith('target.backupRetentionDays', 0), field: 'request.target.backupRetentionDays', expected: /at least 1 day/ },
  { name: 'backups kept 36 days', event: startWith('target.backupRetentionDays', 36), field: 'request.target.backupRetentionDays', expected: /at most 35 days/ },
  { name: 'a backup window in local notation', event: startWith('target.preferredBackupWindow', '3am-4am'), field: 'request.target.preferredBackupWindow', expected: /hh24:mi-hh24:mi in UTC/ },
  { name: 'a 10-minute backup window', event: startWith('target.preferredBackupWindow', '03:00-03:10'), field: 'request.target.preferredBackupWindow', expected: /at least 30 minutes/ },
  { name: 'a maintenance window without days', event: startWith('target.preferredMaintenanceWindow', '05:00-05:30'), field: 'request.target.preferredMaintenanceWindow', expected: /ddd:hh24:mi-ddd:hh24:mi/ },
  { name: 'a backup window inside the maintenance window', event: startWith('target', { ...(baseRequest().target as object), preferredBackupWindow: '23:50-00:30', preferredMaintenanceWindow: 'sat:23:00-sun:01:00' }), field: 'request.target.preferredBackupWindow', expected: /overlaps the maintenance window/ },
  { name: 'a CA certificate that is not one', event: startWith('target.instances.0.caCertificate', 'letsencrypt'), field: 'request.target.instances.0.caCertificate', expected: /RDS CA certificate id such as rds-ca-rsa2048-g1/ },
  { name: 'a 129-character tag key', event: startWith('target.tags', { ['k'.repeat(129)]: 'v' }), field: `request.target.tags.${'k'.repeat(64)}…`, expected: /tag keys must be at most 128 characters/ },
  { name: 'a 257-character tag value', event: startWith('target.tags', { team: 'v'.repeat(257) }), field: 'request.target.tags.team', expected: /tag values must be at most 256 characters/ },
  { name: '48 cluster tags', event: startWith('target.tags', tags(48)), field: 'request.target.tags', expected: /at most 47 tags: RDS allows 50/ },
  { name: 'a __proto__ tag', event: startWith('target.tags.__proto__', 'x'), field: 'request.target.tags.__proto__', expected: /key "__proto__" is not allowed/ },
  { name: 'a tag value with a newline', event: startWith('target.tags', { team: 'data\nops' }), field: 'request.target.tags.team', expected: /tag values may hold only letters, digits, spaces/ },
  { name: 'an unknown final snapshot choice', event: startWith('target.finalSnapshot', 'keep'), field: 'request.target.finalSnapshot', expected: /"skip"\|"take"/ },

  // ---- request.copy ----
  { name: 'an unknown copy mode', event: startWith('copy.mode', 'sometimes'), field: 'request.copy.mode', expected: /"auto"\|"always"\|"never"/ },
  { name: 'a 2049-character copy key', event: startWith('copy.kmsKeyId', 'a'.repeat(2049)), field: 'request.copy.kmsKeyId', expected: /at most 2048 characters/ },
  { name: 'copyTags as a string', event: startWith('copy.copyTags', 'true'), field: 'request.copy.copyTags', expected: /expected boolean/ },
  { name: 'an unknown copy field', event: startWith('copy.region', 'eu-west-1'), field: 'request.copy', expected: /Unrecognized key: "region"/ },

  // ---- request.users ----
  { name: 'a 513-character master secret name', event: startWith('users.masterPassword.secret', 's'.repeat(513)), field: 'request.users.masterPassword.secret', expected: /name of up to 512/ },
  { name: 'an empty master secret key', event: startWith('users.masterPassword.secretKey', ''), field: 'request.users.masterPassword.secretKey', expected: /must not be empty/ },
  { name: 'a master password that is neither kind', event: startWith('users.masterPassword', { manage: false }), field: 'request.users.masterPassword', expected: /\{"secret": "<ARN or name>".*\} or \{"manage": true/ },
  { name: 'a 64-byte database', event: startWith('users.database', 'd'.repeat(64)), field: 'request.users.database', expected: /at most 63 bytes/ },
  { name: 'an unknown TLS mode', event: startWith('users.tls', 'require'), field: 'request.users.tls', expected: /"verify-full"\|"disable"/ },
  { name: 'a connect timeout of 0', event: startWith('users.connectTimeoutSeconds', 0), field: 'request.users.connectTimeoutSeconds', expected: />0/ },
  { name: 'a statement timeout of an hour', event: startWith('users.statementTimeoutSeconds', 3600), field: 'request.users.statementTimeoutSeconds', expected: /<=600/ },
  { name: 'a 64-byte role name', event: startWith('users.roles.0.name', 'r'.repeat(64)), field: 'request.users.roles.0.name', expected: /at most 63 bytes/ },
  { name: 'a role name with NUL', event: startWith('users.roles.0.name', 'app\u0000'), field: 'request.users.roles.0.name', expected: /NUL/ },
  { name: 'a role secret with spaces', event: startWith('users.roles.0.passwordSecret', 'staging app'), field: 'request.users.roles.0.passwordSecret', expected: /Secrets Manager secret ARN or a name/ },
  { name: 'a 257-character role secret key', event: startWith('users.roles.0.passwordSecretKey', 'k'.repeat(257)), field: 'request.users.roles.0.passwordSecretKey', expected: /at most 256 characters/ },
  { name: 'an unknown grant preset', event: startWith('users.roles.0.grants.0.preset', 'admin'), field: 'request.users.roles.0.grants.0.preset', expected: /"readonly"\|"readwrite"\|"owner"/ },
  { name: 'a 64-byte grant database', event: startWith('users.roles.0.grants.0.database', 'd'.repeat(64)), field: 'request.users.roles.0.grants.0.database', expected: /at most 63 bytes/ },
  { name: 'a grant on no schema', event: startWith('users.roles.0.grants.0.schemas', []), field: 'request.users.roles.0.grants.0.schemas', expected: /at least one schema/ },
  { name: 'a 64-byte schema', event: startWith('users.roles.0.grants.0.schemas.0', 's'.repeat(64)), field: 'request.users.roles.0.grants.0.schemas.0', expected: /at most 63 bytes/ },
  { name: '21 grants', event: startWith('users.roles.0.grants', list(21, () => ({ preset: 'readonly' }))), field: 'request.users.roles.0.grants', expected: /at most 20 grants/ },
  { name: 'a 64-byte memberOf role', event: startWith('users.roles.0.memberOf.0', 'm'.repeat(64)), field: 'request.users.roles.0.memberOf.0', expected: /at most 63 bytes/ },
  { name: 'a connection limit of -2', event: startWith('users.roles.0.connectionLimit', -2), field: 'request.users.roles.0.connectionLimit', expected: /-1 \(no limit\) or more/ },
  { name: '51 roles', event: startWith('users.roles', list(51, (i) => ({ name: `app${i}`, passwordSecret: `staging/app${i}` }))), field: 'request.users.roles', expected: /at most 50 roles/ },
  { name: 'two roles with one name', event: startWith('users.roles', [{ name: 'app', passwordSecret: 'a' }, { name: 'app', passwordSecret: 'b' }]), field: 'request.users.roles', expected: /role names must be unique/ },
  { name: '101 roles to drop', event: startWith('users.dropRoles', list(101, (i) => `prod${i}`)), field: 'request.users.dropRoles', expected: /at most 100 roles to drop/ },
  { name: 'an empty role to drop', event: startWith('users.dropRoles', ['']), field: 'request.users.dropRoles.0', expected: /must not be empty/ },
  { name: 'a role both configured and dropped', event: startWith('users.dropRoles', ['app']), field: 'request.users.dropRoles', expected: /cannot be both configured in roles and listed in dropRoles/ },
  { name: 'roles without a master password', event: startWithout('users.masterPassword'), field: 'request.users.masterPassword', expected: /need users\.masterPassword/ },
  { name: 'a script climbing out of its directory', event: startWith('users.postRestoreSql.0.file', '../secrets.sql'), field: 'request.users.postRestoreSql.0.file', expected: /must not contain "\.\."/ },
  { name: 'an absolute script path', event: startWith('users.postRestoreSql.0.file', '/etc/masking.sql'), field: 'request.users.postRestoreSql.0.file', expected: /must be relative/ },
  { name: 'an S3 script key over 1024 bytes', event: startWith('users.postRestoreSql.0', { s3Uri: `s3://scripts/${'k'.repeat(1021)}.sql` }), field: 'request.users.postRestoreSql.0.s3Uri', expected: /at most 1024 bytes/ },
  { name: 'a script that is neither file nor S3', event: startWith('users.postRestoreSql.0', { url: 'https://x/y.sql' }), field: 'request.users.postRestoreSql.0', expected: /\{"file": "<path>\.sql"\}.*or \{"s3Uri"/ },
  { name: '51 scripts', event: startWith('users.postRestoreSql', list(51, (i) => ({ file: `s${i}.sql` }))), field: 'request.users.postRestoreSql', expected: /at most 50 scripts/ },

  // ---- request.archive, notification, waiting, safety ----
  { name: 'an unknown archive mode', event: startWith('archive.mode', 'keep'), field: 'request.archive.mode', expected: /"delete"\|"keep-last"/ },
  { name: 'keep the last 0', event: startWith('archive', { mode: 'keep-last', keepLast: 0 }), field: 'request.archive.keepLast', expected: />=1/ },
  { name: 'keep the last 51', event: startWith('archive', { mode: 'keep-last', keepLast: 51 }), field: 'request.archive.keepLast', expected: /<=50/ },
  { name: 'a topic ARN of another service', event: startWith('notification.topicArn', 'arn:aws:sqs:us-east-1:111111111111:q'), field: 'request.notification.topicArn', expected: /SNS topic ARN/ },
  { name: 'a 257-character topic name', event: startWith('notification.topicArn', `arn:aws:sns:us-east-1:111111111111:${'t'.repeat(257)}`), field: 'request.notification.topicArn', expected: /name of up to 256/ },
  { name: 'onSuccess as a string', event: startWith('notification.onSuccess', 'yes'), field: 'request.notification.onSuccess', expected: /expected boolean/ },
  { name: 'an unknown waiting strategy', event: startWith('waiting.strategy', 'smart'), field: 'request.waiting.strategy', expected: /"progress"\|"backoff"\|"fixed"/ },
  { name: 'a first check after 10 s', event: startWith('waiting.initialDelaySeconds', 10), field: 'request.waiting.initialDelaySeconds', expected: />=60/ },
  { name: 'a multiplier of 11', event: startWith('waiting.multiplier', 11), field: 'request.waiting.multiplier', expected: /<=10/ },
  { name: 'a longest wait of 1e9 s', event: startWith('waiting.maxDelaySeconds', 1e9), field: 'request.waiting.maxDelaySeconds', expected: /<=86400/ },
  { name: 'a shortest wait above the longest', event: startWith('waiting', { minDelaySeconds: 900, maxDelaySeconds: 600 }), field: 'request.waiting.minDelaySeconds', expected: /must not exceed maxDelaySeconds/ },
  { name: 'no checks allowed', event: startWith('waiting.maxChecks', 0), field: 'request.waiting.maxChecks', expected: />=1/ },
  { name: 'a deadline of 1e-300 hours', event: startWith('waiting.deadlineBaseHours', 1e-300), field: 'request.waiting.deadlineBaseHours', expected: /at least 1 hour/ },
  { name: '49 hours per TB', event: startWith('waiting.deadlineHoursPerTb', 49), field: 'request.waiting.deadlineHoursPerTb', expected: /<=48/ },
  { name: 'an unknown waiting field', event: startWith('waiting.jitter', true), field: 'request.waiting', expected: /Unrecognized key: "jitter"/ },
  { name: 'a request redefining the managed tag', event: startWith('safety.managedTag', { key: 'env', value: 'scratch' }), field: 'request.safety.managedTag', expected: /deployment setting.*MANAGED_TAG_KEY and MANAGED_TAG_VALUE/ },
  { name: 'an unmanaged target the deployment does not allow', event: startWith('safety.requireManagedTag', false), field: 'request.safety.requireManagedTag', expected: /ALLOW_UNMANAGED_TARGETS is false.*ALLOW_UNMANAGED_TARGETS=true/ },
  { name: 'allowDisableDeletionProtection as a string', event: startWith('safety.allowDisableDeletionProtection', 'true'), field: 'request.safety.allowDisableDeletionProtection', expected: /expected boolean/ },

  // ---- continuations ----
  { name: 'a continuation without a token', event: { operationId: OPERATION_ID, step: 'check-copy-status' }, field: 'token', expected: /expected string/ },
  { name: 'a 65-character token', event: { ...continuation, token: 't'.repeat(65) }, field: 'token', expected: /8–64 letters, digits, _ or -/ },
  { name: 'a 3-character token', event: { ...continuation, token: 'abc' }, field: 'token', expected: /8–64 letters, digits, _ or -/ },
  { name: 'a continuation of an unknown step', event: { ...continuation, step: 'copy' }, field: 'step', expected: /"check-copy-status"/ },
  { name: 'a continuation of an invalid operation id', event: { ...continuation, operationId: 'x' }, field: 'operationId', expected: /operation id such as 20261125-030000-a1b2c3/ },
  { name: 'a 42-character operation id', event: { ...continuation, operationId: 'a'.repeat(42) }, field: 'operationId', expected: /at most 41 characters/ },
  { name: 'a step that is not start, without an id', event: { step: 'delete-rds' }, field: 'step', expected: /needs "operationId" and "token"/ },
  { name: 'an unknown continuation field', event: { ...continuation, force: true }, field: '(event)', expected: /Unrecognized key: "force"/ },
  { name: 'constructor in a continuation', event: withField(continuation, 'constructor', { prototype: {} }), field: 'constructor', expected: /key "constructor" is not allowed/ },

  // ---- commands ----
  { name: 'an unknown command', event: { command: 'destroy', operationId: OPERATION_ID }, field: 'command', expected: /Expected 'status' \| 'cancel' \| 'resume' \| 'rollback' \| 'sweep' \| 'list'/ },
  { name: 'status without an operation id', event: { command: 'status' }, field: 'operationId', expected: /expected string/ },
  { name: 'cancel of an invalid operation id', event: { command: 'cancel', operationId: 'DROP TABLE' }, field: 'operationId', expected: /operation id such as/ },
  { name: 'resume with an unknown field', event: { command: 'resume', operationId: OPERATION_ID, fromStep: 'start' }, field: '(event)', expected: /Unrecognized key: "fromStep"/ },
  { name: 'list of an invalid target', event: { command: 'list', target: '1-staging' }, field: 'target', expected: /must start with a letter/ },
  { name: 'list of a 64-character target', event: { command: 'list', target: 's'.repeat(64) }, field: 'target', expected: /at most 63 characters/ },
  { name: 'list of 0', event: { command: 'list', target: 'staging', limit: 0 }, field: 'limit', expected: />=1/ },
  { name: 'list of 1e9', event: { command: 'list', target: 'staging', limit: 1e9 }, field: 'limit', expected: /<=100/ },
  { name: 'sweep with an unknown field', event: { command: 'sweep', all: true }, field: '(event)', expected: /Unrecognized key: "all"/ },
  { name: 'prototype in a command', event: withField({ command: 'status', operationId: OPERATION_ID }, 'prototype', 1), field: 'prototype', expected: /key "prototype" is not allowed/ },

  // ---- RDS events: ignored, never thrown ----
  { name: 'an RDS event without detail', event: without(rdsEvent(), 'detail'), field: 'detail', expected: /expected object/, outcome: 'ignored' },
  { name: 'an RDS event of an unknown type', event: rdsEvent({}, { 'detail-type': 'RDS DB Snapshot Event' }), field: 'detail-type', expected: /"RDS DB Cluster Event"\|"RDS DB Instance Event"/, outcome: 'ignored' },
  { name: 'an RDS event with a 256-character identifier', event: rdsEvent({ SourceIdentifier: 's'.repeat(256) }), field: 'detail.SourceIdentifier', expected: /at most 255 characters/, outcome: 'ignored' },
  { name: 'an RDS event with a numeric identifier', event: rdsEvent({ SourceIdentifier: 42 }), field: 'detail.SourceIdentifier', expected: /expected string/, outcome: 'ignored' },
  { name: 'an RDS event with an empty identifier', event: rdsEvent({ SourceIdentifier: '' }), field: 'detail.SourceIdentifier', expected: /must not be empty/, outcome: 'ignored' },
  { name: 'an RDS event with a 4097-character message', event: rdsEvent({ Message: 'm'.repeat(4097) }), field: 'detail.Message', expected: /at most 4096 characters/, outcome: 'ignored' },
  { name: 'an RDS event with a malformed event id', event: rdsEvent({ EventID: 'RDS-EVENT-0170 or 1=1' }), field: 'detail.EventID', expected: /RDS event id such as RDS-EVENT-0170/, outcome: 'ignored' },
  { name: 'an RDS event with a 2049-character ARN', event: rdsEvent({ SourceArn: 'a'.repeat(2049) }), field: 'detail.SourceArn', expected: /at most 2048 characters/, outcome: 'ignored' },
  { name: 'an RDS event with a 129-character id', event: rdsEvent({}, { id: 'i'.repeat(129) }), field: 'id', expected: /at most 128 characters/, outcome: 'ignored' },
  { name: 'an RDS event with a 65-character time', event: rdsEvent({}, { time: 't'.repeat(65) }), field: 'time', expected: /at most 64 characters/, outcome: 'ignored' },
  { name: 'an RDS event with __proto__ in its detail', event: withField(rdsEvent(), 'detail.__proto__', { SourceIdentifier: 'prod' }), field: 'detail.__proto__', expected: /key "__proto__" is not allowed/, outcome: 'ignored' },
  { name: 'an RDS event of 300 KB', event: rdsEvent({}, { resources: ['r'.repeat(300 * 1024)] }), field: '(event)', expected: /at most 262144/, outcome: 'ignored' },
  { name: 'an RDS event nested 100000 deep', event: rdsEvent({ extra: nested(100_000) }), field: 'detail.extra.a', expected: /nests deeper than 16 levels/, outcome: 'ignored' },
];
