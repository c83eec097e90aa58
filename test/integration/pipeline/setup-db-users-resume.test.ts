import type { Operation } from '../../../src/store/operation';
import { loginResult, superuserSql } from '../database/pg-fixture';
import { capturedOutputs, findLeaks } from './support/captured-output';
import { PRODUCTION_CUSTOMERS, startRefreshWorld, WORLD, type RefreshWorld, type RefreshWorldOptions } from './support/refresh-world';
import { stopAfterEach } from '../../support/stop-after-each';

type LogLine = Record<string, unknown> & { message: string; operationId?: string };

function logLinesOf(world: RefreshWorld, operationId: string, message: string): LogLine[] {
  return world.runtime.logLines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.operationId === operationId && line.message === message);
}

function masterPasswordRequests(world: RefreshWorld): number {
  return world.runtime.simulation.writeCalls().filter((call) => call.operation === 'modifyCluster').length;
}

// Each case starts a PostgreSQL database and drives a whole refresh: more than jest's 5 s on a loaded machine.
jest.setTimeout(60_000);

describe('setup-db-users across failures and resumes', () => {
  let world: RefreshWorld | undefined;
  stopAfterEach(() => world);

  it('keeps production data quoted by a failing masking script out of the saved error, the logs and the e-mail', async () => {
    // Prepare
    world = await startRefreshWorld();
    world.writeScript('normalise-phones.sql', 'UPDATE shop.customers SET phone = email::int::text;\n');

    // Act
    const { records, operation } = await world.refresh(world.request({ postRestoreSql: [{ file: 'normalise-phones.sql' }] }));

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', error: { step: 'setup-db-users', name: 'SqlScriptError' } });
    expect(operation?.error?.message).toBe(
      'SQL script normalise-phones.sql failed at statement 1 (line 1, column 1); the script was rolled back: invalid input syntax for type integer: "…" [SQLSTATE 22P02]',
    );
    const production = Object.fromEntries(PRODUCTION_CUSTOMERS.flatMap((customer, index) => [[`email ${index}`, customer.email], [`phone ${index}`, customer.phone]]));
    const sources = await capturedOutputs(world.runtime, world.databaseLogLines, records);
    expect(findLeaks(sources, production)).toEqual([]);
  });

  it('after the master password was finally refused, a resume applies the secret again and succeeds once RDS applies it', async () => {
    // Prepare
    const options: RefreshWorldOptions = { applyMasterPassword: false };
    world = await startRefreshWorld(options);
    const { operation: failed } = await world.refresh();
    expect(failed).toMatchObject({ status: 'FAILED', error: { step: 'setup-db-users', name: 'PostgresError' }, facts: { masterPasswordSet: false } });
    expect(failed?.facts.masterPasswordChangedAt).toBeUndefined();
    expect(masterPasswordRequests(world)).toBe(1);
    options.applyMasterPassword = true;

    // Act
    const { operation: resumed } = await world.runtime.drive({ command: 'resume', operationId: failed?.operationId });

    // Assess
    expect(resumed).toMatchObject({ operationId: failed?.operationId, status: 'SUCCEEDED', facts: { masterPasswordSet: true } });
    expect(masterPasswordRequests(world)).toBe(2);
    await expect(loginResult(world.roles.master, world.secrets.master, world.database)).resolves.toBe('ok');
    await expect(loginResult(world.roles.analyst, world.secrets.analyst, world.database)).resolves.toBe('ok');
  });

  it('refuses, on a resume, to touch a cluster that another operation restored since', async () => {
    // Prepare: A fails on a broken script after masking; B then refreshes the same target.
    world = await startRefreshWorld();
    world.writeScript('drop-phones.sql', 'UPDATE shop.customer SET phone = NULL;\n');
    const request = world.request({ postRestoreSql: [{ file: WORLD.maskScript }, { file: 'drop-phones.sql' }] });
    const { operation: a } = await world.refresh(request);
    expect(a).toMatchObject({ status: 'FAILED', error: { step: 'setup-db-users', name: 'SqlScriptError' } });
    world.writeScript('drop-phones.sql', 'UPDATE shop.customers SET phone = NULL;\n');
    const { operation: b } = await world.refresh(request);
    expect(b?.status).toBe('SUCCEEDED');
    const requestsBefore = masterPasswordRequests(world);
    const [masking] = await superuserSql('SELECT count(*)::int AS runs FROM shop.masking_runs', world.database);

    // Act
    const { operation: resumed } = await world.runtime.drive({ command: 'resume', operationId: a?.operationId });

    // Assess
    const failed = resumed as Operation;
    expect(failed).toMatchObject({ operationId: a?.operationId, status: 'FAILED', error: { step: 'setup-db-users', name: 'SafetyViolationError' } });
    expect(failed.error?.message).toContain(`Cluster ${WORLD.target} carries aurora-restore:operation-id=${b?.operationId}, so operation ${a?.operationId} did not restore it`);
    expect(masterPasswordRequests(world)).toBe(requestsBefore);
    expect(logLinesOf(world, a?.operationId as string, 'SQL script committed').map((line) => line.script)).toEqual([WORLD.maskScript]);
    await expect(superuserSql('SELECT count(*)::int AS runs FROM shop.masking_runs', world.database)).resolves.toEqual([masking]);
  });
});
