import type { Pipeline } from '../engine/pipeline';
import { buildFailureNotification } from '../notifications/failure-notification';
import type { RdsPort } from '../ports/rds';
import { describeRdsError, hasRdsCode, RDS_BUSY_CODES } from '../rds/rds-errors';
import { createRdsEventRouter } from '../rds/rds-event-router';
import { rollbackDecision } from '../rds/swap-renames';
import { checkRequestAgainstDeployment, type DeploymentSafety } from '../request/deployment-safety';
import { compensateFailedRefresh } from './compensation';
import { FIRST_STEP, stepRegistry } from './registry';

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
    rollback: rollbackDecision,
  };
}
