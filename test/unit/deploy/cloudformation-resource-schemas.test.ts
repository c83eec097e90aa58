import { ResourceSchemaValidator, type CfnTemplate } from '../../support/cloudformation/resource-schemas';

/**
 * The checker the packaged templates go through must reject what CloudFormation rejects: if it
 * accepted anything, the template tests would prove nothing.
 */

let validator: ResourceSchemaValidator;
beforeAll(() => {
  validator = new ResourceSchemaValidator();
});

const QUEUE = { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q', MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true } };
const RULE = {
  Type: 'AWS::Events::Rule',
  Properties: { State: 'ENABLED', EventPattern: { source: ['aws.rds'] }, Targets: [{ Id: 'dispatcher', Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] } }] },
};

function problemsOf(resources: CfnTemplate['Resources'], conditions: Record<string, unknown> = {}): string[] {
  return validator.validate({ Resources: resources, Conditions: conditions }).map((p) => `${p.logicalId} ${p.path}: ${p.message}`);
}

describe('ResourceSchemaValidator', () => {
  it('accepts valid resources, with intrinsic functions wherever a value goes', () => {
    // Prepare
    const resources = {
      Queue: { ...QUEUE, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
      Rule: {
        Type: 'AWS::Events::Rule',
        Condition: 'IsProd',
        Properties: {
          State: { 'Fn::If': ['IsProd', 'ENABLED', 'DISABLED'] },
          Description: { 'Fn::Sub': 'rule of ${AWS::StackName} for ${Queue.QueueName}' },
          EventPattern: { source: ['aws.rds'] },
          Targets: [
            {
              Id: { 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }]] },
              Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] },
              RetryPolicy: { MaximumRetryAttempts: { 'Fn::If': ['IsProd', 8, { Ref: 'AWS::NoValue' }] } },
            },
          ],
        },
      },
    };

    // Act / Assess
    expect(problemsOf(resources, { IsProd: { 'Fn::Equals': ['a', 'a'] } })).toEqual([]);
  });

  it.each([
    ['an unknown property', { ...QUEUE, Properties: { ...QUEUE.Properties, Retention: 1 } }, 'Queue /Properties: must NOT have additional properties (Retention)'],
    ['a wrong type', { ...QUEUE, Properties: { ...QUEUE.Properties, MessageRetentionPeriod: '14 days' } }, 'Queue /Properties/MessageRetentionPeriod: must be integer'],
    ['a value outside the enum', { ...RULE, Properties: { ...RULE.Properties, State: 'ON' } }, 'Queue /Properties/State: must be equal to one of the allowed values'],
    ['a missing required property', { ...RULE, Properties: { ...RULE.Properties, Targets: [{ Arn: 'arn:aws:sqs:eu-west-1:123456789012:q' }] } }, "Queue /Properties/Targets/0: must have required property 'Id'"],
    ['an unknown property in a nested type', { ...RULE, Properties: { ...RULE.Properties, Targets: [{ Id: 'a', Arn: 'x', RetryPolicy: { MaxRetries: 1 } }] } }, 'Queue /Properties/Targets/0/RetryPolicy: must NOT have additional properties (MaxRetries)'],
    ['a wrong type in an Fn::If branch', { ...QUEUE, Properties: { SqsManagedSseEnabled: { 'Fn::If': ['C', true, 'yes'] } } }, 'Queue /Properties/SqsManagedSseEnabled/Fn::If/2: must be boolean'],
    ['an unknown resource attribute', { ...QUEUE, DeletePolicy: 'Retain' }, 'Queue : must NOT have additional properties (DeletePolicy)'],
    ['a bad deletion policy', { ...QUEUE, DeletionPolicy: 'Keep' }, 'Queue /DeletionPolicy: must be equal to one of the allowed values'],
    ['an unknown resource type', { Type: 'AWS::SQS::Queues', Properties: {} }, 'Queue /Type: Unknown resource type AWS::SQS::Queues'],
    ['a Ref to nothing', { ...QUEUE, Properties: { QueueName: { Ref: 'Missing' } } }, 'Queue /Properties/QueueName: Ref to Missing'],
    ['a GetAtt of an attribute the type lacks', { ...RULE, Properties: { ...RULE.Properties, Targets: [{ Id: 'a', Arn: { 'Fn::GetAtt': ['Queue', 'Name'] } }] } }, 'Queue /Properties/Targets/0/Arn: Queue (AWS::Events::Rule) has no attribute Name'],
    ['a Fn::Sub variable naming nothing', { ...QUEUE, Properties: { QueueName: { 'Fn::Sub': '${AWS::StackName}-${Stage}' } } }, 'Queue /Properties/QueueName: Fn::Sub variable ${Stage} names nothing'],
    ['an undefined condition', { ...QUEUE, Condition: 'IsProd' }, 'Queue /Condition: condition IsProd is not defined'],
  ])('rejects %s', (_what, resource, expected) => {
    // Act
    const problems = problemsOf({ Queue: resource as CfnTemplate['Resources'][string] }, { C: { 'Fn::Equals': ['a', 'a'] } });

    // Assess
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });
});
