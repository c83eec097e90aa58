import { z } from 'zod';
import {
  accountId,
  availabilityZone,
  bundledSqlPath,
  databaseName,
  engineVersion,
  instanceClass,
  kmsKeyReference,
  MAX_REQUEST_TAGS,
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
  TAGS_ADDED_BY_THIS_TOOL,
  tagMap,
  topicArn,
} from './identifiers';
import { findJsonProblem, serialisedBytes } from './json-shape';
import { MAX_REQUEST_BYTES, REQUEST_LIMITS } from './limits';
import { addIssues, requestSourceIssues, sourceTypeIssues } from './source-type-rules';
import { backupWindow, maintenanceWindow, windowsOverlap } from './rds-windows';

/** The log types Aurora PostgreSQL exports to CloudWatch Logs. */
export const AURORA_POSTGRESQL_LOG_TYPES = ['postgresql', 'instance', 'iam-db-auth-error'] as const;

/** Serverless v2 capacity: Aurora accepts steps of half an ACU. */
const acu = z.number().multipleOf(0.5, 'must be a multiple of 0.5 ACU');

/**
 * Where the data comes from: a snapshot (named explicitly, or the newest one of a source cluster,
 * copied when needed), or — same account and region only — the source cluster itself, cloned or
 * restored to a point in time (no snapshot, no copy).
 */
export const sourceSchema = z
  .strictObject({
    /**
     * `snapshot` restores a snapshot; `clone` is a copy-on-write clone of the source cluster at its
     * latest restorable time (minutes whatever the size); `point-in-time`
     * restores the source at `restoreTime` (or the latest restorable time).
     */
    type: z.enum(['snapshot', 'clone', 'point-in-time']).default('snapshot'),
    /** point-in-time: the moment to restore (ISO 8601 with an offset); the latest restorable time when omitted. */
    restoreTime: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with an offset, e.g. 2026-11-24T22:30:00Z' }).optional(),
    /** point-in-time: `full-copy` (default; copies the volume) or `copy-on-write` (a clone at that time). */
    restoreType: z.enum(['full-copy', 'copy-on-write']).optional(),
    /** The production cluster whose newest snapshot is restored. */
    clusterId: rdsIdentifier.optional(),
    /** An explicit snapshot (id or ARN); wins over discovery. Shared snapshots must be given by ARN. */
    snapshot: snapshotReference.optional(),
    /** The account owning the source cluster, when it is not this account (snapshots shared with us). */
    accountId: accountId.optional(),
    /** The region of the source snapshot, when it is not this function's region. */
    region: regionName.optional(),
    /** Which snapshot types discovery considers. */
    snapshotTypes: z
      .array(z.enum(['automated', 'manual', 'shared']))
      .min(1, 'must name at least one snapshot type')
      .max(3, 'must name each of automated, manual, shared at most once')
      .refine((types) => new Set(types).size === types.length, 'must name each snapshot type at most once')
      .default(['automated', 'manual']),
    /** Refuse snapshots older than this: a nightly refresh must not silently restore last week's data. */
    maxAgeHours: z.number().min(1, 'must be at least 1 hour').max(24 * 400, 'must be at most 9600 hours (400 days)').optional(),
  })
  .refine((source) => source.type !== 'snapshot' || source.clusterId !== undefined || source.snapshot !== undefined, {
    message: 'give source.clusterId (restore its newest snapshot) or source.snapshot (an id or ARN)',
    path: ['clusterId'],
  })
  .superRefine((source, context) => addIssues(context, sourceTypeIssues(source)));

/** One instance created in the restored cluster (a restore creates none by itself). */
export const instanceSchema = z.strictObject({
  id: rdsIdentifier,
  /** e.g. db.r6g.2xlarge, or db.serverless (then target.serverlessV2Scaling is required). */
  instanceClass,
  parameterGroup: parameterGroupName.optional(),
  promotionTier: z.number().int().min(0).max(15).optional(),
  availabilityZone: availabilityZone.optional(),
  performanceInsights: z
    .strictObject({
      enabled: z.boolean(),
      kmsKeyId: kmsKeyReference.optional(),
      // Performance Insights keeps 7 days (free), a whole number of months (31-day units) up to 23, or 731 days.
      retentionDays: z
        .number()
        .int()
        .refine((days) => days === 7 || days === 731 || (days % 31 === 0 && days >= 31 && days <= 713), 'must be 7, 731, or a multiple of 31 up to 713 (months)')
        .optional(),
    })
    .optional(),
  /** The CA certificate of the instance's server certificate, e.g. rds-ca-rsa2048-g1 (RDS's default otherwise). */
  caCertificate: z
    .string()
    .max(64, 'must be at most 64 characters (a CA certificate id such as rds-ca-rsa2048-g1)')
    .regex(/^rds-ca-[a-z0-9-]+$/, 'must be an RDS CA certificate id such as rds-ca-rsa2048-g1, rds-ca-rsa4096-g1 or rds-ca-ecc384-g1')
    .optional(),
  tags: tagMap.optional(),
});

/** The cluster that is deleted and restored: its identity and every setting the restore applies. */
export const targetSchema = z
  .strictObject({
    clusterId: rdsIdentifier,
    /**
     * The instances to create (a restore creates none). Left out, the existing target's instances
     * come back: the same ids, classes and settings (see target-configuration).
     */
    instances: z
      .array(instanceSchema)
      .min(1, 'must configure at least one instance (a restore creates none), or leave instances out to rebuild the existing target\'s')
      .max(REQUEST_LIMITS.instances, `at most ${REQUEST_LIMITS.instances} instances (Aurora's limit per cluster)`)
      .optional(),
    subnetGroup: subnetGroupName.optional(),
    securityGroupIds: z
      .array(securityGroupId)
      .min(1, 'must name at least one security group, or leave securityGroupIds out')
      .max(REQUEST_LIMITS.securityGroups, `at most ${REQUEST_LIMITS.securityGroups} security groups (RDS's limit per cluster)`)
      .optional(),
    clusterParameterGroup: parameterGroupName.optional(),
    engineVersion: engineVersion.optional(),
    port: z.number().int().min(1150).max(65535).optional(),
    kmsKeyId: kmsKeyReference.optional(),
    /**
     * Silence means "as the existing target has it" (see target-configuration): none of these
     * settings defaults here, or a default would hide it. Without an existing target RDS's defaults
     * apply, and this tool's: deletion protection off, tags copied to snapshots.
     */
    deletionProtection: z.boolean().optional(),
    iamDatabaseAuthentication: z.boolean().optional(),
    /** `aurora` (standard) or `aurora-iopt1` (I/O-Optimized). */
    storageType: z.enum(['aurora', 'aurora-iopt1']).optional(),
    cloudwatchLogsExports: z
      .array(z.enum(AURORA_POSTGRESQL_LOG_TYPES))
      .max(AURORA_POSTGRESQL_LOG_TYPES.length)
      .refine((types) => new Set(types).size === types.length, 'must name each log type at most once')
      .optional(),
    backupRetentionDays: z.number().int('must be a whole number of days').min(1, 'must be at least 1 day (Aurora always keeps backups)').max(35, 'must be at most 35 days').optional(),
    preferredBackupWindow: backupWindow.optional(),
    preferredMaintenanceWindow: maintenanceWindow.optional(),
    serverlessV2Scaling: z
      .strictObject({
        minCapacity: acu.min(0, 'must be at least 0 ACU').max(256, 'must be at most 256 ACU'),
        maxCapacity: acu.min(1, 'must be at least 1 ACU').max(256, 'must be at most 256 ACU'),
      })
      .refine((s) => s.minCapacity <= s.maxCapacity, 'minCapacity must not exceed maxCapacity')
      .optional(),
    copyTagsToSnapshot: z.boolean().optional(),
    tags: tagMap.optional(),
    /**
     * Before deleting the old target: `skip` deletes without a final snapshot; `take` keeps one named
     * uniquely after the operation. RDS accepts exactly one of the two.
     */
    finalSnapshot: z.enum(['skip', 'take']).default('skip'),
  })
  // db.serverless instances need a capacity range, which the old target may carry: preflight checks
  // it on the target as built (built-target-checks), before anything is copied or deleted.
  .refine((target) => target.instances === undefined || new Set(target.instances.map((i) => i.id)).size === target.instances.length, {
    message: 'instance ids must be unique',
    path: ['instances'],
  })
  .refine((target) => target.preferredBackupWindow === undefined || target.preferredMaintenanceWindow === undefined || !windowsOverlap(target.preferredBackupWindow, target.preferredMaintenanceWindow), {
    message: 'the backup window overlaps the maintenance window on some day: RDS refuses that; move one of them',
    path: ['preferredBackupWindow'],
  })
  .refine((target) => !(target.cloudwatchLogsExports?.includes('iam-db-auth-error') === true && target.iamDatabaseAuthentication === false), {
    message: 'exporting iam-db-auth-error needs IAM database authentication: set target.iamDatabaseAuthentication to true or drop the log type',
    path: ['cloudwatchLogsExports'],
  })
  .superRefine((target, context) => {
    // An instance carries the cluster's tags, its own and this tool's: together within RDS's 50.
    (target.instances ?? []).forEach((instance, index) => {
      const keys = new Set([...Object.keys(target.tags ?? {}), ...Object.keys(instance.tags ?? {})]);
      if (keys.size > MAX_REQUEST_TAGS) {
        context.addIssue({
          code: 'custom',
          path: ['instances', index, 'tags'],
          message: `target.tags and this instance's tags come to ${keys.size} keys; at most ${MAX_REQUEST_TAGS}: RDS allows 50 and this tool adds ${TAGS_ADDED_BY_THIS_TOOL}`,
        });
      }
    });
  });

/** Whether and how the snapshot is copied before the restore. */
export const copySchema = z
  .strictObject({
    /**
     * `auto` copies only when needed: the snapshot is in another account or region, or a
     * re-encryption key is given. `always` copies anyway (e.g. to keep it); `never` refuses to copy.
     */
    mode: z.enum(['auto', 'always', 'never']).default('auto'),
    /** Key of this region the copy is encrypted with (required for encrypted shared or cross-region copies). */
    kmsKeyId: kmsKeyReference.optional(),
    /** Copy the source snapshot's tags onto the copy. */
    copyTags: z.boolean().default(false),
  })
  .default({ mode: 'auto', copyTags: false });

/** Privileges a database user gets, on schemas of one database. */
export const grantSchema = z.strictObject({
  preset: z.enum(['readonly', 'readwrite', 'owner']),
  /** Database the schemas live in; defaults to users.database. */
  database: databaseName.optional(),
  schemas: z
    .array(schemaName)
    .min(1, 'must name at least one schema')
    .max(REQUEST_LIMITS.schemasPerGrant, `at most ${REQUEST_LIMITS.schemasPerGrant} schemas per grant`)
    .default(['public']),
});

/** A database role created or altered after the restore. */
export const roleSchema = z.strictObject({
  name: postgresRoleName,
  /** Secret holding the role's password: a plain string, or JSON with the key below. */
  passwordSecret: secretReference,
  passwordSecretKey: secretJsonKey.default('password'),
  grants: z.array(grantSchema).max(REQUEST_LIMITS.grantsPerRole, `at most ${REQUEST_LIMITS.grantsPerRole} grants per role`).default([]),
  memberOf: z.array(postgresRoleName).max(REQUEST_LIMITS.memberOf, `at most ${REQUEST_LIMITS.memberOf} roles to be a member of`).default([]),
  /** Also grant on tables and sequences created later (ALTER DEFAULT PRIVILEGES). */
  defaultPrivileges: z.boolean().default(true),
  /** -1 is PostgreSQL's "no limit". */
  connectionLimit: z.number().int().min(-1, 'must be -1 (no limit) or more').max(10_000, 'must be at most 10000').optional(),
});

/** A SQL script run after the restore, each in its own transaction (e.g. masking personal data). */
export const postRestoreSqlSchema = z.union([z.strictObject({ file: bundledSqlPath }), z.strictObject({ s3Uri: s3SqlUri })], {
  error: 'must be {"file": "<path>.sql"} (bundled with the function) or {"s3Uri": "s3://bucket/key.sql"}, exactly one of the two',
});

/** What happens to the database once the cluster is up. */
export const usersSchema = z
  .strictObject({
    /**
     * The restored cluster keeps the snapshot's (production's) master password unless one of these is set:
     * `secret` sets it from a Secrets Manager secret; `manage` lets RDS manage it in Secrets Manager.
     */
    masterPassword: z
      .union([
        z.strictObject({ secret: secretReference, secretKey: secretJsonKey.default('password') }),
        z.strictObject({ manage: z.literal(true), kmsKeyId: kmsKeyReference.optional() }),
      ], { error: 'must be {"secret": "<ARN or name>", "secretKey"?: "<JSON key>"} or {"manage": true, "kmsKeyId"?: "<key>"}' })
      .optional(),
    database: databaseName.default('postgres'),
    /** TLS with certificate verification against the bundled RDS CA; `disable` is for local runs only. */
    tls: z.enum(['verify-full', 'disable']).default('verify-full'),
    connectTimeoutSeconds: z.number().int().positive().max(120).default(10),
    // A statement must end within one invocation (the dispatcher keeps its own budget under 15 min).
    statementTimeoutSeconds: z.number().int().positive().max(600).default(300),
    roles: z.array(roleSchema).max(REQUEST_LIMITS.roles, `at most ${REQUEST_LIMITS.roles} roles`).default([]),
    /** Roles to drop if the restored database has them (e.g. production's users). Listed explicitly. */
    dropRoles: z.array(postgresRoleName).max(REQUEST_LIMITS.dropRoles, `at most ${REQUEST_LIMITS.dropRoles} roles to drop`).default([]),
    postRestoreSql: z.array(postRestoreSqlSchema).max(REQUEST_LIMITS.postRestoreSql, `at most ${REQUEST_LIMITS.postRestoreSql} scripts`).default([]),
  })
  .refine((users) => new Set(users.roles.map((r) => r.name)).size === users.roles.length, {
    message: 'role names must be unique',
    path: ['roles'],
  })
  .refine((users) => !users.roles.some((role) => users.dropRoles.includes(role.name)), {
    message: 'a role cannot be both configured in roles and listed in dropRoles',
    path: ['dropRoles'],
  })
  .refine(
    (users) => users.masterPassword !== undefined || (users.roles.length === 0 && users.dropRoles.length === 0 && users.postRestoreSql.length === 0),
    {
      message:
        'roles, dropRoles and postRestoreSql need users.masterPassword ({"secret": …} or {"manage": true}): the restored cluster otherwise keeps the snapshot\'s master password, which this tool does not know',
      path: ['masterPassword'],
    },
  )
  .default({
    database: 'postgres',
    tls: 'verify-full',
    connectTimeoutSeconds: 10,
    statementTimeoutSeconds: 300,
    roles: [],
    dropRoles: [],
    postRestoreSql: [],
  });

/** What happens to the snapshot copy this operation made, once the restore is done. */
export const archiveSchema = z
  .strictObject({
    /** `delete` the copy; `keep-last` keeps the newest `keepLast` copies made by this tool for this target. */
    mode: z.enum(['delete', 'keep-last']).default('delete'),
    keepLast: z.number().int().min(1).max(50).default(1),
  })
  .default({ mode: 'delete', keepLast: 1 });

/** Who hears about the outcome. */
export const notificationSchema = z
  .strictObject({
    /** Topic to publish to; defaults to the deployment's topic. */
    topicArn: topicArn.optional(),
    onSuccess: z.boolean().default(true),
    onFailure: z.boolean().default(true),
  })
  .default({ onSuccess: true, onFailure: true });

/**
 * How long to wait between status checks and when to give up. Unset fields fall back to the
 * deployment's defaults (environment), then to the seed's schedule.
 */
export const waitingSchema = z
  .strictObject({
    /** `progress` aims at the estimated completion; `backoff` is the seed's capped exponential backoff; `fixed` waits initialDelaySeconds every time. */
    strategy: z.enum(['progress', 'backoff', 'fixed']).optional(),
    initialDelaySeconds: z.number().int().min(60).max(86_400).optional(),
    multiplier: z.number().min(1).max(10).optional(),
    maxDelaySeconds: z.number().int().min(60).max(86_400).optional(),
    minDelaySeconds: z.number().int().min(60).max(86_400).optional(),
    maxChecks: z.number().int().min(1).max(10_000).optional(),
    deadlineBaseHours: z.number().min(1, 'must be at least 1 hour').max(24 * 14, 'must be at most 336 hours (14 days)').optional(),
    deadlineHoursPerTb: z
      .number()
      .min(0)
      .max(48)
      .refine((hours) => hours === 0 || hours >= 0.01, 'must be 0 or at least 0.01 hours per TB')
      .optional(),
  })
  .refine((waiting) => waiting.minDelaySeconds === undefined || waiting.maxDelaySeconds === undefined || waiting.minDelaySeconds <= waiting.maxDelaySeconds, {
    message: 'minDelaySeconds must not exceed maxDelaySeconds',
    path: ['minDelaySeconds'],
  })
  .default({});

/**
 * What a destructive step may do. The defaults are the safe ones. The managed tag that authorises a
 * delete is the deployment's (MANAGED_TAG_KEY, MANAGED_TAG_VALUE), never the request's: the payload
 * asking for a delete may not redefine what authorises it.
 */
export const safetySchema = z
  .strictObject({
    /** Switch off the target's deletion protection before deleting it. */
    allowDisableDeletionProtection: z.boolean().default(false),
    /**
     * Refuse to delete a target without the managed tag. false is an explicit override, accepted
     * only where the deployment allows unmanaged targets (ALLOW_UNMANAGED_TARGETS=true).
     */
    requireManagedTag: z.boolean().default(true),
    managedTag: z
      .never({
        error:
          'the managed tag is a deployment setting, not a request field: remove safety.managedTag and set MANAGED_TAG_KEY and MANAGED_TAG_VALUE in the deployment (.env)',
      })
      .optional(),
  })
  .default({ allowDisableDeletionProtection: false, requireManagedTag: true });

/**
 * How the new cluster takes the target's place. `replace` (the seed's order): the old target is
 * deleted, then the new one restored under its name — the target is down for the whole restore.
 * `swap`: the new cluster is built beside the target as `<target>-next-<short id>`, set up and
 * verified while the old one serves, then the two are swapped by renames (minutes).
 */
export const strategySchema = z.enum(['replace', 'swap']);
export type RefreshStrategy = z.output<typeof strategySchema>;

/** What a swap keeps. */
export const swapSchema = z
  .strictObject({
    /** The old target stays, renamed `<target>-retired-<short id>`, this long (a rollback brings it back); 0 deletes it at once. */
    keepRetiredHours: z.number().min(0, 'must be 0 (delete at once) or more').max(168, 'must be at most 168 hours (7 days)').default(24),
    /** Keep the half-built `-next` cluster of a swap that failed before its first rename, for inspection. */
    keepFailed: z.boolean().default(false),
  })
  .default({ keepRetiredHours: 24, keepFailed: false });

/** What a verification query's result must be: a row count in a range, one scalar, or no row at all. */
export const verifyExpectSchema = z.union(
  [
    z.strictObject({
      rows: z
        .strictObject({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() })
        .refine((rows) => rows.min !== undefined || rows.max !== undefined, 'must give min, max or both')
        .refine((rows) => rows.min === undefined || rows.max === undefined || rows.min <= rows.max, 'min must not exceed max'),
    }),
    z.strictObject({ equals: z.union([z.string().max(1000, 'must be at most 1000 characters'), z.number(), z.boolean(), z.null()]) }),
    z.strictObject({ empty: z.literal(true) }),
  ],
  { error: 'must be {"rows": {"min"?, "max"?}}, {"equals": <string, number, boolean or null>} or {"empty": true}' },
);

/** A check run, read-only, on the new cluster before it takes the target's place (e.g. "no row matches an unmasked e-mail"). */
export const verifyCheckSchema = z.strictObject({
  name: z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters').regex(/^[\w .:-]+$/, 'must be letters, digits, spaces and _.:-'),
  sql: z.string().min(1, 'must not be empty').max(REQUEST_LIMITS.verifySqlChars, `must be at most ${REQUEST_LIMITS.verifySqlChars} characters (one query)`),
  expect: verifyExpectSchema,
});

/** A refresh request: everything an operation needs, validated once at the edge and stored with it. */
export const refreshRequestSchema = z
  .strictObject({
    source: sourceSchema,
    target: targetSchema,
    copy: copySchema,
    users: usersSchema,
    archive: archiveSchema,
    notification: notificationSchema,
    waiting: waitingSchema,
    safety: safetySchema,
    /** `replace` or `swap`; when omitted, the deployment's DEFAULT_STRATEGY (recorded at preflight). */
    strategy: strategySchema.optional(),
    swap: swapSchema,
    /** swap only: checks the new cluster must pass before it is swapped in. */
    verify: z
      .array(verifyCheckSchema)
      .max(REQUEST_LIMITS.verifyChecks, `at most ${REQUEST_LIMITS.verifyChecks} checks`)
      .refine((checks) => new Set(checks.map((check) => check.name)).size === checks.length, 'check names must be unique')
      .default([]),
    /** Walk the whole plan read-only and report what would be done. */
    dryRun: z.boolean().default(false),
    /** Who or what asked (a person, `nightly`), for the record and the notification. */
    requestedBy: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  })
  .refine((request) => request.source.clusterId !== request.target.clusterId || request.source.accountId !== undefined || request.source.region !== undefined, {
    message: 'target.clusterId must not be the source cluster: the target is deleted before the restore',
    path: ['target', 'clusterId'],
  })
  .refine((request) => request.verify.length === 0 || request.users.masterPassword !== undefined, {
    message: 'verify needs users.masterPassword: the checks connect as the master user, whose password the restored cluster otherwise keeps from the snapshot',
    path: ['verify'],
  })
  .refine((request) => request.verify.length === 0 || request.strategy !== 'replace', {
    message: 'verify runs only with strategy "swap": with "replace" the old target is already gone when the new one could be checked',
    path: ['verify'],
  })
  .superRefine((request, context) => addIssues(context, requestSourceIssues(request)));

/** A validated refresh request with every default applied. */
export type RefreshRequest = z.output<typeof refreshRequestSchema>;

/** One instance of the target, as a request configures it. */
export type InstanceSpec = z.output<typeof instanceSchema>;
/** A refresh request as a caller writes it (defaults may be omitted). */
export type RefreshRequestInput = z.input<typeof refreshRequestSchema>;

/**
 * The request as it arrives at the edge (a start event, a nightly schedule's input): structurally
 * sound JSON of at most MAX_REQUEST_BYTES, then the request itself. Stored requests are read back
 * with `refreshRequestSchema` alone: the size bound is about what a caller sends, not what the
 * defaults add.
 */
export const incomingRequestSchema = z
  .unknown()
  .superRefine((value, context) => {
    // Not an object: the request schema below says what is expected.
    if (typeof value !== 'object' || value === null) return;
    const problem = findJsonProblem(value);
    if (problem !== undefined) {
      context.addIssue({ code: 'custom', path: problem.path, message: problem.message });
      return;
    }
    const bytes = serialisedBytes(value);
    if (bytes === undefined) context.addIssue({ code: 'custom', message: 'must be JSON' });
    else if (bytes > MAX_REQUEST_BYTES) {
      context.addIssue({ code: 'custom', message: `is ${bytes} bytes as JSON; at most ${MAX_REQUEST_BYTES} are accepted (the operation is stored in one DynamoDB item)` });
    }
  })
  .pipe(refreshRequestSchema);
