import { getAtt, LOGICAL_IDS, ref, type CfnResource } from './cfn';
import type { Deployment } from './deployment';

/** Logical id of the sweep's recurring schedule. */
export const SWEEP_SCHEDULE_ID = 'SweepSchedule';

/** The event the sweep schedule sends: the dispatcher's `sweep` command. */
export const SWEEP_EVENT = { command: 'sweep' } as const;

/**
 * Every 15 minutes the dispatcher looks for RUNNING operations that nothing will move on (a crash
 * between saving a state and creating its schedule, a lost delivery) and schedules their next
 * check. It is the safety net under the one-time schedules; normally it finds nothing to do.
 */
export function sweepSchedule(deployment: Deployment): Record<string, CfnResource> {
  return {
    [SWEEP_SCHEDULE_ID]: {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        Name: `${deployment.service}-${deployment.stage}-sweep`,
        GroupName: ref(LOGICAL_IDS.nightlyScheduleGroup),
        Description: 'Reschedules operations left without a due status check',
        ScheduleExpression: 'rate(15 minutes)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          Arn: getAtt(LOGICAL_IDS.function, 'Arn'),
          RoleArn: getAtt(LOGICAL_IDS.schedulerRole, 'Arn'),
          Input: JSON.stringify(SWEEP_EVENT),
          // A missed sweep is replaced by the next one a quarter of an hour later.
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 600 },
          DeadLetterConfig: { Arn: getAtt(LOGICAL_IDS.deadLetterQueue, 'Arn') },
        },
      },
    },
  };
}
