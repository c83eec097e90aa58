import type { DesiredGrant } from '../ports/database';

/** Escapes an identifier (the driver's `escapeIdentifier`). */
export type QuoteIdentifier = (name: string) => string;

/** The privileges one preset gives, per kind of object. */
export interface PresetPrivileges {
  database: string;
  schema: string;
  tables: string;
  sequences: string;
  /** Functions and procedures; `undefined` leaves PostgreSQL's default (EXECUTE for PUBLIC). */
  routines?: string;
}

/**
 * What each preset means. `owner` gives every privilege, including CREATE in the schema, but does
 * not transfer ownership of existing objects: a role that must ALTER or DROP them should also be a
 * member (`memberOf`) of the role that owns them.
 */
export const PRESET_PRIVILEGES: Readonly<Record<DesiredGrant['preset'], PresetPrivileges>> = {
  readonly: { database: 'CONNECT', schema: 'USAGE', tables: 'SELECT', sequences: 'SELECT' },
  readwrite: { database: 'CONNECT, TEMPORARY', schema: 'USAGE', tables: 'SELECT, INSERT, UPDATE, DELETE', sequences: 'USAGE, SELECT' },
  owner: { database: 'ALL PRIVILEGES', schema: 'ALL PRIVILEGES', tables: 'ALL PRIVILEGES', sequences: 'ALL PRIVILEGES', routines: 'EXECUTE' },
};

/** The GRANT statements of one preset on one schema, for objects that exist now. Idempotent. */
export function grantStatements(role: string, database: string, schema: string, preset: DesiredGrant['preset'], quote: QuoteIdentifier): string[] {
  const p = PRESET_PRIVILEGES[preset];
  const r = quote(role);
  const s = quote(schema);
  return [
    `GRANT ${p.database} ON DATABASE ${quote(database)} TO ${r}`,
    `GRANT ${p.schema} ON SCHEMA ${s} TO ${r}`,
    `GRANT ${p.tables} ON ALL TABLES IN SCHEMA ${s} TO ${r}`,
    `GRANT ${p.sequences} ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
    ...(p.routines ? [`GRANT ${p.routines} ON ALL ROUTINES IN SCHEMA ${s} TO ${r}`] : []),
  ];
}

/**
 * The ALTER DEFAULT PRIVILEGES statements that give the preset on objects `creator` creates later
 * in the schema. Default privileges attach to the creating role, so one set is needed per creator.
 */
export function defaultPrivilegeStatements(role: string, creator: string, schema: string, preset: DesiredGrant['preset'], quote: QuoteIdentifier): string[] {
  const p = PRESET_PRIVILEGES[preset];
  const prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quote(creator)} IN SCHEMA ${quote(schema)} GRANT`;
  const r = quote(role);
  return [
    `${prefix} ${p.tables} ON TABLES TO ${r}`,
    `${prefix} ${p.sequences} ON SEQUENCES TO ${r}`,
    ...(p.routines ? [`${prefix} ${p.routines} ON ROUTINES TO ${r}`] : []),
  ];
}
