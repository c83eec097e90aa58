import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import type { ScheduledCheck, SchedulerPort } from '../ports/scheduler';

export interface EventBridgeSchedulerOptions {
  client: SchedulerClient;
  groupName: string;
  /** The dispatcher function: the only target a schedule ever has. */
  functionArn: string;
  /** Role Scheduler assumes to invoke the function. */
  roleArn: string;
  /** Queue receiving events Scheduler could not deliver. */
  deadLetterArn: string;
  retryAttempts: number;
  maxEventAgeSeconds: number;
}

/** `at(yyyy-mm-ddThh:mm:ss)`: Scheduler's one-time expression, in the timezone given separately (UTC). */
export function atExpression(at: Date): string {
  return `at(${at.toISOString().slice(0, 19)})`;
}

const NAME_PATTERN = /^[0-9a-zA-Z-_.]{1,64}$/;

/** One-time EventBridge Scheduler entries that invoke the dispatcher with a continuation event. */
export class EventBridgeScheduler implements SchedulerPort {
  public constructor(private readonly options: EventBridgeSchedulerOptions) {}

  public async schedule(check: ScheduledCheck): Promise<void> {
    if (!NAME_PATTERN.test(check.name)) throw new Error(`Schedule name ${check.name} is not 1–64 characters of [0-9a-zA-Z-_.]`);
    try {
      await this.options.client.send(
        new CreateScheduleCommand({
          Name: check.name,
          GroupName: this.options.groupName,
          ScheduleExpression: atExpression(check.at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          State: 'ENABLED',
          ClientToken: check.clientToken,
          Description: `aurora-restore ${check.payload.operationId} ${check.payload.step}`,
          Target: {
            Arn: this.options.functionArn,
            RoleArn: this.options.roleArn,
            Input: JSON.stringify(check.payload),
            RetryPolicy: {
              MaximumRetryAttempts: this.options.retryAttempts,
              MaximumEventAgeInSeconds: this.options.maxEventAgeSeconds,
            },
            DeadLetterConfig: { Arn: this.options.deadLetterArn },
          },
        }),
      );
    } catch (error) {
      // Same name already there: this wait was scheduled by an earlier delivery of the same event.
      if (error instanceof ConflictException || (error instanceof Error && error.name === 'ConflictException')) return;
      throw error;
    }
  }

  public async cancel(name: string): Promise<void> {
    try {
      await this.options.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.options.groupName }));
    } catch (error) {
      // Already fired (ActionAfterCompletion DELETE) or already deleted.
      if (error instanceof ResourceNotFoundException || (error instanceof Error && error.name === 'ResourceNotFoundException')) return;
      throw error;
    }
  }
}
