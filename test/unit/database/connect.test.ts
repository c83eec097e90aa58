import { DatabaseError } from 'pg';
import { clientConfig, isEndpointNotReady } from '../../../src/database/connect';
import type { DatabaseConnection } from '../../../src/ports/database';

const connection: DatabaseConnection = {
  host: 'staging.cluster-abc.eu-west-1.rds.amazonaws.com',
  port: 5432,
  database: 'postgres',
  user: 'postgres',
  password: 'pw',
  tls: 'verify-full',
  connectTimeoutSeconds: 10,
  statementTimeoutSeconds: 300,
};

const serverError = (code: string) => Object.assign(new DatabaseError('server says no', 0, 'error'), { code });
const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('connecting', () => {
  it.each([
    ['connection refused', socketError('ECONNREFUSED'), true],
    ['a name that does not resolve yet', socketError('ENOTFOUND'), true],
    ['a reset connection', socketError('ECONNRESET'), true],
    ['the connect timeout', new Error('timeout expired'), true],
    ['the server starting up (57P03)', serverError('57P03'), true],
    ['too many connections (53300)', serverError('53300'), true],
    ['a wrong password (28P01)', serverError('28P01'), false],
    ['a missing database (3D000)', serverError('3D000'), false],
    ['an untrusted certificate', Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), false],
    ['a host name mismatch', Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), false],
    ['a server without TLS', new Error('The server does not support SSL connections'), false],
  ])('treats %s as not ready yet: %s', (_case, error, retry) => {
    expect(isEndpointNotReady(error)).toBe(retry);
  });

  it('verifies the certificate chain against the given CAs, with timeouts and without PG* environment defaults deciding TLS', () => {
    // Act
    const config = clientConfig(connection, 'appdb', () => ['-----BEGIN CERTIFICATE-----ca']);

    // Assess
    expect(config).toEqual({
      host: connection.host,
      port: 5432,
      database: 'appdb',
      user: 'postgres',
      password: 'pw',
      ssl: { ca: ['-----BEGIN CERTIFICATE-----ca'], rejectUnauthorized: true, minVersion: 'TLSv1.2' },
      connectionTimeoutMillis: 10_000,
      statement_timeout: 300_000,
      idle_in_transaction_session_timeout: 360_000,
      query_timeout: 315_000,
      application_name: 'aurora-restore',
      keepAlive: true,
    });
  });

  it('does not load the CA bundle when TLS is disabled (local runs)', () => {
    // Prepare
    const authorities = jest.fn(() => ['unused']);

    // Act
    const config = clientConfig({ ...connection, tls: 'disable' }, 'postgres', authorities);

    // Assess
    expect(config.ssl).toBe(false);
    expect(authorities).not.toHaveBeenCalled();
  });
});
