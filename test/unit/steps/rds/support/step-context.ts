import type { StepName } from '../../../../../src/constants';
import type { StepContext, StepPorts } from '../../../../../src/engine/step';
import { createLogger } from '../../../../../src/observability/logger';
import { failsIfCalled } from '../../../../support/fails-if-called';
import type { RdsPort } from '../../../../../src/ports/rds';
import { DEFAULT_DEPLOYMENT_SAFETY, type DeploymentSafety } from '../../../../../src/request/deployment-safety';
import { refreshRequestSchema, type RefreshRequestInput } from '../../../../../src/request/schema';
import type { Facts, Operation } from '../../../../../src/store/operation';

/** The account and region the stub RDS port says it acts in. */
export const HOME = { partition: 'aws', region: 'eu-west-1', accountId: '111111111111' } as const;
export const OPERATION_ID = '20261125-030000-a1b2c3';
export const NOW = new Date('2026-11-25T03:00:00Z');

/** A request with the fields every RDS step reads; `overrides` replaces whole sections. */
export function requestInput(overrides: Partial<RefreshRequestInput> = {}): RefreshRequestInput {
  return {
    source: { clusterId: 'prod' },
    target: { clusterId: 'staging', instances: [{ id: 'staging-1', instanceClass: 'db.r6g.large' }] },
    ...overrides,
  };
}

/**
 * An RdsPort whose every method fails the test unless the test gives it a behaviour: a step that
 * makes an unexpected call (a write in a dry run, say) is caught.
 */
export function stubRds(overrides: Partial<{ [K in keyof RdsPort]: jest.Mock }> = {}): { [K in keyof RdsPort]: jest.Mock } {
  const unexpected = (name: string) => jest.fn(async () => {
    throw new Error(`unexpected call to rds.${name}`);
  });
  return {
    home: jest.fn(async () => ({ ...HOME })),
    describeClusterSnapshots: unexpected('describeClusterSnapshots'),
    describeClusterSnapshot: unexpected('describeClusterSnapshot'),
    copyClusterSnapshot: unexpected('copyClusterSnapshot'),
    deleteClusterSnapshot: unexpected('deleteClusterSnapshot'),
    addTags: unexpected('addTags'),
    describeCluster: unexpected('describeCluster'),
    modifyCluster: unexpected('modifyCluster'),
    deleteCluster: unexpected('deleteCluster'),
    restoreClusterFromSnapshot: unexpected('restoreClusterFromSnapshot'),
    describeManagedMasterSecret: unexpected('describeManagedMasterSecret'),
    describeInstance: unexpected('describeInstance'),
    createInstance: unexpected('createInstance'),
    deleteInstance: unexpected('deleteInstance'),
    findMissingResources: unexpected('findMissingResources'),
    restoreClusterToPointInTime: unexpected('restoreClusterToPointInTime'),
    renameCluster: unexpected('renameCluster'),
    renameInstance: unexpected('renameInstance'),
    rebootInstance: unexpected('rebootInstance'),
    accountQuotas: unexpected('accountQuotas'),
    ...overrides,
  };
}

/** The context a step receives, over a stub RDS port and an operation at `step` with `facts`. */
export function stepContext(options: { step: StepName; rds: RdsPort; request?: RefreshRequestInput; facts?: Facts; now?: Date; safety?: DeploymentSafety; runningFromSource?: Record<string, { operationId: string; target: string; step: StepName }[]> }): StepContext {
  const request = refreshRequestSchema.parse(options.request ?? requestInput());
  const now = options.now ?? NOW;
  const operation: Operation = {
    operationId: OPERATION_ID,
    target: request.target.clusterId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    status: 'RUNNING',
    step: options.step,
    token: 'token-abcdefgh',
    version: 3,
    request,
    facts: options.facts ?? {},
    stepRuns: { [options.step]: { attempts: 1, checks: 0, startedAt: now.toISOString() } },
    totalChecks: 0,
  };
  const ports: StepPorts = {
    rds: options.rds,
    kms: failsIfCalled('kms'),
    secrets: failsIfCalled('secrets'),
    database: failsIfCalled('database'),
    scripts: failsIfCalled('scripts'),
  };
  // No earlier refresh of the target unless a test says otherwise.
  const operations = { runningFromSource: async (key: string) => options.runningFromSource?.[key] ?? [], recentOnTarget: async () => [] };
  return { operation, request, ports, operations, now, logger: createLogger({ sink: () => {} }), config: { safety: options.safety ?? DEFAULT_DEPLOYMENT_SAFETY } };
}
