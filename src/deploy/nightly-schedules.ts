import { ConfigurationError } from '../errors';
import { getAtt, LOGICAL_IDS, logicalIdPart, ref, type CfnResource } from './cfn';
import type { Deployment } from './deployment';
import { nightlyStartEvent, type NightlyTarget } from './nightly-targets';

/** Logical id of a nightly target's schedule. */
export function nightlyScheduleLogicalId(target: Pick<NightlyTarget, 'name'>): string {
  return `NightlySchedule${logicalIdPart(target.name)}`;
}

/**
 * One recurring EventBridge Scheduler schedule per nightly target (cron in the target's time zone),
 * invoking the dispatcher with the start event. Written as plain resources rather than the
 * framework's `schedule` event: that event would make the function's own role assumable by
 * Scheduler, and it has no retry policy or dead-letter queue.
 */
export function nightlySchedules(deployment: Deployment): Record<string, CfnResource> {
  // The same delivery policy as the one-time checks the function schedules itself.
  const retryAttempts = deployment.functionConfig.scheduleRetryAttempts;
  const maxEventAgeSeconds = deployment.functionConfig.scheduleMaxEventAgeSeconds;
  const resources: Record<string, CfnResource> = {};
  for (const target of deployment.nightlyTargets) {
    const name = `${deployment.service}-${deployment.stage}-${target.name}`;
    if (!/^[0-9a-zA-Z_.-]{1,64}$/.test(name)) {
      throw new ConfigurationError(`Nightly target ${target.name}: the schedule name ${name} is longer than Scheduler's 64 characters; give the target a shorter "name".`);
    }
    const id = nightlyScheduleLogicalId(target);
    if (resources[id] !== undefined) {
      throw new ConfigurationError(`Nightly targets ${target.name} and another one map to the same resource id ${id}; rename one.`);
    }
    resources[id] = {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        Name: name,
        GroupName: ref(LOGICAL_IDS.nightlyScheduleGroup),
        Description: `Nightly refresh of ${target.request.target.clusterId}`,
        ScheduleExpression: target.schedule,
        ScheduleExpressionTimezone: target.timezone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: target.enabled ? 'ENABLED' : 'DISABLED',
        Target: {
          Arn: getAtt(LOGICAL_IDS.function, 'Arn'),
          RoleArn: getAtt(LOGICAL_IDS.schedulerRole, 'Arn'),
          Input: JSON.stringify(nightlyStartEvent(target)),
          RetryPolicy: { MaximumRetryAttempts: retryAttempts, MaximumEventAgeInSeconds: maxEventAgeSeconds },
          DeadLetterConfig: { Arn: getAtt(LOGICAL_IDS.deadLetterQueue, 'Arn') },
        },
      },
    };
  }
  return resources;
}
