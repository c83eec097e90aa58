import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { PostgresError } from '../errors';
import { execute } from './sql-session';

/** Where post-restore scripts record themselves, in the database they run in. */
export interface MarkerTable {
  schema: string;
  table: string;
}

/** SCRIPT_MARKER_TABLE's default. */
export const DEFAULT_MARKER_TABLE: MarkerTable = { schema: 'aurora_restore', table: 'post_restore_scripts' };

/** What makes a script run unique: the operation, the script's name and its exact content. */
export interface ScriptIdentity {
  operationId: string;
  name: string;
  /** sha256 of the script's text (UTF-8), hex. */
  sha256: string;
}

export function scriptIdentity(operationId: string, script: { name: string; sql: string }): ScriptIdentity {
  return { operationId, name: script.name, sha256: createHash('sha256').update(script.sql, 'utf8').digest('hex') };
}

function qualified(client: Client, marker: MarkerTable): string {
  return `${client.escapeIdentifier(marker.schema)}.${client.escapeIdentifier(marker.table)}`;
}

// duplicate_schema, duplicate_table, unique_violation (two sessions creating the same catalog row at once).
const ALREADY_CREATED = new Set(['42P06', '42P07', '23505']);

/**
 * Creates the marker table if it is missing, in its own statements before the script's
 * transaction: a script that fails must not take the table with it, and two first runs at once
 * must both find it. A concurrent creation that wins the race is success.
 */
export async function ensureMarkerTable(client: Client, marker: MarkerTable): Promise<void> {
  const statements = [
    `CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(marker.schema)}`,
    `CREATE TABLE IF NOT EXISTS ${qualified(client, marker)} (
       operation_id text NOT NULL,
       script_name text NOT NULL,
       content_sha256 text NOT NULL,
       statements integer NOT NULL,
       committed_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (operation_id, script_name, content_sha256)
     )`,
  ];
  for (const sql of statements) {
    try {
      await execute(client, sql, { doing: `Creating the script marker table ${marker.schema}.${marker.table}` });
    } catch (error) {
      if (!(error instanceof PostgresError) || error.sqlState === undefined || !ALREADY_CREATED.has(error.sqlState)) throw error;
    }
  }
}

/**
 * Records the script inside the transaction that runs it, before its first statement: committed
 * together or not at all. Returns false when the row is there already, i.e. this script was
 * committed for this operation before (an invocation that died after COMMIT and before saving the
 * step's state). A second session recording the same script at the same moment waits on the
 * primary key until the first commits (then finds the row) or rolls back (then records it itself).
 */
export async function recordScript(client: Client, marker: MarkerTable, identity: ScriptIdentity, statements: number): Promise<boolean> {
  const rows = await execute(
    client,
    `INSERT INTO ${qualified(client, marker)} (operation_id, script_name, content_sha256, statements)
     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1 AS recorded`,
    { values: [identity.operationId, identity.name, identity.sha256, statements], doing: `Recording script ${identity.name} in ${marker.schema}.${marker.table}` },
  );
  return rows.length === 1;
}
