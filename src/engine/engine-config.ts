import type { DeploymentSafety } from '../request/deployment-safety';
import type { RefreshStrategy } from '../request/schema';
import type { WaitDefaults } from './wait-policy';

/** What the dispatcher needs from the deployment's configuration. */
export interface EngineConfig {
  /** Run the next step inline only while more than this much time remains in the invocation. */
  safetyMarginMs: number;
  /**
   * Stop running steps inline once the invocation has run this long (wall clock), however much of
   * the Lambda timeout remains: invocations stay far below 15 minutes.
   */
  invocationBudgetMs: number;
  /** At most this many steps in one invocation, however much time remains. */
  maxInlineSteps: number;
  /** Finished operations are deleted by DynamoDB TTL after this many days. */
  operationTtlDays: number;
  /** Topic for notifications when the request names none. */
  defaultTopicArn?: string;
  /** Waiting defaults of the deployment; a request's `waiting` overrides them field by field. */
  waitDefaults: WaitDefaults;
  /** The refresh strategy of a request that names none (DEFAULT_STRATEGY); `replace` when unset. Recorded per operation at preflight. */
  defaultStrategy?: RefreshStrategy;
  /** The managed tag and whether unmanaged targets may be replaced: deployment settings a request cannot rewrite. */
  safety: DeploymentSafety;
}
