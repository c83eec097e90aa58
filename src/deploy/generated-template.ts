import { alarms } from './alarms';
import { LOGICAL_IDS, ref, type CfnResource, type CfnValue, type IamStatement } from './cfn';
import { dashboard } from './dashboard';
import type { Deployment } from './deployment';
import { dispatcherStatements } from './dispatcher-policy';
import { functionEnvironment } from './function-environment';
import { nightlySchedules } from './nightly-schedules';
import { sweepSchedule } from './sweep-schedule';
import { rdsEventRule } from './rds-event-rule';

/** The parts of serverless.yml that depend on configuration, each referenced there by name. */
export interface GeneratedTemplate {
  /** `functions.dispatcher.environment`. */
  environment: Record<string, CfnValue>;
  /** `provider.iam.role.statements`. */
  iamStatements: IamStatement[];
  /** `provider.vpc`: null when no VPC is configured (the function then runs outside any VPC). */
  vpc: { subnetIds: string[]; securityGroupIds: string[] } | null;
  /** `provider.logRetentionInDays`. */
  logRetentionInDays: number;
  /**
   * `provider.deletionProtection` (osls turns CloudFormation termination protection on after a
   * deploy of a listed stage, off after a deploy of another): null when no stage is listed, so a
   * protection set by hand is left alone.
   */
  deletionProtection: { stages: string[] } | null;
  /** `functions.dispatcher.reservedConcurrency`: null leaves the function on the unreserved pool. */
  reservedConcurrency: number | null;
  /** Merged into `resources`: the e-mail subscription, nightly schedules, the sweep, the RDS event rule, alarms, the dashboard. */
  resources: { Resources: Record<string, CfnResource> };
}

/**
 * NOTIFICATION_EMAIL's subscription to the topic, present only when it is set (rather than a
 * CloudFormation condition on a value known while packaging, which would always be true or false).
 */
function emailSubscription(deployment: Deployment): Record<string, CfnResource> {
  const endpoint = deployment.settings.notificationEmail;
  if (endpoint === undefined) return {};
  return {
    [LOGICAL_IDS.emailSubscription]: {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: ref(LOGICAL_IDS.topic), Protocol: 'email', Endpoint: endpoint },
    },
  };
}

/** Builds every generated part from one validated deployment. */
export function generateTemplate(deployment: Deployment): GeneratedTemplate {
  const alarmResources = alarms(deployment);
  const alarmNames = Object.values(alarmResources).map((alarm) => String(alarm.Properties?.AlarmName));
  return {
    environment: functionEnvironment(deployment),
    iamStatements: dispatcherStatements(deployment),
    vpc: deployment.settings.vpc ?? null,
    logRetentionInDays: deployment.settings.logRetentionDays,
    deletionProtection: deployment.settings.terminationProtectedStages.length > 0 ? { stages: deployment.settings.terminationProtectedStages } : null,
    reservedConcurrency: deployment.settings.reservedConcurrency ?? null,
    resources: {
      Resources: {
        ...emailSubscription(deployment),
        ...nightlySchedules(deployment),
        ...sweepSchedule(deployment),
        ...rdsEventRule(deployment),
        ...alarmResources,
        ...dashboard(deployment, alarmNames),
      },
    },
  };
}
