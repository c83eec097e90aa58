import { advance, succeed } from '../../../../src/engine/outcome';
import type { StepRegistry } from '../../../../src/engine/step';
import { createLocalRuntime, type DriveResult, type LocalRuntime, type LocalRuntimeOptions } from '../../../../src/local/local-runtime';
import type { RefreshRequestInput } from '../../../../src/request/schema';
import { seedRefreshScenario, type RefreshScenario, type SeededScenario } from '../../../../src/simulation/refresh-scenario';
import { stepRegistry } from '../../../../src/steps/registry';

/**
 * The real registry with the three steps after the restore replaced by steps that only move on:
 * these tests are about the RDS part of the pipeline.
 */
export const RDS_PIPELINE_STEPS: StepRegistry = {
  ...stepRegistry,
  'setup-db-users': { ...stepRegistry['setup-db-users'], run: async () => advance('archive-snapshot') },
  'archive-snapshot': { ...stepRegistry['archive-snapshot'], run: async () => advance('sns-notification') },
  'sns-notification': { ...stepRegistry['sns-notification'], run: async () => succeed() },
};

/**
 * The RDS pipeline as a swap runs it: setup-db-users going on to verify as the real one does;
 * verify, swap-rename, rollback, archive-snapshot, sns-notification (where a swap releases its
 * target) and the retire steps are the real ones.
 */
export const SWAP_PIPELINE_STEPS: StepRegistry = {
  ...RDS_PIPELINE_STEPS,
  'setup-db-users': { ...RDS_PIPELINE_STEPS['setup-db-users'], run: async () => advance('verify') },
  'archive-snapshot': stepRegistry['archive-snapshot'],
  'sns-notification': stepRegistry['sns-notification'],
};

export const HOME_ACCOUNT = '111111111111';
export const PROD_ACCOUNT = '222222222222';

/** A local runtime over dynalite and the simulated Aurora, seeded with a scenario. */
export async function startPipeline(scenario: RefreshScenario | undefined, options: LocalRuntimeOptions = {}): Promise<{ runtime: LocalRuntime; seeded?: SeededScenario }> {
  const runtime = await createLocalRuntime({
    steps: RDS_PIPELINE_STEPS,
    logLevel: 'warn',
    ...options,
    simulation: { accountId: HOME_ACCOUNT, region: 'us-east-1', seed: 11, ...options.simulation },
  });
  const seeded = scenario === undefined ? undefined : seedRefreshScenario(runtime.simulation, scenario, runtime.clock.now());
  return { runtime, ...(seeded !== undefined ? { seeded } : {}) };
}

/** Starts a refresh and drives it to its end. */
export function refresh(runtime: LocalRuntime, request: RefreshRequestInput): Promise<DriveResult> {
  return runtime.drive({ step: 'start', request });
}

/** A request for target `staging` with two instances. */
export function stagingRequest(overrides: Partial<RefreshRequestInput> = {}): RefreshRequestInput {
  return {
    source: { clusterId: 'prod' },
    target: {
      clusterId: 'staging',
      instances: [
        { id: 'staging-1', instanceClass: 'db.r6g.large' },
        { id: 'staging-2', instanceClass: 'db.r6g.large', promotionTier: 2 },
      ],
      tags: { team: 'data' },
    },
    ...overrides,
  };
}

/** The simulated RDS write calls, as `operation resource` lines. */
export function writes(runtime: LocalRuntime): string[] {
  return runtime.simulation
    .writeCalls()
    .filter((call) => call.result === 'ok')
    .map((call) => `${call.operation} ${call.resource}`);
}
