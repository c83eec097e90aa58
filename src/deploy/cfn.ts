/**
 * Small CloudFormation building blocks for the parts of the template that are generated from
 * configuration. Account, region and partition are always CloudFormation pseudo parameters, so
 * packaging never has to ask AWS who we are.
 */

/** Any CloudFormation value: a literal or an intrinsic function. */
export type CfnValue = unknown;

/** A CloudFormation resource as it appears under `Resources`. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, CfnValue>;
  Condition?: string;
  DependsOn?: string | string[];
}

/** An IAM policy statement. */
export interface IamStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: CfnValue[] | '*';
  Condition?: Record<string, Record<string, CfnValue>>;
}

/**
 * Logical ids of the resources serverless.yml declares or the framework generates, shared by the
 * generated parts and the template tests.
 */
export const LOGICAL_IDS = {
  function: 'DispatcherLambdaFunction',
  table: 'OperationsTable',
  deadLetterQueue: 'DeadLetterQueue',
  topic: 'NotificationTopic',
  topicKey: 'NotificationTopicKey',
  emailSubscription: 'NotificationEmailSubscription',
  scheduleGroup: 'ScheduleGroup',
  nightlyScheduleGroup: 'NightlyScheduleGroup',
  schedulerRole: 'SchedulerRole',
  rdsEventRule: 'RdsEventRule',
  rdsEventPermission: 'RdsEventInvokePermission',
  deadLetterQueuePolicy: 'DeadLetterQueuePolicy',
  dashboard: 'Dashboard',
} as const;

/** `{ Ref: id }`. */
export function ref(logicalId: string): CfnValue {
  return { Ref: logicalId };
}

/** `{ Fn::GetAtt: [id, attribute] }`. */
export function getAtt(logicalId: string, attribute: string): CfnValue {
  return { 'Fn::GetAtt': [logicalId, attribute] };
}

/** `{ Fn::Sub: template }`, with optional variables. */
export function sub(template: string, variables?: Record<string, CfnValue>): CfnValue {
  return variables === undefined ? { 'Fn::Sub': template } : { 'Fn::Sub': [template, variables] };
}

/** Where an RDS ARN may live: this stack's account and region, or anywhere (shared/cross-region sources). */
export type ArnScope = 'here' | 'anywhere';

/** An RDS ARN (pattern) of a resource type: `cluster`, `db`, `cluster-snapshot`, `subgrp`… */
export function rdsArn(resourceType: string, name: string, scope: ArnScope = 'here'): CfnValue {
  const location = scope === 'here' ? '${AWS::Region}:${AWS::AccountId}' : '*:*';
  return sub(`arn:\${AWS::Partition}:rds:${location}:${resourceType}:${escapeSub(name)}`);
}

/** The deployed function's ARN, spelled out so the function's own environment can carry it without a cycle. */
export function functionArn(functionName: string): CfnValue {
  return sub(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${escapeSub(functionName)}`);
}

/** Keeps a literal `${` in user-provided text from being read as a Fn::Sub variable. */
export function escapeSub(text: string): string {
  return text.replaceAll('${', '${!');
}

/**
 * A CloudFormation logical id from a free-form name: letters and digits only, each word capitalised
 * (`check-copy-status` → `CheckCopyStatus`).
 */
export function logicalIdPart(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}
