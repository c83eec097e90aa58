import { functionArn, getAtt, LOGICAL_IDS, ref, type CfnValue } from './cfn';
import type { Deployment } from './deployment';
import type { STACK_PROVIDED_VARIABLES } from './deploy-settings';

/**
 * The dispatcher's environment: the stack's own resources, plus every run-time setting `.env` sets
 * (already checked with the function's own loader when the deployment was built).
 */
export function functionEnvironment(deployment: Deployment): Record<string, CfnValue> {
  const variables = deployment.settings.functionVariables;
  const provided: Record<(typeof STACK_PROVIDED_VARIABLES)[number], CfnValue> = {
    TABLE_NAME: ref(LOGICAL_IDS.table),
    SCHEDULE_GROUP_NAME: ref(LOGICAL_IDS.scheduleGroup),
    SCHEDULER_ROLE_ARN: getAtt(LOGICAL_IDS.schedulerRole, 'Arn'),
    SCHEDULE_DLQ_ARN: getAtt(LOGICAL_IDS.deadLetterQueue, 'Arn'),
    // Spelled out rather than GetAtt: the function cannot depend on itself.
    DISPATCHER_FUNCTION_ARN: functionArn(deployment.functionName),
    NOTIFICATION_TOPIC_ARN: ref(LOGICAL_IDS.topic),
    // Named in the resume command of failure notifications, so a prod failure points at prod.
    STAGE: deployment.stage,
  };
  return {
    ...variables,
    ...provided,
    // Stack traces point into the TypeScript sources through the bundle's source map.
    NODE_OPTIONS: '--enable-source-maps',
  };
}
