import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgDatabase } from '../../../../src/database/create-pg-database';
import { createScriptSource } from '../../../../src/database/create-script-source';
import { createLocalRuntime, type DriveResult, type LocalRuntime } from '../../../../src/local/local-runtime';
import { createLogger } from '../../../../src/observability/logger';
import type { RefreshRequestInput } from '../../../../src/request/schema';
import { seedRefreshScenario } from '../../../../src/simulation/refresh-scenario';
import { connectionAs, freshDatabase, serverUrl, superuserConnection, withClient } from '../../database/pg-fixture';

/** Names of the simulated AWS resources a refresh world uses. */
export const WORLD = {
  source: 'prod-shop',
  target: 'staging-shop',
  instance: 'staging-shop-1',
  masterSecret: 'staging/shop/master',
  analystSecret: 'staging/shop/analyst',
  appSecret: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:staging/shop/app-Ab12Cd',
  topicArn: 'arn:aws:sns:us-east-1:111111111111:db-refresh',
  maskScript: 'mask-customers.sql',
} as const;

/** Production's personal data, as the restored snapshot carries it before masking. */
export const PRODUCTION_CUSTOMERS = [
  { email: 'ada@prod.example.com', phone: '+44 20 7946 0001' },
  { email: 'linus@prod.example.com', phone: '+358 9 0002' },
] as const;

/** Masks personal data and counts its own runs, so a test sees whether it ran again. */
export const MASK_CUSTOMERS_SQL = `-- Production e-mail addresses and phone numbers must not survive into staging.
UPDATE shop.customers
   SET email = 'customer-' || id || '@example.invalid',
       phone = NULL
 WHERE email NOT LIKE '%@example.invalid';
INSERT INTO shop.masking_runs DEFAULT VALUES;
`;

/** The secret values of a world: long, random and distinctive, so any trace of one is found. */
export interface WorldSecrets {
  /** The master password the "snapshot" came with (production's); the tool never learns it. */
  productionMaster: string;
  /** The master password from users.masterPassword's secret. */
  master: string;
  /** The readonly role's password (a plain-string secret). */
  analyst: string;
  /** The readwrite role's password (a JSON secret, key `pw`). */
  app: string;
}

/** The PostgreSQL roles of a world; all contain the world's suffix, so cleanup finds them. */
export interface WorldRoles {
  master: string;
  analyst: string;
  app: string;
}

/** A simulated Aurora whose restored cluster is a fresh database on the suite's real PostgreSQL. */
export interface RefreshWorld {
  runtime: LocalRuntime;
  database: string;
  suffix: string;
  roles: WorldRoles;
  secrets: WorldSecrets;
  /** Lines the database port logged (it has its own logger, as in Lambda). */
  databaseLogLines: string[];
  /** Writes (or rewrites) a post-restore script where the script source reads bundled files. */
  writeScript(name: string, sql: string): void;
  /** The refresh request of this world; `users` fields replace the defaults. */
  request(users?: Partial<Extract<RefreshRequestInput['users'], object>>): RefreshRequestInput;
  /** Starts a refresh and drives it to its end in virtual time. */
  refresh(request?: RefreshRequestInput): Promise<DriveResult>;
  /** Stops dynalite, drops the database and every role of the world, removes the scripts. */
  stop(): Promise<void>;
}

/** What may differ between worlds. */
export interface RefreshWorldOptions {
  /**
   * False: RDS accepts ModifyDBCluster but the new master password never reaches the database,
   * which keeps production's (a wrong secret, or a change RDS never applied).
   */
  applyMasterPassword?: boolean;
  /** The readonly role's name; it must contain the suffix. */
  analystName?: (suffix: string) => string;
}

function distinctive(label: string): string {
  return `${label}-${randomBytes(24).toString('base64url')}`;
}

/** Sets a role's password as RDS would after ModifyDBCluster; the statement never leaves this process. */
async function setPassword(role: string, password: string): Promise<void> {
  await withClient(superuserConnection(), (client) => client.query(`ALTER ROLE ${client.escapeIdentifier(role)} PASSWORD ${client.escapeLiteral(password)}`));
}

/** Production's schema, owned by the master user as on Aurora (who is no superuser there). */
async function seedProductionData(roles: WorldRoles, secrets: WorldSecrets, database: string): Promise<void> {
  await withClient(superuserConnection(), async (client) => {
    await client.query(`CREATE ROLE ${client.escapeIdentifier(roles.master)} LOGIN CREATEROLE PASSWORD ${client.escapeLiteral(secrets.productionMaster)}`);
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(database)} OWNER TO ${client.escapeIdentifier(roles.master)}`);
  });
  await withClient(connectionAs(roles.master, secrets.productionMaster, database), async (client) => {
    await client.query(`CREATE SCHEMA shop;
      CREATE TABLE shop.customers (id serial PRIMARY KEY, email text NOT NULL, phone text);
      CREATE TABLE shop.masking_runs (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());`);
    for (const customer of PRODUCTION_CUSTOMERS) {
      await client.query('INSERT INTO shop.customers (email, phone) VALUES ($1, $2)', [customer.email, customer.phone]);
    }
  });
}

/**
 * Starts a refresh world: a fresh database (`refresh_<suffix>`) owned by a non-superuser master
 * role holding production's password and data; a local runtime whose simulated cluster's endpoints
 * point at that server and whose master-password changes are applied to that role; the real `pg`
 * database port and a script source over a temporary directory holding the masking script.
 */
export async function startRefreshWorld(options: RefreshWorldOptions = {}): Promise<RefreshWorld> {
  const { database, suffix, cleanup } = await freshDatabase('refresh');
  const scriptsDir = mkdtempSync(join(tmpdir(), 'aurora-restore-sql-'));
  let runtime: LocalRuntime | undefined;
  const stop = async (): Promise<void> => {
    await runtime?.stop();
    await cleanup();
    rmSync(scriptsDir, { recursive: true, force: true });
  };
  try {
    const roles: WorldRoles = { master: `master_${suffix}`, analyst: options.analystName?.(suffix) ?? `analyst_${suffix}`, app: `app_${suffix}` };
    const secrets: WorldSecrets = { productionMaster: distinctive('prodmaster'), master: distinctive('master'), analyst: distinctive('analyst'), app: distinctive('app') };
    await seedProductionData(roles, secrets, database);
    const writeScript = (name: string, sql: string): void => writeFileSync(join(scriptsDir, name), sql);
    writeScript(WORLD.maskScript, MASK_CUSTOMERS_SQL);

    const server = serverUrl();
    const databaseLogLines: string[] = [];
    runtime = await createLocalRuntime({
      start: new Date('2026-11-25T01:00:00Z'),
      logLevel: 'debug',
      secrets: {
        [WORLD.masterSecret]: JSON.stringify({ username: roles.master, password: secrets.master }),
        [WORLD.analystSecret]: secrets.analyst,
        [WORLD.appSecret]: JSON.stringify({ engine: 'postgres', pw: secrets.app }),
      },
      simulation: {
        seed: 7,
        endpoints: () => ({ writer: server.hostname, reader: server.hostname, port: Number(server.port) }),
        credentials: {
          passwordChanged: async (_clusterId, username, password) => {
            if (options.applyMasterPassword !== false) await setPassword(username, password);
          },
        },
      },
      ports: {
        database: createPgDatabase({
          logger: createLogger({ level: 'debug', sink: (line) => databaseLogLines.push(line) }),
          connectRetry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
        }),
        scripts: createScriptSource({ bundledDir: scriptsDir, region: 'us-east-1' }),
      },
    });
    seedRefreshScenario(
      runtime.simulation,
      {
        sourceClusterId: WORLD.source,
        sourceClusterExists: true,
        sizeGb: 200,
        encrypted: true,
        masterUsername: roles.master,
        target: { clusterId: WORLD.target, managed: true, instanceIds: [WORLD.instance] },
      },
      runtime.clock.now(),
    );

    const request = (users: Partial<Extract<RefreshRequestInput['users'], object>> = {}): RefreshRequestInput => ({
      requestedBy: 'pipeline integration test',
      source: { clusterId: WORLD.source, maxAgeHours: 26 },
      target: { clusterId: WORLD.target, instances: [{ id: WORLD.instance, instanceClass: 'db.r6g.large' }] },
      // Re-encrypting with the staging key makes the refresh copy the snapshot first.
      copy: { mode: 'auto', kmsKeyId: 'alias/staging-data' },
      users: {
        masterPassword: { secret: WORLD.masterSecret },
        database,
        tls: 'disable',
        connectTimeoutSeconds: 5,
        statementTimeoutSeconds: 30,
        roles: [
          { name: roles.analyst, passwordSecret: WORLD.analystSecret, grants: [{ preset: 'readonly', schemas: ['shop'] }] },
          { name: roles.app, passwordSecret: WORLD.appSecret, passwordSecretKey: 'pw', grants: [{ preset: 'readwrite', schemas: ['shop'] }] },
        ],
        postRestoreSql: [{ file: WORLD.maskScript }],
        ...users,
      },
      archive: { mode: 'delete' },
      notification: { topicArn: WORLD.topicArn },
    });
    const world: RefreshWorld = {
      runtime,
      database,
      suffix,
      roles,
      secrets,
      databaseLogLines,
      writeScript,
      request,
      refresh: (given) => (runtime as LocalRuntime).drive({ step: 'start', request: given ?? request() }),
      stop,
    };
    return world;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs one query as `user` in the world's database and returns its rows. */
export async function queryAs<Row extends Record<string, unknown>>(world: RefreshWorld, user: string, password: string, sql: string, values?: unknown[]): Promise<Row[]> {
  return withClient(connectionAs(user, password, world.database), async (client) => (await client.query<Row>(sql, values)).rows);
}

/** The SQLSTATE a query as `user` fails with, or 'ok'. */
export async function queryOutcome(world: RefreshWorld, user: string, password: string, sql: string, values?: unknown[]): Promise<string> {
  try {
    await queryAs(world, user, password, sql, values);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  }
}
