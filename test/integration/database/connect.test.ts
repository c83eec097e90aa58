import { createServer } from 'node:net';
import { createPgDatabase } from '../../../src/database/create-pg-database';
import { PostgresError, TransientError } from '../../../src/errors';
import { createLogger } from '../../../src/observability/logger';
import { connectionAs, superuserConnection, TEST_OPERATION_ID } from './pg-fixture';

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('connecting to PostgreSQL', () => {
  const lines: string[] = [];
  const sleeps: number[] = [];
  const port = createPgDatabase({
    logger: createLogger({ sink: (line) => lines.push(line), level: 'debug' }),
    connectRetry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 150 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  beforeEach(() => {
    lines.length = 0;
    sleeps.length = 0;
  });

  it('retries a refusing endpoint a bounded number of times, then raises a TransientError', async () => {
    // Prepare
    const connection = { ...superuserConnection(), port: await closedPort(), password: 'not-shown-anywhere' };

    // Act
    const result = port.dropRoles(connection, ['anyone']);

    // Assess
    await expect(result).rejects.toThrow(TransientError);
    await expect(result).rejects.toThrow(/does not accept connections yet \(3 attempts over \d+ s; last: .*ECONNREFUSED/);
    expect(sleeps).toEqual([100, 150]);
    expect(lines.join('\n')).not.toContain('not-shown-anywhere');
  });

  it('fails at once, without retrying, when the password is wrong — and does not repeat it', async () => {
    // Prepare
    const connection = { ...superuserConnection(), password: 'wrong-password-value' };

    // Act
    const result = port.runScript(connection, { name: 'x.sql', sql: 'SELECT 1' }, TEST_OPERATION_ID);

    // Assess
    await expect(result).rejects.toThrow(PostgresError);
    await expect(result).rejects.toMatchObject({ sqlState: '28P01', isAuthenticationFailure: true });
    await expect(result).rejects.not.toThrow(/wrong-password-value/);
    expect(sleeps).toEqual([]);
  });

  it('fails at once naming the database when it does not exist', async () => {
    // Act
    const result = port.runScript(connectionAs(superuserConnection().user, superuserConnection().password, 'no_such_database'), { name: 'x.sql', sql: 'SELECT 1' }, TEST_OPERATION_ID);

    // Assess
    await expect(result).rejects.toMatchObject({ sqlState: '3D000', message: expect.stringContaining('/no_such_database') });
    expect(sleeps).toEqual([]);
  });

  it('fails at once when verify-full is asked of a server without TLS', async () => {
    // Act
    const result = port.runScript({ ...superuserConnection(), tls: 'verify-full' }, { name: 'x.sql', sql: 'SELECT 1' }, TEST_OPERATION_ID);

    // Assess
    await expect(result).rejects.toThrow(PostgresError);
    await expect(result).rejects.toThrow(/TLS verify-full.*does not support SSL/);
    expect(sleeps).toEqual([]);
  });
});
