import type { StepName } from '../constants';
import type { Logger } from '../observability/logger';
import type { Ports } from '../ports';
import type { RefreshRequest } from '../request/schema';
import type { Operation } from '../store/operation';
import type { EngineConfig } from './engine-config';
import type { Outcome } from './outcome';

/** What a step sees: the stored operation, its request, the ports, and the time of this run. */
export interface StepContext {
  readonly operation: Readonly<Operation>;
  readonly request: RefreshRequest;
  readonly ports: Ports;
  readonly now: Date;
  readonly logger: Logger;
  readonly config: EngineConfig;
}

/**
 * A step observes through ports and decides an Outcome. It never saves state or schedules: the
 * dispatcher does. Every step is safe to run twice (deterministic names; "already exists" and
 * "not found" mean done), because event delivery is at least once.
 */
export type Step = (context: StepContext) => Promise<Outcome>;

/** The step registry: exhaustive over the step names, so a new step name without a step fails to compile. */
export type StepRegistry = Readonly<Record<StepName, Step>>;
