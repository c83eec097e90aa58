import type { z } from 'zod';
import {
  accountId,
  availabilityZone,
  bundledSqlPath,
  databaseName,
  engineVersion,
  instanceClass,
  kmsKeyReference,
  parameterGroupName,
  postgresRoleName,
  rdsIdentifier,
  regionName,
  s3SqlUri,
  schemaName,
  secretJsonKey,
  secretReference,
  securityGroupId,
  snapshotReference,
  subnetGroupName,
  tagMap,
  topicArn,
} from '../../../src/request/identifiers';

const ACCOUNT = '123456789012';
const repeat = (text: string, length: number) => text.repeat(Math.ceil(length / text.length)).slice(0, length);

function messages(schema: z.ZodType, value: unknown): string[] {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

describe('AWS and PostgreSQL names at their limits', () => {
  it.each<[string, z.ZodType, unknown]>([
    ['a 63-character cluster id', rdsIdentifier, `a${repeat('b1-c', 61)}z`],
    ['a one-letter cluster id', rdsIdentifier, 'a'],
    ['a 255-character parameter group with periods', parameterGroupName, `default.${repeat('aurora-postgresql16', 247)}`.replace(/-$/, 'x')],
    ['a 255-character subnet group with spaces', subnetGroupName, repeat('staging db_subnets.', 255)],
    ['an 8-digit security group', securityGroupId, 'sg-0123abcd'],
    ['a 17-digit security group', securityGroupId, 'sg-0123456789abcdef0'],
    ['a large instance class', instanceClass, 'db.x2iedn.32xlarge'],
    ['a Local Zone', availabilityZone, 'us-west-2-lax-1a'],
    ['a three-part engine version', engineVersion, '16.4.1'],
    ['a 255-character snapshot id', snapshotReference, `rds:${repeat('prod-2026', 251)}`],
    ['a snapshot ARN', snapshotReference, `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster-snapshot:rds:prod-2026-11-24`],
    ['a China-partition KMS key ARN', kmsKeyReference, `arn:aws-cn:kms:cn-north-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ['a 250-character alias', kmsKeyReference, `alias/${repeat('staging/data_', 250)}`],
    ['a multi-region key id', kmsKeyReference, `mrk-${repeat('0123456789abcdef', 32)}`],
    ['a 512-character secret name', secretReference, repeat('staging/orders-master_', 512)],
    ['a secret ARN', secretReference, `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:staging-orders-master-AbCdEf`],
    ['a 256-character JSON key', secretJsonKey, 'k'.repeat(256)],
    ['a 256-character topic name', topicArn, `arn:aws:sns:eu-west-1:${ACCOUNT}:${'t'.repeat(256)}`],
    ['an S3 key of 1024 bytes', s3SqlUri, `s3://${'b'.repeat(63)}/${'k'.repeat(1020)}.sql`],
    ['a nested bundled script', bundledSqlPath, 'masking/customers.sql'],
    ['a 63-byte role name', postgresRoleName, 'r'.repeat(63)],
    ['a 63-byte database name in UTF-8', databaseName, `${'é'.repeat(31)}d`],
    ['a 63-byte schema name', schemaName, 's'.repeat(63)],
    ['a 12-digit account', accountId, ACCOUNT],
    ['a GovCloud region', regionName, 'us-gov-west-1'],
    ['a 128-character tag key and a 256-character value', tagMap, { [repeat('team:', 128)]: 'v'.repeat(256) }],
    ['47 tags (RDS allows 50; the tool adds 3)', tagMap, Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`k${i}`, 'v']))],
    ['tag characters RDS allows', tagMap, { 'cost centre/é': 'a+b=c@d:e.f_g-h' }],
  ])('accepts %s', (_case, schema, value) => {
    expect(messages(schema, value)).toEqual([]);
  });

  it.each<[string, z.ZodType, unknown, RegExp]>([
    ['a 64-character cluster id', rdsIdentifier, 'a'.repeat(64), /at most 63 characters/],
    ['an empty cluster id', rdsIdentifier, '', /must not be empty/],
    ['a cluster id starting with a digit', rdsIdentifier, '1staging', /must start with a letter/],
    ['a cluster id with an underscore', rdsIdentifier, 'staging_orders', /only letters, digits and hyphens/],
    ['a cluster id with "--"', rdsIdentifier, 'staging--orders', /must not contain "--"/],
    ['a cluster id ending with a hyphen', rdsIdentifier, 'staging-', /must not end with a hyphen/],
    ['a 256-character parameter group', parameterGroupName, 'p'.repeat(256), /at most 255 characters/],
    ['a parameter group with a slash', parameterGroupName, 'a/b', /only letters, digits, periods and hyphens/],
    ['a 256-character subnet group', subnetGroupName, 's'.repeat(256), /at most 255 characters/],
    ['a subnet group with a slash', subnetGroupName, 'a/b', /DB subnet group name/],
    ['a 9-digit security group', securityGroupId, 'sg-0123abcde', /8 or 17 hexadecimal digits/],
    ['an instance class without db.', instanceClass, 'r6g.large', /instance class such as db\.r6g\.large/],
    ['a 65-character instance class', instanceClass, `db.${'r'.repeat(62)}`, /at most 64 characters/],
    ['an availability zone with spaces', availabilityZone, 'eu west 1a', /availability zone such as eu-west-1a/],
    ['a 65-character availability zone', availabilityZone, `eu-${'a'.repeat(62)}`, /at most 64 characters/],
    ['an engine version with letters', engineVersion, '16.4-beta', /engine version such as 16\.4/],
    ['a 256-character snapshot id', snapshotReference, `r${'s'.repeat(255)}`, /cluster snapshot identifier/],
    ['a malformed ARN given as a snapshot', snapshotReference, 'arn:aws:rds:eu-west-1:123:cluster-snapshot:x', /or an ARN arn:aws:rds/],
    ['a 1025-character snapshot reference', snapshotReference, 's'.repeat(1025), /at most 1024 characters/],
    ['a 251-character alias', kmsKeyReference, `alias/${'a'.repeat(251)}`, /KMS key id/],
    ['a 2049-character KMS reference', kmsKeyReference, 'a'.repeat(2049), /at most 2048 characters/],
    ['a 513-character secret name', secretReference, 's'.repeat(513), /name of up to 512/],
    ['a 2049-character secret ARN', secretReference, `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${'s'.repeat(2000)}`, /at most 2048 characters/],
    ['an empty JSON key', secretJsonKey, '', /must not be empty/],
    ['a 257-character JSON key', secretJsonKey, 'k'.repeat(257), /at most 256 characters/],
    ['a 257-character topic name', topicArn, `arn:aws:sns:eu-west-1:${ACCOUNT}:${'t'.repeat(257)}`, /SNS topic ARN/],
    ['an S3 key of 1025 bytes', s3SqlUri, `s3://bucket/${'k'.repeat(1021)}.sql`, /at most 1024 bytes/],
    ['a 64-character bucket', s3SqlUri, `s3://${'b'.repeat(64)}/key.sql`, /bucket name of 3–63/],
    ['an absolute bundled script', bundledSqlPath, '/etc/masking.sql', /must be relative/],
    ['a bundled script climbing out', bundledSqlPath, 'masking/../../secret.sql', /must not contain "\.\."/],
    ['a 64-byte role name', postgresRoleName, 'r'.repeat(64), /at most 63 bytes/],
    ['a 64-byte database name in UTF-8', databaseName, 'é'.repeat(32), /at most 63 bytes/],
    ['a schema name with NUL', schemaName, 'a\u0000b', /NUL/],
    ['an 11-digit account', accountId, '12345678901', /12-digit AWS account id/],
    ['a region in capitals', regionName, 'EU-WEST-1', /AWS region such as eu-west-1/],
    ['a 129-character tag key', tagMap, { ['k'.repeat(129)]: 'v' }, /tag keys must be at most 128 characters/],
    ['a 257-character tag value', tagMap, { k: 'v'.repeat(257) }, /tag values must be at most 256 characters/],
    ['an aws: tag key', tagMap, { 'AWS:owner': 'x' }, /must not start with "aws:"/],
    ['a tag value with a control character', tagMap, { k: 'a\u0007' }, /tag values may hold only/],
    ['48 tags', tagMap, Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, 'v'])), /at most 47 tags/],
  ])('refuses %s, saying what is expected', (_case, schema, value, message) => {
    expect(messages(schema, value).join('; ')).toMatch(message);
  });

  it('stores cluster ids lower-case, as RDS does', () => {
    expect(rdsIdentifier.parse('Staging-Orders')).toBe('staging-orders');
  });
});
