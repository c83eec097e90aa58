import { createHash } from 'node:crypto';
import { createPgDatabase } from '../../../src/database/create-pg-database';
import { SqlScriptError } from '../../../src/errors';
import { createLogger } from '../../../src/observability/logger';
import type { SqlScript } from '../../../src/ports/database';
import { freshDatabase, superuserConnection, superuserSql, testDatabasePort, TEST_OPERATION_ID } from './pg-fixture';

const INCREMENT: SqlScript = { name: 'masking/increment.sql', sql: 'UPDATE counter SET n = n + 1;\nINSERT INTO runs DEFAULT VALUES;' };
const OTHER_OPERATION = '20261126-030000-d4e5f6';

/**
 * Each post-restore script records itself in the restored database in the transaction that runs
 * it. The step saves "committed" only after the script returns; an invocation that dies in between
 * comes back with no record of its own, and the marker row must keep the script from running twice.
 */
describe('post-restore scripts recorded in the restored database', () => {
  let database: string;
  let cleanup: () => Promise<void>;
  const port = testDatabasePort();

  beforeEach(async () => {
    ({ database, cleanup } = await freshDatabase('markers'));
    await superuserSql('CREATE TABLE counter (n int NOT NULL); INSERT INTO counter VALUES (0); CREATE TABLE runs (id serial PRIMARY KEY)', database);
  });
  afterEach(() => cleanup());

  const counter = async () => Number((await superuserSql('SELECT n FROM counter', database))[0]?.n);
  const markers = async (table = 'aurora_restore.post_restore_scripts') =>
    superuserSql(`SELECT operation_id, script_name, content_sha256, statements FROM ${table} ORDER BY committed_at`, database);

  it('runs a script once for an operation although the record of its commit was lost', async () => {
    // Prepare: the first invocation commits the script, then "dies" before the step saves it.
    const first = await port.runScript(superuserConnection(database), INCREMENT, TEST_OPERATION_ID);

    // Act: the retried invocation knows nothing of the first and runs the script again.
    const second = await port.runScript(superuserConnection(database), INCREMENT, TEST_OPERATION_ID);

    // Assess
    expect([first.status, second.status]).toEqual(['ran', 'already-run']);
    expect(await counter()).toBe(1);
    expect(await markers()).toEqual([
      { operation_id: TEST_OPERATION_ID, script_name: INCREMENT.name, content_sha256: createHash('sha256').update(INCREMENT.sql).digest('hex'), statements: 2 },
    ]);
  });

  it.each([
    ['another operation', OTHER_OPERATION, INCREMENT],
    ['changed content under the same name', TEST_OPERATION_ID, { ...INCREMENT, sql: `${INCREMENT.sql}\n-- edited` }],
  ])('runs the script again for %s', async (_case, operationId, script) => {
    // Prepare
    await port.runScript(superuserConnection(database), INCREMENT, TEST_OPERATION_ID);

    // Act
    const again = await port.runScript(superuserConnection(database), script, operationId);

    // Assess
    expect(again.status).toBe('ran');
    expect(await counter()).toBe(2);
  });

  it('leaves no marker for a script that failed, so the fixed script runs', async () => {
    // Prepare
    const failing = port.runScript(superuserConnection(database), { name: INCREMENT.name, sql: 'UPDATE counter SET n = n + 1;\nSELECT 1/0;' }, TEST_OPERATION_ID);
    await expect(failing).rejects.toThrow(SqlScriptError);

    // Act
    const fixed = await port.runScript(superuserConnection(database), INCREMENT, TEST_OPERATION_ID);

    // Assess
    expect(fixed.status).toBe('ran');
    expect(await counter()).toBe(1);
    expect(await markers()).toHaveLength(1);
  });

  it('runs the script once when two invocations run it at the same moment', async () => {
    // Prepare: slow enough that the second starts while the first is still open.
    const slow: SqlScript = { name: 'slow.sql', sql: 'UPDATE counter SET n = n + 1;\nSELECT pg_sleep(0.5);' };

    // Act
    const runs = await Promise.all([1, 2].map(() => port.runScript(superuserConnection(database), slow, TEST_OPERATION_ID)));

    // Assess
    expect(runs.map((run) => run.status).sort()).toEqual(['already-run', 'ran']);
    expect(await counter()).toBe(1);
  });

  it('records in the table the deployment names, creating its schema', async () => {
    // Prepare
    const configured = createPgDatabase({ logger: createLogger({ sink: () => undefined }), markerTable: { schema: 'ops_audit', table: 'scripts_done' }, connectRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });

    // Act
    const first = await configured.runScript(superuserConnection(database), INCREMENT, TEST_OPERATION_ID);
    const second = await configured.runScript(superuserConnection(database), INCREMENT, TEST_OPERATION_ID);

    // Assess
    expect([first.status, second.status]).toEqual(['ran', 'already-run']);
    expect(await markers('ops_audit.scripts_done')).toHaveLength(1);
    expect(await superuserSql("SELECT to_regclass('aurora_restore.post_restore_scripts') AS t", database)).toEqual([{ t: null }]);
  });
});
