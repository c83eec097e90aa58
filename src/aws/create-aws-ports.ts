import type { AppConfig } from '../config';
import { systemClock } from '../ports/clock';
import type { Ports } from '../ports';
import type { DatabasePort, ScriptSourcePort } from '../ports/database';
import type { KmsPort } from '../ports/kms';
import type { MetricsPort } from '../ports/metrics';
import type { NotifierPort } from '../ports/notifier';
import type { RdsPort } from '../ports/rds';
import type { SchedulerPort } from '../ports/scheduler';
import type { SecretsPort } from '../ports/secrets';
import type { Logger } from '../observability/logger';
import { clientConfig } from './client-config';
import { InMemoryMetrics } from '../observability/in-memory-metrics';
import { lazyPort } from './lazy-port';

/**
 * The production ports. Each AWS client is loaded and built on its first use, not at cold start:
 * an invocation that only checks a copy never pays for loading the SNS or Secrets Manager SDK.
 */
export function createAwsPorts(config: AppConfig, logger: Logger): Ports {
  const base = clientConfig(config.region);
  const scheduler = lazyPort<SchedulerPort>(async () => {
    const [{ SchedulerClient }, { EventBridgeScheduler }] = await Promise.all([import('@aws-sdk/client-scheduler'), import('./eventbridge-scheduler')]);
    return new EventBridgeScheduler({
      client: new SchedulerClient(base),
      groupName: config.scheduleGroupName,
      functionArn: config.functionArn,
      roleArn: config.schedulerRoleArn,
      deadLetterArn: config.scheduleDlqArn,
      retryAttempts: config.scheduleRetryAttempts,
      maxEventAgeSeconds: config.scheduleMaxEventAgeSeconds,
    });
  });
  const notifier = lazyPort<NotifierPort>(async () => {
    const [{ SNSClient }, { SnsNotifier }] = await Promise.all([import('@aws-sdk/client-sns'), import('./sns-notifier')]);
    return new SnsNotifier(new SNSClient(base));
  });
  const secrets = lazyPort<SecretsPort>(async () => {
    const [{ SecretsManagerClient }, { SecretsManagerSecrets }] = await Promise.all([import('@aws-sdk/client-secrets-manager'), import('./secrets-manager')]);
    return new SecretsManagerSecrets(new SecretsManagerClient(base));
  });
  const rds = lazyPort<RdsPort>(async () => {
    const { createAwsRds } = await import('./rds/create-aws-rds');
    // The function's own account, from its ARN, tells a shared snapshot from one of ours.
    return createAwsRds(config.region, config.rdsMaxAttempts, { accountId: config.functionArn.split(':')[4] });
  });
  const kms = lazyPort<KmsPort>(async () => {
    const [{ KMSClient }, { AwsKmsKeys }] = await Promise.all([import('@aws-sdk/client-kms'), import('./kms-keys')]);
    return new AwsKmsKeys(new KMSClient(base));
  });
  const database = lazyPort<DatabasePort>(async () => {
    const { createPgDatabase } = await import('../database/create-pg-database');
    return createPgDatabase({ caBundlePath: config.rdsCaBundlePath, logger });
  });
  const scripts = lazyPort<ScriptSourcePort>(async () => {
    const { createScriptSource } = await import('../database/create-script-source');
    return createScriptSource({ bundledDir: config.sqlScriptsDir, region: config.region });
  });
  const store = lazyPort<Ports['store']>(async () => {
    const { DynamoDbOperationStore } = await import('../store/dynamodb/dynamodb-operation-store');
    return new DynamoDbOperationStore({ tableName: config.tableName, clientConfig: base });
  });
  let metrics: MetricsPort = new InMemoryMetrics();
  if (config.metricsEnabled) {
    const buffered = new InMemoryMetrics();
    let sender: Promise<MetricsPort> | undefined;
    metrics = {
      add: (datum) => buffered.add(datum),
      flush: async () => {
        sender ??= (async () => {
          const [{ CloudWatchClient }, { CloudWatchMetrics }] = await Promise.all([import('@aws-sdk/client-cloudwatch'), import('./cloudwatch-metrics')]);
          return new CloudWatchMetrics(new CloudWatchClient(base));
        })();
        await buffered.flush();
        const real = await sender;
        const pending = buffered.sent.splice(0);
        if (pending.length === 0) return;
        for (const datum of pending) real.add(datum);
        await real.flush();
      },
    };
  }
  return { store, scheduler, rds, kms, secrets, database, scripts, notifier, metrics, clock: systemClock, logger };
}
