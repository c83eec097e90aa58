import type { EffectPorts } from '../engine/effects';
import type { StepPorts } from '../engine/step';
import type { Logger } from '../observability/logger';
import type { Clock } from './clock';

/**
 * Everything the engine and the steps touch the world through, created once per cold start and
 * injected, so tests and the local simulation swap any of them. Steps see only their part
 * (StepPorts: rds, kms, secrets, database, scripts); the store, scheduler, notifier and metrics are
 * the engine's.
 */
export interface Ports extends EffectPorts, StepPorts {
  clock: Clock;
  logger: Logger;
}
