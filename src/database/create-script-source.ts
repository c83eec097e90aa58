import { NotImplementedError } from '../errors';
import type { ScriptSourcePort } from '../ports/database';

/** Post-restore SQL from bundled files or S3. */
export function createScriptSource(_options: { bundledDir: string; region: string }): ScriptSourcePort {
  throw new NotImplementedError('setup-db-users');
}
