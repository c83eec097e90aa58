import { scramSha256Verifier } from '../../../src/database/scram-verifier';
import { freshDatabase, loginResult, superuserSql, testDatabasePort, superuserConnection } from './pg-fixture';

describe('the SCRAM-SHA-256 verifier', () => {
  let database: string;
  let suffix: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, suffix, cleanup } = await freshDatabase('scram'));
  });
  afterAll(() => cleanup());

  it.each([
    ['ASCII', 'Tr0ub4dor&3 with spaces'],
    ['non-ASCII that SASLprep leaves as it is', 'pässwörd-日本語'],
  ])('is what PostgreSQL itself stores for a %s password, given the same salt', async (_case, password) => {
    // Prepare
    const roleName = `scram_${suffix}_${password.length}`;
    await superuserSql(`SET password_encryption = 'scram-sha-256'; CREATE ROLE "${roleName}" LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
    const [row] = await superuserSql('SELECT rolpassword FROM pg_authid WHERE rolname = $1', 'postgres', [roleName]);
    const stored = String(row?.rolpassword);
    const [, iterations, salt] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(stored) ?? [];

    // Act
    const ours = scramSha256Verifier(password, { salt: Buffer.from(salt as string, 'base64'), iterations: Number(iterations) });

    // Assess
    expect(ours).toBe(stored);
  });

  it('lets a role created with a non-ASCII password log in with it', async () => {
    // Prepare
    const role = { name: `utf8_${suffix}`, password: 'ñandú-Ωμέγα-密码', grants: [], memberOf: [], defaultPrivileges: true };

    // Act
    await testDatabasePort().applyRoles(superuserConnection(database), [role]);

    // Assess
    await expect(loginResult(role.name, role.password, database)).resolves.toBe('ok');
  });
});
