/** Stops the PostgreSQL the global setup started, if it started one. */
export default async function teardown(): Promise<void> {
  await globalThis.__AURORA_RESTORE_PG__?.stop();
  globalThis.__AURORA_RESTORE_PG__ = undefined;
}
