import { startLocalPostgres, type LocalPostgres } from '../../src/local/local-postgres';

declare global {
  var __AURORA_RESTORE_PG__: LocalPostgres | undefined;
}

/**
 * Starts one real PostgreSQL for the integration suite (scram-sha-256 password authentication), so
 * tests can prove a created user logs in and a wrong password fails. With DATABASE_URL set (e.g. the
 * Debian PostgreSQL), that server is used instead and nothing is started.
 */
export default async function setup(): Promise<void> {
  if (process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '') {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const server = await startLocalPostgres();
  globalThis.__AURORA_RESTORE_PG__ = server;
  process.env.TEST_DATABASE_URL = server.url;
}
