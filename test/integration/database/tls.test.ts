import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgDatabase } from '../../../src/database/create-pg-database';
import { PostgresError } from '../../../src/errors';
import { createLogger } from '../../../src/observability/logger';
import { superuserConnection, superuserSql, TEST_OPERATION_ID } from './pg-fixture';

/** A throw-away CA and a server certificate for `localhost` signed by it. */
function makeCertificates(dir: string, serverUid: number, serverGid: number): { caPath: string; certPath: string; keyPath: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=aurora-restore test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', 'server.pem');
  // The server reads them as its own OS user (embedded PostgreSQL runs as `postgres` when started by root).
  for (const file of ['.', 'server.pem', 'server.key']) chownSync(join(dir, file), serverUid, serverGid);
  chmodSync(join(dir, 'server.key'), 0o600);
  return { caPath: join(dir, 'ca.pem'), certPath: join(dir, 'server.pem'), keyPath: join(dir, 'server.key') };
}

const PROVES_TLS = {
  name: 'tls-check.sql',
  sql: `DO $$ BEGIN
          IF NOT (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) THEN RAISE EXCEPTION 'connection is not encrypted'; END IF;
        END $$;`,
};

describe('TLS with certificate verification (verify-full)', () => {
  let dir: string;
  let caPath: string;
  let canConfigureTls = false;
  const retry = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 };
  const logger = createLogger({ sink: () => undefined });

  beforeAll(async () => {
    // Needs a superuser on a server of this machine (the suite's own); skipped against another DATABASE_URL.
    const isSuperuser = (await superuserSql('SELECT rolsuper FROM pg_roles WHERE rolname = current_user'))[0]?.rolsuper === true;
    const dataDirectory = isSuperuser ? String((await superuserSql('SHOW data_directory'))[0]?.data_directory) : '';
    canConfigureTls = isSuperuser && existsSync(dataDirectory);
    if (!canConfigureTls) return;
    dir = mkdtempSync(join(tmpdir(), 'aurora-restore-tls-'));
    const owner = statSync(dataDirectory);
    const files = makeCertificates(dir, owner.uid, owner.gid);
    caPath = files.caPath;
    await superuserSql(`ALTER SYSTEM SET ssl_cert_file = '${files.certPath}'`);
    await superuserSql(`ALTER SYSTEM SET ssl_key_file = '${files.keyPath}'`);
    await superuserSql('ALTER SYSTEM SET ssl = on');
    await superuserSql('SELECT pg_reload_conf()');
    // The postmaster reloads asynchronously; a new session sees the new setting once it has.
    for (let i = 0; i < 50 && (await superuserSql('SHOW ssl'))[0]?.ssl !== 'on'; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  });
  afterAll(async () => {
    if (!canConfigureTls) return;
    await superuserSql('ALTER SYSTEM RESET ssl');
    await superuserSql('ALTER SYSTEM RESET ssl_cert_file');
    await superuserSql('ALTER SYSTEM RESET ssl_key_file');
    await superuserSql('SELECT pg_reload_conf()');
    rmSync(dir, { recursive: true, force: true });
  });

  const viaLocalhost = () => ({ ...superuserConnection(), host: 'localhost', tls: 'verify-full' as const });

  it('connects over TLS when the server certificate chains to the configured CA and names the host', async () => {
    if (!canConfigureTls) return;
    // Prepare
    const port = createPgDatabase({ caBundlePath: caPath, logger, connectRetry: retry });

    // Act
    const run = port.runScript(viaLocalhost(), PROVES_TLS, TEST_OPERATION_ID);

    // Assess
    await expect(run).resolves.toMatchObject({ statements: 1 });
  });

  it('refuses a certificate that does not chain to the bundled RDS CAs, without retrying', async () => {
    if (!canConfigureTls) return;
    // Prepare
    const port = createPgDatabase({ logger, connectRetry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });

    // Act
    const run = port.runScript(viaLocalhost(), PROVES_TLS, TEST_OPERATION_ID);

    // Assess
    await expect(run).rejects.toThrow(PostgresError);
    await expect(run).rejects.toThrow(/TLS verify-full.*(self-signed|unable to verify|certificate)/i);
  });

  it('refuses a certificate that does not name the host connected to', async () => {
    if (!canConfigureTls) return;
    // Prepare
    const port = createPgDatabase({ caBundlePath: caPath, logger, connectRetry: retry });

    // Act
    const run = port.runScript({ ...viaLocalhost(), host: '127.0.0.1' }, PROVES_TLS, TEST_OPERATION_ID);

    // Assess
    await expect(run).rejects.toThrow(/IP: 127\.0\.0\.1 is not in the cert's list|does not match certificate's altnames/);
  });
});
