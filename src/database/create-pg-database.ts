import { NotImplementedError } from '../errors';
import type { Logger } from '../observability/logger';
import type { DatabasePort } from '../ports/database';

/** The database port on `pg`. */
export function createPgDatabase(_options: { caBundlePath?: string; logger: Logger }): DatabasePort {
  throw new NotImplementedError('setup-db-users');
}
