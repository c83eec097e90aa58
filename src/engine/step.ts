import type { StepName } from '../constants';
import type { Logger } from '../observability/logger';
import type { DatabasePort, ScriptSourcePort } from '../ports/database';
import type { KmsPort } from '../ports/kms';
import type { RdsPort } from '../ports/rds';
import type { SecretsPort } from '../ports/secrets';
import type { RefreshRequest } from '../request/schema';
import type { Operation, OperationSummary } from '../store/operation';
import type { EngineConfig } from './engine-config';
import type { Outcome } from './outcome';

/**
 * The domain ports a step may use. The store, the scheduler, the notifier and metrics are not here:
 * saving, scheduling, locking, notifying and counting belong to the engine, so a step that tries
 * does not compile.
 */
export interface StepPorts {
  rds: RdsPort;
  /** Required: the restore-key checks run before anything is deleted. */
  kms: KmsPort;
  secrets: SecretsPort;
  database: DatabasePort;
  scripts: ScriptSourcePort;
}

/** The deployment settings a step may read. */
export type StepSettings = Readonly<Pick<EngineConfig, 'defaultTopicArn' | 'safety' | 'defaultStrategy'>>;

/** What a step may know of other operations: read only (the store itself is the engine's). */
export interface OperationsView {
  /** RUNNING operations other than this one whose source cluster is `sourceClusterKey`. */
  runningFromSource(sourceClusterKey: string): Promise<Pick<OperationSummary, 'operationId' | 'target' | 'step'>[]>;
  /** Up to `limit` other operations of this operation's target, newest first (what earlier refreshes recorded). */
  recentOnTarget(limit: number): Promise<readonly Readonly<Operation>[]>;
}

/** What a step sees: the stored operation (read only), its request, its ports, a logger and the time of this run. */
export interface StepContext {
  readonly operation: Readonly<Operation>;
  readonly request: RefreshRequest;
  readonly ports: StepPorts;
  readonly operations: OperationsView;
  readonly now: Date;
  /** Carries operationId and step on every line. */
  readonly logger: Logger;
  readonly config: StepSettings;
}

/**
 * A step observes and acts through its ports and returns an Outcome; on an error it throws, and the
 * engine classifies the error once (transient → retry soon, resource busy → wait, anything else →
 * fail, labelled with the step). Every step is safe to run twice (deterministic names; "already
 * exists" with our tag and "not found" mean done), because delivery is at least once.
 */
export type Step = (context: StepContext) => Promise<Outcome>;

/** A step and what the engine needs to know about it. */
export interface StepDefinition {
  run: Step;
  /** Two characters in the step's schedule names (which must stay within 64 characters). */
  code: string;
  /** How long the step may run (waits included) before the deployment's step-duration alarm fires. */
  alarmAfterSeconds: number;
  /**
   * The step waits on resources that announce their completion with external events (e.g. RDS
   * cluster and instance events): polling is then only the safety net, and an event about the
   * operation's own resources wakes it even before the wait names them.
   */
  wakesOnEvents?: boolean;
}

/** The step registry: exhaustive over the step names, so a new step name without a step fails to compile. */
export type StepRegistry = Readonly<Record<StepName, StepDefinition>>;
