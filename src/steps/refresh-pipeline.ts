import type { Pipeline } from '../engine/pipeline';
import { buildFailureNotification } from '../notifications/failure-notification';
import type { StepPorts } from '../engine/step';
import type { Cluster, RdsPort } from '../ports/rds';
import { strategyOf } from '../rds/naming';
import { describeRdsError, hasRdsCode, rdsCall, RDS_BUSY_CODES } from '../rds/rds-errors';
import type { Operation } from '../store/operation';
import { createRdsEventRouter } from '../rds/rds-event-router';
import { rollbackDecision } from '../rds/swap-renames';
import { checkRequestAgainstDeployment, type DeploymentSafety } from '../request/deployment-safety';
import { compensateFailedRefresh } from './compensation';
import { FIRST_STEP, stepRegistry } from './registry';

/** The cluster answering to the target's name now, when a completed swap may be rolled back (read-only). */
async function servingCluster(operation: Operation, ports: StepPorts): Promise<Cluster | undefined> {
  if (strategyOf(operation) !== 'swap' || operation.facts.swappedAt === undefined) return undefined;
  const target = operation.request.target.clusterId;
  return rdsCall(`Describing cluster ${target}`, () => ports.rds.describeCluster(target));
}

/** The refresh pipeline as the engine runs it: the steps in order, RDS's errors and events, the notifications. */
export function createRefreshPipeline(options: { rds: Pick<RdsPort, 'describeInstance'>; safety: DeploymentSafety; defaultTopicArn?: string; stage?: string }): Pipeline<unknown> {
  const endNotification = (operation: Parameters<typeof buildFailureNotification>[0]) => buildFailureNotification(operation, options.defaultTopicArn, options.stage);
  return {
    steps: stepRegistry,
    firstStep: FIRST_STEP,
    admit: (request) => checkRequestAgainstDeployment(request, options.safety),
    describeError: describeRdsError,
    isResourceBusy: (error) => hasRdsCode(error, RDS_BUSY_CODES),
    dataSizeGb: (operation) => operation.facts.sizeGb,
    notifications: { failed: endNotification, cancelled: endNotification },
    events: createRdsEventRouter(options.rds),
    compensate: compensateFailedRefresh,
    rollback: async (operation, now, ports) => rollbackDecision(operation, now, await servingCluster(operation, ports)),
  };
}
