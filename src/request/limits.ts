/**
 * The edge's bounds. Each AWS name is bounded by its own field's limit (identifiers.ts); these bound
 * the shape around them, so a request stays far below DynamoDB's 400 KB item (it is stored in the
 * operation's item, with the facts and step runs the operation gathers).
 */
export const REQUEST_LIMITS = {
  /** Aurora allows 16 instances per cluster (a writer and 15 readers). */
  instances: 16,
  /** RDS accepts five VPC security groups per cluster by default. */
  securityGroups: 5,
  roles: 50,
  dropRoles: 100,
  postRestoreSql: 50,
  grantsPerRole: 20,
  schemasPerGrant: 50,
  memberOf: 20,
  /** Checks run on the new cluster before a swap; each is one query. */
  verifyChecks: 20,
  /** A check's SQL: one read-only query, not a script. */
  verifySqlChars: 4000,
} as const;

/** The request, serialised as JSON, in bytes: the operation item stays far below DynamoDB's 400 KB. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** Any event, serialised, in bytes: EventBridge's and Lambda's asynchronous limit is 256 KB. */
export const MAX_EVENT_BYTES = 256 * 1024;

/**
 * How deep an event may nest (objects and arrays). The deepest valid start event has 7 levels
 * (`request.users.roles[].grants[].schemas[]`); an RDS event from EventBridge about 3.
 */
export const MAX_NESTING_DEPTH = 16;

/**
 * Keys that name JavaScript's object machinery. JSON.parse makes them ordinary own keys, which code
 * spreading or merging the object may turn into a prototype change; zod drops `__proto__` from
 * records silently. Refused wherever they appear, naming where.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
