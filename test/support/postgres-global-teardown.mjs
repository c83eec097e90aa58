import { rmSync } from 'node:fs';

export default async function teardown() {
  const started = globalThis.__AURORA_RESTORE_PG__;
  if (!started) return;
  await started.pg.stop();
  rmSync(started.dataDir, { recursive: true, force: true });
}
