import { loadConfig, type AppConfig } from '../config';
import { ConfigurationError } from '../errors';
import { matchesPattern, readDeploySettings, type DeploySettings, type STACK_PROVIDED_VARIABLES } from './deploy-settings';
import { loadNightlyTargets, type NightlyTarget } from './nightly-targets';

/** What serverless.yml tells the generated parts about the stack being packaged. */
export interface StackIdentity {
  service: string;
  stage: string;
  /** The dispatcher's function name, as serverless.yml sets it. */
  functionName: string;
  /** The dispatcher's timeout, to check that the time safety margin fits in it. */
  functionTimeoutSeconds: number;
}

/** Everything the generated parts of the template are built from, validated together. */
export interface Deployment extends StackIdentity {
  settings: DeploySettings;
  /** The function's configuration as it will read it from the environment the stack gives it. */
  functionConfig: AppConfig;
  nightlyTargets: NightlyTarget[];
  /** Clusters the function may delete and restore: `.env`'s list plus every nightly target. */
  clusterPatterns: string[];
  /** Instances it may delete and create: `.env`'s list (or `<cluster>-*`) plus every nightly instance. */
  instancePatterns: string[];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function defaultInstancePattern(clusterPattern: string): string {
  return clusterPattern.endsWith('*') ? clusterPattern : `${clusterPattern}-*`;
}

/** Plausible values for what the stack provides, so the function's own validation can run while packaging. */
const SAMPLE_STACK_VALUES: Record<(typeof STACK_PROVIDED_VARIABLES)[number] | 'AWS_REGION', string> = {
  AWS_REGION: 'eu-west-1',
  TABLE_NAME: 'aurora-restore-sample-operations',
  SCHEDULE_GROUP_NAME: 'aurora-restore-sample',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/sample',
  SCHEDULE_DLQ_ARN: 'arn:aws:sqs:eu-west-1:123456789012:sample',
  DISPATCHER_FUNCTION_ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:sample',
  NOTIFICATION_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:sample',
  STAGE: 'sample',
};

/**
 * The function's configuration from the settings `.env` passes on, read by the function's own loader:
 * a value it would reject at its first invocation fails the packaging instead.
 */
function functionConfigFrom(settings: DeploySettings): AppConfig {
  try {
    return loadConfig({ ...SAMPLE_STACK_VALUES, ...settings.functionVariables });
  } catch (error) {
    throw new ConfigurationError(`The function would reject its environment: ${(error as Error).message}`, { cause: error });
  }
}

function checkTimeBudget(identity: StackIdentity, config: AppConfig): void {
  const margin = config.engine.safetyMarginMs / 1000;
  if (margin + 60 > identity.functionTimeoutSeconds) {
    throw new ConfigurationError(
      `TIME_SAFETY_MARGIN_SECONDS (${margin}) leaves less than a minute of the dispatcher's ${identity.functionTimeoutSeconds} s timeout for work; lower it.`,
    );
  }
}

function checkNightlyTargets(targets: NightlyTarget[], clusterPatterns: string[]): void {
  for (const target of targets) {
    const source = target.request.source;
    const sourceIsLocal = source.accountId === undefined && source.region === undefined;
    const managedSource = sourceIsLocal && source.clusterId !== undefined && clusterPatterns.some((pattern) => matchesPattern(source.clusterId!, pattern));
    if (managedSource) {
      throw new ConfigurationError(
        `Nightly target ${target.name}: its source cluster ${source.clusterId} matches a target pattern (${clusterPatterns.join(', ')}); the function could delete it. Narrow TARGET_CLUSTER_IDS.`,
      );
    }
  }
}

/**
 * Builds the deployment from the environment (`.env` is loaded by the framework first) and the
 * nightly targets file. Every cross-check happens here, so a bad setting fails `sls package` with a
 * message instead of failing a refresh at 3 a.m.
 */
export function buildDeployment(identity: StackIdentity, environment: NodeJS.ProcessEnv, projectDir: string): Deployment {
  const settings = readDeploySettings(environment);
  const nightlyTargets = settings.nightlyTargetsFile === undefined ? [] : loadNightlyTargets(settings.nightlyTargetsFile, projectDir);
  return assembleDeployment(identity, settings, nightlyTargets);
}

/** Combines validated settings and nightly targets into the deployment, checking them against each other. */
export function assembleDeployment(identity: StackIdentity, settings: DeploySettings, nightlyTargets: NightlyTarget[]): Deployment {
  const functionConfig = functionConfigFrom(settings);
  checkTimeBudget(identity, functionConfig);
  const clusterPatterns = unique([...settings.targetClusterPatterns, ...nightlyTargets.map((t) => t.request.target.clusterId)]);
  if (clusterPatterns.length === 0) {
    throw new ConfigurationError(
      'No target cluster configured: set TARGET_CLUSTER_IDS (the clusters this deployment may replace) or NIGHTLY_TARGETS_FILE. See .env.example.',
    );
  }
  checkNightlyTargets(nightlyTargets, clusterPatterns);
  const basePatterns =
    settings.targetInstancePatterns.length > 0 ? settings.targetInstancePatterns : clusterPatterns.map(defaultInstancePattern);
  // A nightly request that leaves instances out rebuilds the old target's: the patterns above must cover them.
  const nightlyInstances = nightlyTargets.flatMap((t) => (t.request.target.instances ?? []).map((instance) => instance.id));
  const unmatched = nightlyInstances.filter((id) => !basePatterns.some((pattern) => matchesPattern(id, pattern)));
  return {
    ...identity,
    settings,
    functionConfig,
    nightlyTargets,
    clusterPatterns,
    instancePatterns: unique([...basePatterns, ...unmatched]),
  };
}

/**
 * Prefixes of the RDS identifiers this deployment manages, for the RDS event rule: each pattern up
 * to its first wildcard, without prefixes another one already covers.
 */
export function identifierPrefixes(patterns: string[]): string[] {
  const prefixes = unique(patterns.map((pattern) => pattern.split(/[*?]/)[0] ?? pattern)).sort();
  return prefixes.filter((prefix) => !prefixes.some((other) => other !== prefix && prefix.startsWith(other)));
}
