import { advance, fail } from '../engine/outcome';
import type { Step, StepContext } from '../engine/step';
import { PreflightFailedError } from '../errors';
import type { Cluster, Instance } from '../ports/rds';
import { configurationOf, effectiveTarget, type TargetConfiguration } from '../rds/target-configuration';
import { identityOfCluster, identityOfSource } from '../rds/cluster-identity';
import { checkDeletionSafety } from '../rds/deletion-safety';
import { appendPlan } from '../rds/dry-run-plan';
import { isMadeBy } from '../rds/operation-tags';
import { rdsCall } from '../rds/rds-errors';
import { swapRenames } from '../rds/swap-renames';
import type { Facts } from '../store/operation';
import { builtTargetProblems } from './preflight/built-target-checks';
import { quotaProblems } from './preflight/quota-checks';
import { keyProblems, resourceProblems, scriptProblems, secretProblems, verifyProblems, type Problems } from './preflight/request-checks';
import { usersConfigProblems } from './users/check-users-config';

/**
 * The instance ids the restore will create are free, or already members of the target itself. A
 * request that names no instances rebuilds the old target's, so there must be an old target with
 * instances to rebuild.
 */
async function instanceProblems(context: StepContext, cluster: Cluster | undefined, carried: TargetConfiguration | undefined): Promise<Problems> {
  const { target } = context.request;
  if (target.instances === undefined) {
    if (carried === undefined) return [`target.instances: cluster ${target.clusterId} does not exist and no earlier refresh recorded it, so there are no instances to rebuild; list the instances to create`];
    if (carried.instances.length === 0) return [`target.instances: cluster ${target.clusterId} has no instances to rebuild; list the instances to create`];
    if (cluster !== undefined) return [];
  }
  const problems: Problems = [];
  for (const [index, spec] of (target.instances ?? carried?.instances ?? []).entries()) {
    const instance = await rdsCall(`Describing instance ${spec.id}`, () => context.ports.rds.describeInstance(spec.id));
    const owner = instance?.clusterId?.toLowerCase();
    if (instance !== undefined && owner !== target.clusterId) {
      problems.push(
        `target.instances[${index}].id: instance ${spec.id} already exists in ${owner === undefined ? 'no cluster' : `cluster ${owner}`}, not in ${target.clusterId}; choose another id or remove that instance`,
      );
    }
  }
  return problems;
}

/**
 * The target's settings, to carry over: as the cluster has them, or — when it does not exist (a
 * refresh that failed after the delete, a cluster deleted by hand) — as the newest earlier
 * operation on the target recorded them, so the next refresh still brings it back as it was.
 */
async function recordedConfiguration(context: StepContext, cluster: Cluster | undefined, members: (Instance | undefined)[]): Promise<Partial<Facts>> {
  if (cluster !== undefined) {
    return { targetConfiguration: configurationOf(cluster, members.filter((instance): instance is Instance => instance !== undefined), [context.config.safety.managedTag.key]) };
  }
  const earlier = (await context.operations.recentOnTarget(10)).find((operation) => operation.facts.targetConfiguration !== undefined);
  if (earlier?.facts.targetConfiguration === undefined) return {};
  // An earlier operation may itself have carried it from one before: name the one that read the cluster.
  const from = earlier.facts.targetConfigurationFrom ?? { operationId: earlier.operationId, recordedAt: earlier.createdAt };
  context.logger.info('the target does not exist: carrying over the configuration an earlier refresh recorded', { recordedBy: from.operationId });
  return { targetConfiguration: earlier.facts.targetConfiguration, targetConfigurationFrom: from };
}

/**
 * swap: every name the swap will build or rename into is free, or already ours (a repeat). The
 * names fit 63 characters by construction (swapIdentifier cuts the base); two configured
 * instances whose ids share a long prefix would collide once cut, and are refused.
 */
async function swapNameProblems(context: StepContext, operation: Parameters<typeof swapRenames>[0]): Promise<Problems> {
  const problems: Problems = [];
  const renames = swapRenames(operation);
  const built = [...new Set(renames.filter((rename) => rename.side === 'new').map((rename) => rename.from))];
  const retired = renames.filter((rename) => rename.side === 'old').map((rename) => rename.to);
  const names = [...built, ...retired];
  if (new Set(names).size !== names.length) problems.push(`target.instances: the swap's derived names collide (${names.join(', ')}); shorten the instance ids so they differ within their first 48 characters`);
  for (const rename of renames) {
    const name = rename.side === 'new' ? rename.from : rename.to;
    const found = rename.kind === 'cluster'
      ? await rdsCall(`Describing cluster ${name}`, () => context.ports.rds.describeCluster(name))
      : await rdsCall(`Describing instance ${name}`, () => context.ports.rds.describeInstance(name));
    if (found !== undefined && !isMadeBy(found.tags, context.operation.operationId)) {
      problems.push(`strategy: the swap needs the ${rename.kind} name ${name}, which is taken by a ${rename.kind} this operation did not create; delete or rename it, or use strategy "replace"`);
    }
  }
  return problems;
}

/** The existing target may be replaced under the safety rules, and is no running operation's source. */
async function targetProblems(context: StepContext, cluster: Cluster | undefined, targetKey: string): Promise<Problems> {
  const problems: Problems = [];
  if (cluster !== undefined) {
    const verdict = checkDeletionSafety(cluster, context.request, context.operation.facts, context.config.safety);
    if (!verdict.ok) problems.push(`target.clusterId: ${verdict.message}`);
  }
  const readers = await context.operations.runningFromSource(targetKey);
  for (const reader of readers) {
    problems.push(`target.clusterId: cluster ${context.request.target.clusterId} is the source of running operation ${reader.operationId} (refreshing ${reader.target}, at ${reader.step}); wait for it to finish`);
  }
  return problems;
}

/**
 * Proves, read-only, everything the refresh needs before anything is copied or deleted: the target
 * may be replaced (managed tag, deletion protection, not the source, not a running operation's
 * source), every secret is readable and holds an accepted password, every script loads and parses,
 * no role is reserved, the instance ids are free, the groups and instance classes exist, the KMS
 * keys are usable, the account's quotas leave room for the new cluster and its instances. Records the target's identity (its resource id and ARN), so only that cluster is
 * ever deleted, and the source's, so no other operation deletes it meanwhile; and the target's
 * settings, which the restore carries over wherever the request is silent. A dry run does the same.
 */
export const preflightStep: Step = async (context) => {
  const { request, ports } = context;
  const home = await ports.rds.home();
  const targetId = request.target.clusterId;
  const cluster = await rdsCall(`Describing target cluster ${targetId}`, () => ports.rds.describeCluster(targetId));
  const targetKey = cluster !== undefined ? identityOfCluster(cluster, home) : identityOfSource({ clusterId: targetId }, home);
  const sourceKey = identityOfSource(request.source, home);
  const members = cluster === undefined ? [] : await Promise.all(cluster.members.map((member) => rdsCall(`Describing instance ${member.instanceId}`, () => ports.rds.describeInstance(member.instanceId))));
  const strategy = request.strategy ?? context.config.defaultStrategy ?? 'replace';
  const facts: Partial<Facts> = {
    strategy,
    ...(cluster !== undefined ? { targetInstanceIds: cluster.members.map((member) => member.instanceId) } : {}),
    targetExisted: cluster !== undefined,
    ...(await recordedConfiguration(context, cluster, members)),
    ...(cluster?.resourceId !== undefined ? { targetResourceId: cluster.resourceId } : {}),
    ...(cluster !== undefined ? { targetArn: cluster.arn, targetDeletionProtection: cluster.deletionProtection } : {}),
    ...(sourceKey !== undefined ? { sourceClusterKey: sourceKey } : {}),
  };
  // The target as it will be built: the request with what it carries over from the old target.
  const built = effectiveTarget(request, { ...context.operation.facts, ...facts });
  const problems: Problems = [
    ...(await targetProblems(context, cluster, targetKey ?? targetId)),
    ...usersConfigProblems(request.users, cluster?.masterUsername).map((problem) => `users: ${problem}`),
    ...(await instanceProblems(context, cluster, facts.targetConfiguration)),
    ...builtTargetProblems(built, request.target),
    ...(await quotaProblems(context, cluster, strategy, built.instances.length)),
    ...(await resourceProblems(context, built, request.target.engineVersion ?? cluster?.engineVersion)),
    ...(await secretProblems(context)),
    ...(await scriptProblems(context)),
    ...(await keyProblems(context)),
    ...(strategy === 'swap' ? await swapNameProblems(context, { ...context.operation, facts: { ...context.operation.facts, ...facts } }) : []),
    ...(strategy === 'swap' ? await verifyProblems(context) : []),
    ...(strategy !== 'swap' && request.verify.length > 0 ? ['verify: the checks run only with strategy "swap" (this deployment\'s DEFAULT_STRATEGY is replace); set strategy to "swap" or remove verify'] : []),
  ];
  if (problems.length > 0) return fail(new PreflightFailedError(problems), facts);
  const summary =
    cluster === undefined
      ? `target ${targetId} does not exist yet: nothing will be deleted`
      : `target ${targetId} (${cluster.resourceId ?? cluster.arn}) may be replaced${strategy === 'swap' ? ' (swap: it serves until the new cluster is verified)' : ''}`;
  return advance('snapshot-check', { ...facts, ...(request.dryRun ? appendPlan(context, [`every check passed; ${summary}`]) : {}) });
};
