import type { Logger } from '../observability/logger';
import type { OperationStore } from '../store/operation-store';
import type { Clock } from './clock';
import type { DatabasePort, ScriptSourcePort } from './database';
import type { KmsPort } from './kms';
import type { MetricsPort } from './metrics';
import type { NotifierPort } from './notifier';
import type { RdsPort } from './rds';
import type { SchedulerPort } from './scheduler';
import type { SecretsPort } from './secrets';

/**
 * Everything the dispatcher and the steps touch the world through, created once per cold start and
 * injected, so tests and the local simulation swap any of them.
 */
export interface Ports {
  store: OperationStore;
  scheduler: SchedulerPort;
  rds: RdsPort;
  /** Looks at KMS keys before anything is deleted; without it, that check is skipped. */
  kms?: KmsPort;
  secrets: SecretsPort;
  database: DatabasePort;
  scripts: ScriptSourcePort;
  notifier: NotifierPort;
  metrics: MetricsPort;
  clock: Clock;
  logger: Logger;
}
