import { z } from 'zod';

/**
 * RDS cluster and instance identifiers: 1–63 letters, digits or hyphens, starting with a letter,
 * no two consecutive hyphens, not ending with a hyphen. RDS stores them lower-case, so we do too:
 * comparing `Staging` with `staging` must not let a safety check slip.
 */
export const rdsIdentifier = z
  .string()
  .regex(
    /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}$/,
    'must be 1–63 letters, digits or hyphens, start with a letter, and contain no "--"',
  )
  .refine((value) => !value.endsWith('-'), 'must not end with a hyphen')
  .transform((value) => value.toLowerCase());

/** A cluster snapshot given by identifier (`rds:prod-2026-11-24-03-00` for automated ones) or ARN. */
export const snapshotReference = z
  .string()
  .regex(
    /^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster-snapshot:[a-zA-Z][a-zA-Z0-9:-]{0,254}|[a-zA-Z][a-zA-Z0-9:-]{0,254})$/,
    'must be a cluster snapshot identifier or an ARN arn:aws:rds:<region>:<account>:cluster-snapshot:<id>',
  );

/** A 12-digit AWS account id. */
export const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

/** An AWS region name such as eu-west-1. */
export const regionName = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1');

/** A KMS key id, key ARN, alias name or alias ARN. */
export const kmsKeyReference = z
  .string()
  .regex(
    /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[a-zA-Z0-9/_-]+|alias\/[a-zA-Z0-9/_-]+|[a-f0-9-]{36}|mrk-[a-f0-9]{32})$/,
    'must be a KMS key id, key ARN, alias/NAME or alias ARN',
  );

/** A Secrets Manager secret ARN or name. */
export const secretReference = z
  .string()
  .regex(
    /^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[a-zA-Z0-9/_+=.@-]+|[a-zA-Z0-9/_+=.@-]{1,512})$/,
    'must be a Secrets Manager secret ARN or name',
  );

/** An SNS topic ARN. */
export const topicArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]{1,256}$/, 'must be an SNS topic ARN');

/**
 * A PostgreSQL role name as PostgreSQL stores it. Any character is allowed because identifiers are
 * always quoted with the driver's escaping; only length (63 bytes) and NUL are limited by PostgreSQL.
 */
export const postgresRoleName = z
  .string()
  .min(1, 'must not be empty')
  .refine((value) => Buffer.byteLength(value, 'utf8') <= 63, 'must be at most 63 bytes (PostgreSQL truncates longer names)')
  .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character');

/** Tags this tool adds itself (managed, operation id, target), within AWS's 50 per resource. */
const TAGS_ADDED_BY_THIS_TOOL = 3;

/**
 * AWS resource tags as a plain map. RDS rejects keys starting with `aws:` and more than 50 tags;
 * caught here, such a mistake cannot surface only at the restore, after the old target is gone.
 */
export const tagMap = z
  .record(z.string().min(1).max(128), z.string().max(256))
  .superRefine((tags, context) => {
    for (const key of Object.keys(tags)) {
      if (key.toLowerCase().startsWith('aws:')) context.addIssue({ code: 'custom', path: [key], message: 'tag keys must not start with "aws:" (reserved by AWS)' });
    }
  })
  .refine((tags) => Object.keys(tags).length <= 50 - TAGS_ADDED_BY_THIS_TOOL, `at most ${50 - TAGS_ADDED_BY_THIS_TOOL} tags: RDS allows 50 and this tool adds ${TAGS_ADDED_BY_THIS_TOOL}`);
