import { getAtt, LOGICAL_IDS, ref, type CfnResource } from './cfn';
import { identifierPrefixes, type Deployment } from './deployment';

/**
 * RDS events that end a wait: cluster created (0170) and deleted (0171), instance created (0005) and
 * deleted (0003). RDS events carry no tags, so the rule filters on identifiers instead.
 */
export const WAKE_UP_EVENT_IDS = ['RDS-EVENT-0170', 'RDS-EVENT-0171', 'RDS-EVENT-0005', 'RDS-EVENT-0003'] as const;

/** The EventBridge pattern: these events, about clusters and instances this deployment manages. */
export function rdsEventPattern(deployment: Deployment): Record<string, unknown> {
  return {
    source: ['aws.rds'],
    'detail-type': ['RDS DB Cluster Event', 'RDS DB Instance Event'],
    detail: {
      EventID: [...WAKE_UP_EVENT_IDS],
      SourceIdentifier: identifierPrefixes([...deployment.clusterPatterns, ...deployment.instancePatterns]).map((prefix) => ({ prefix })),
    },
  };
}

/**
 * The rule on the default bus that forwards those events to the dispatcher, which wakes the
 * operation waiting on the resource, with retries and a dead-letter queue (and the queue policy that
 * lets EventBridge use it). Polling stays the safety net: RDS events are best effort.
 */
export function rdsEventRule(deployment: Deployment): Record<string, CfnResource> {
  return {
    [LOGICAL_IDS.rdsEventRule]: {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: 'Wakes a waiting refresh when RDS reports its cluster or instance created or deleted',
        State: 'ENABLED',
        EventPattern: rdsEventPattern(deployment),
        Targets: [
          {
            Id: 'dispatcher',
            Arn: getAtt(LOGICAL_IDS.function, 'Arn'),
            // An event older than an hour is pointless: the next poll has happened by then.
            RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
            // An event EventBridge could not deliver (the function throttled or missing) lands in the
            // dead-letter queue and its alarm, instead of vanishing.
            DeadLetterConfig: { Arn: getAtt(LOGICAL_IDS.deadLetterQueue, 'Arn') },
          },
        ],
      },
    },
    // EventBridge sends to a dead-letter queue with the queue's permission, not with a role.
    [LOGICAL_IDS.deadLetterQueuePolicy]: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [ref(LOGICAL_IDS.deadLetterQueue)],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'RdsEventRuleDeadLetters',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: getAtt(LOGICAL_IDS.deadLetterQueue, 'Arn'),
              Condition: { ArnEquals: { 'aws:SourceArn': getAtt(LOGICAL_IDS.rdsEventRule, 'Arn') } },
            },
          ],
        },
      },
    },
    [LOGICAL_IDS.rdsEventPermission]: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: getAtt(LOGICAL_IDS.function, 'Arn'),
        Principal: 'events.amazonaws.com',
        SourceArn: getAtt(LOGICAL_IDS.rdsEventRule, 'Arn'),
      },
    },
  };
}
