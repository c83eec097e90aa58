import { z } from 'zod';

/**
 * The names a request hands to AWS and PostgreSQL, each bounded by the limit of the field it feeds.
 * A value AWS would refuse is refused here, at the start: found later, it would fail the restore
 * after the old target is gone. Messages say what is expected, so the caller can fix the field.
 */

/** RDS's rules for cluster, instance and snapshot identifiers and parameter group names, beyond the length. */
function rdsName(what: string, max: number, extraCharacters = '') {
  const allowed = new RegExp(`^[a-zA-Z0-9${extraCharacters}-]*$`);
  const rule = `${what}: 1–${max} letters, digits${extraCharacters === '.' ? ', periods' : ''} or hyphens, starting with a letter`;
  return z
    .string()
    .min(1, `must not be empty (${rule})`)
    .max(max, `must be at most ${max} characters (${rule})`)
    .regex(/^[a-zA-Z]/, `must start with a letter (${rule})`)
    .regex(allowed, `must contain only letters, digits${extraCharacters === '.' ? ', periods' : ''} and hyphens (${rule})`)
    .refine((value) => !value.includes('--'), 'must not contain "--" (RDS refuses two consecutive hyphens)')
    .refine((value) => !value.endsWith('-'), 'must not end with a hyphen (RDS refuses it)');
}

/**
 * RDS cluster and instance identifiers: 1–63 letters, digits or hyphens, starting with a letter,
 * no two consecutive hyphens, not ending with a hyphen. RDS stores them lower-case, so we do too:
 * comparing `Staging` with `staging` must not let a safety check slip.
 */
export const rdsIdentifier = rdsName('an RDS identifier', 63).transform((value) => value.toLowerCase());

/** DB (cluster) parameter group names: RDS's identifier rules up to 255; `default.aurora-postgresql16` has periods. */
export const parameterGroupName = rdsName('a parameter group name', 255, '.');

/** DB subnet group names: up to 255 letters, digits, periods, underscores, spaces or hyphens. */
export const subnetGroupName = z
  .string()
  .min(1, 'must not be empty (a DB subnet group name)')
  .max(255, 'must be at most 255 characters (a DB subnet group name)')
  .regex(/^[a-zA-Z0-9._ -]*$/, 'must be a DB subnet group name: letters, digits, periods, underscores, spaces or hyphens');

/** A VPC security group id: `sg-` and 8 or 17 hexadecimal digits. */
export const securityGroupId = z
  .string()
  .max(20, 'must be a security group id sg-… (sg- and 8 or 17 hexadecimal digits)')
  .regex(/^sg-([0-9a-f]{8}|[0-9a-f]{17})$/, 'must be a security group id sg-… (sg- and 8 or 17 hexadecimal digits)');

/** A DB instance class: db.r6g.large, db.x2g.16xlarge, db.serverless… (orderability is checked against RDS later). */
export const instanceClass = z
  .string()
  .max(64, 'must be at most 64 characters (an instance class such as db.r6g.large or db.serverless)')
  .regex(/^db\.[a-z0-9-]+(\.[a-z0-9-]+)*$/, 'must be an instance class such as db.r6g.large or db.serverless');

/** An availability zone (eu-west-1a) or a Local Zone (us-west-2-lax-1a). */
export const availabilityZone = z
  .string()
  .max(64, 'must be at most 64 characters (an availability zone such as eu-west-1a)')
  .regex(/^[a-z]{2}(-[a-z0-9]+)+$/, 'must be an availability zone such as eu-west-1a');

/** An Aurora PostgreSQL engine version such as 16.4. */
export const engineVersion = z
  .string()
  .max(32, 'must be at most 32 characters (an engine version such as 16.4)')
  .regex(/^\d{1,3}(\.\d{1,5}){0,3}$/, 'must be an engine version such as 16.4');

/** The cluster snapshot id part: RDS allows 255 characters; automated snapshots carry the `rds:` prefix. */
const SNAPSHOT_ID = '[a-zA-Z][a-zA-Z0-9:-]{0,254}';
/** An identifier given alone: never something shaped like an ARN, which must match the ARN form. */
const SNAPSHOT_ID_ALONE = `(?!arn:)${SNAPSHOT_ID}`;

/** A cluster snapshot given by identifier (`rds:prod-2026-11-24-03-00` for automated ones) or ARN. */
export const snapshotReference = z
  .string()
  .max(1024, 'must be at most 1024 characters (a cluster snapshot identifier of up to 255, or its ARN)')
  .regex(
    new RegExp(`^(arn:aws[a-z-]{0,20}:rds:[a-z0-9-]{1,32}:\\d{12}:cluster-snapshot:${SNAPSHOT_ID}|${SNAPSHOT_ID_ALONE})$`),
    'must be a cluster snapshot identifier (up to 255 letters, digits, hyphens or colons, starting with a letter) or an ARN arn:aws:rds:<region>:<account>:cluster-snapshot:<id>',
  );

/** A 12-digit AWS account id. */
export const accountId = z.string().max(12, 'must be a 12-digit AWS account id').regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

/** An AWS region name such as eu-west-1. */
export const regionName = z
  .string()
  .max(32, 'must be an AWS region such as eu-west-1 (at most 32 characters)')
  .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'must be an AWS region such as eu-west-1');

/** A KMS key id, key ARN, alias name or alias ARN; KMS accepts up to 2048 characters. */
export const kmsKeyReference = z
  .string()
  .max(2048, 'must be at most 2048 characters (a KMS key id, key ARN, alias/NAME or alias ARN)')
  .regex(
    /^(arn:aws[a-z-]{0,20}:kms:[a-z0-9-]{1,32}:\d{12}:(key\/[a-zA-Z0-9-]{1,128}|alias\/[a-zA-Z0-9/_-]{1,250})|alias\/[a-zA-Z0-9/_-]{1,250}|[a-f0-9-]{36}|mrk-[a-f0-9]{32})$/,
    'must be a KMS key id, key ARN, alias/NAME (up to 250 characters after alias/) or alias ARN',
  );

/** A Secrets Manager secret ARN (up to 2048 characters) or name (up to 512). */
export const secretReference = z
  .string()
  .max(2048, 'must be at most 2048 characters (a Secrets Manager secret ARN, or a name of up to 512)')
  .regex(
    /^(arn:aws[a-z-]{0,20}:secretsmanager:[a-z0-9-]{1,32}:\d{12}:secret:[a-zA-Z0-9/_+=.@-]{1,512}|[a-zA-Z0-9/_+=.@-]{1,512})$/,
    'must be a Secrets Manager secret ARN or a name of up to 512 letters, digits or /_+=.@-',
  );

/** The key of a JSON secret that holds a password. */
export const secretJsonKey = z.string().min(1, 'must not be empty (the JSON key of the password in the secret)').max(256, 'must be at most 256 characters (the JSON key of the password in the secret)');

/** An SNS topic ARN: the topic name is 1–256 letters, digits, hyphens or underscores. */
export const topicArn = z
  .string()
  .max(1024, 'must be at most 1024 characters (an SNS topic ARN)')
  .regex(/^arn:aws[a-z-]{0,20}:sns:[a-z0-9-]{1,32}:\d{12}:[a-zA-Z0-9_-]{1,256}$/, 'must be an SNS topic ARN arn:aws:sns:<region>:<account>:<name of up to 256 letters, digits, - or _>');

/** A post-restore script in S3: a bucket name (3–63) and a key of at most 1024 bytes ending in .sql. */
export const s3SqlUri = z
  .string()
  .max(1100, 'must be at most 1100 characters (s3://, a bucket of up to 63 and a key of up to 1024)')
  .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+\.sql$/, 'must be s3://bucket/key.sql (a bucket name of 3–63 lower-case letters, digits, periods or hyphens)')
  .refine((uri) => Buffer.byteLength(uri.slice(uri.indexOf('/', 5) + 1), 'utf8') <= 1024, 'the object key must be at most 1024 bytes (S3\'s limit)');

/** A post-restore script bundled with the function: a relative path under SQL_SCRIPTS_DIR. */
export const bundledSqlPath = z
  .string()
  .max(1024, 'must be at most 1024 characters (a relative path to a .sql file bundled with the function)')
  .regex(/^[a-zA-Z0-9_./-]+\.sql$/, 'must be a relative path to a .sql file bundled with the function')
  .refine((path) => !path.startsWith('/'), 'must be relative to the bundled scripts directory, not absolute')
  .refine((path) => !path.split('/').includes('..'), 'must not contain ".."');

/**
 * A name PostgreSQL stores (a role, a database, a schema). Any character is allowed because names
 * are always quoted with the driver's escaping; only length (63 bytes) and NUL are limited by PostgreSQL.
 */
function postgresName(what: string) {
  return z
    .string()
    .min(1, `must not be empty (a PostgreSQL ${what} name)`)
    .max(63, `must be at most 63 bytes (a PostgreSQL ${what} name; PostgreSQL truncates longer names)`)
    .refine((value) => Buffer.byteLength(value, 'utf8') <= 63, `must be at most 63 bytes (a PostgreSQL ${what} name; PostgreSQL truncates longer names)`)
    .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character');
}

/** A PostgreSQL role name, as PostgreSQL stores it. */
export const postgresRoleName = postgresName('role');

/** A PostgreSQL database name. */
export const databaseName = postgresName('database');

/** A PostgreSQL schema name. */
export const schemaName = postgresName('schema');

/** Tags this tool adds itself (managed, operation id, target), within AWS's 50 per resource. */
export const TAGS_ADDED_BY_THIS_TOOL = 3;

/** The tags a request may give one resource: AWS allows 50, this tool adds its own. */
export const MAX_REQUEST_TAGS = 50 - TAGS_ADDED_BY_THIS_TOOL;

/** Characters RDS accepts in tag keys and values: Unicode letters, digits, white space and _ . : / = + - @. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** A tag key RDS accepts (also the deployment's MANAGED_TAG_KEY). */
export const tagKey = z
  .string()
  .min(1, 'tag keys must not be empty')
  .max(128, 'tag keys must be at most 128 characters')
  .regex(TAG_CHARACTERS, 'tag keys may hold only letters, digits, spaces and _ . : / = + - @')
  .refine((key) => !key.toLowerCase().startsWith('aws:'), 'tag keys must not start with "aws:" (reserved by AWS)');

/** A tag value RDS accepts (also the deployment's MANAGED_TAG_VALUE). */
export const tagValue = z
  .string()
  .max(256, 'tag values must be at most 256 characters')
  .regex(TAG_CHARACTERS, 'tag values may hold only letters, digits, spaces and _ . : / = + - @');

/**
 * AWS resource tags as a plain map. RDS rejects keys starting with `aws:`, characters outside its
 * set and more than 50 tags; caught here, such a mistake cannot surface only at the restore, after
 * the old target is gone.
 */
export const tagMap = z
  .record(z.string(), tagValue)
  .superRefine((tags, context) => {
    for (const key of Object.keys(tags)) {
      const parsed = tagKey.safeParse(key);
      if (!parsed.success) context.addIssue({ code: 'custom', path: [key], message: parsed.error.issues[0]!.message });
    }
  })
  .refine((tags) => Object.keys(tags).length <= MAX_REQUEST_TAGS, `at most ${MAX_REQUEST_TAGS} tags: RDS allows 50 and this tool adds ${TAGS_ADDED_BY_THIS_TOOL}`);
