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
import { AWS_SERVICES, clientConfig } from './client-config';
import { EmfMetrics } from '../observability/emf-metrics';
import { InMemoryMetrics } from '../observability/in-memory-metrics';
import { lazyPort } from './lazy-port';

/**
 * The production ports. Each AWS client is loaded and built on its first use, not at cold start:
 * an invocation that only checks a copy never pays for loading the SNS or Secrets Manager SDK.
 */
export function createAwsPorts(config: AppConfig, logger: Logger): Ports {
  const timeouts = config.awsTimeouts;
  const base = (service: keyof typeof AWS_SERVICES) => clientConfig(config.region, AWS_SERVICES[service], { timeouts });
  const scheduler = lazyPort<SchedulerPort>(async () => {
    const [{ SchedulerClient }, { EventBridgeScheduler }] = await Promise.all([import('@aws-sdk/client-scheduler'), import('./eventbridge-scheduler')]);
    return new EventBridgeScheduler({
      client: new SchedulerClient(base('scheduler')),
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
    return new SnsNotifier(new SNSClient(base('sns')));
  });
  const secrets = lazyPort<SecretsPort>(async () => {
    const [{ SecretsManagerClient }, { SecretsManagerSecrets }] = await Promise.all([import('@aws-sdk/client-secrets-manager'), import('./secrets-manager')]);
    return new SecretsManagerSecrets(new SecretsManagerClient(base('secretsManager')));
  });
  const rds = lazyPort<RdsPort>(async () => {
    const { createAwsRds } = await import('./rds/create-aws-rds');
    // The function's own account, from its ARN, tells a shared snapshot from one of ours.
    return createAwsRds(config.region, config.rdsMaxAttempts, { accountId: config.functionArn.split(':')[4], timeouts });
  });
  const kms = lazyPort<KmsPort>(async () => {
    const [{ KMSClient }, { AwsKmsKeys }] = await Promise.all([import('@aws-sdk/client-kms'), import('./kms-keys')]);
    return new AwsKmsKeys(new KMSClient(base('kms')));
  });
  const database = lazyPort<DatabasePort>(async () => {
    const { createPgDatabase } = await import('../database/create-pg-database');
    return createPgDatabase({ caBundlePath: config.rdsCaBundlePath, logger, markerTable: config.scriptMarkerTable });
  });
  const scripts = lazyPort<ScriptSourcePort>(async () => {
    const { createScriptSource } = await import('../database/create-script-source');
    return createScriptSource({ bundledDir: config.sqlScriptsDir, region: config.region, timeouts });
  });
  const store = lazyPort<Ports['store']>(async () => {
    const { DynamoDbOperationStore } = await import('../store/dynamodb/dynamodb-operation-store');
    return new DynamoDbOperationStore({ tableName: config.tableName, clientConfig: base('dynamodb') });
  });
  // Embedded metric format in the log: no API call, no grant, no VPC endpoint. Disabled, the data
  // stay in memory and go nowhere.
  const metrics: MetricsPort = config.metricsEnabled ? new EmfMetrics() : new InMemoryMetrics();
  return { store, scheduler, rds, kms, secrets, database, scripts, notifier, metrics, clock: systemClock, logger };
}
