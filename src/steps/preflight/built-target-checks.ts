import { MAX_REQUEST_TAGS, TAGS_ADDED_BY_THIS_TOOL } from '../../request/identifiers';
import { windowsOverlap } from '../../request/rds-windows';
import type { BuiltTarget } from '../../rds/target-configuration';
import type { Problems } from './request-checks';

/** Where a setting of the built target comes from, for the fix: the request's field, or the old target. */
function origin(field: string, requested: unknown): string {
  return requested === undefined ? `${field} (carried over from the existing target)` : field;
}

/**
 * The rules RDS applies across settings, checked on the target as it will be built — the request
 * merged with what it carries over from the old target — since the schema sees only the request:
 * a backup window the old maintenance window overlaps, IAM error logs without IAM authentication,
 * db.serverless instances without a capacity range, more tags than RDS takes. RDS would refuse each
 * only at the restore or after it, with `replace` once the old target is gone. The fix names the
 * request field to set, which always wins over what is carried.
 */
export function builtTargetProblems(built: BuiltTarget, requested: Partial<BuiltTarget>): Problems {
  const problems: Problems = [];
  if (built.preferredBackupWindow !== undefined && built.preferredMaintenanceWindow !== undefined && windowsOverlap(built.preferredBackupWindow, built.preferredMaintenanceWindow)) {
    problems.push(
      `target.preferredBackupWindow: ${origin('the backup window', requested.preferredBackupWindow)} ${built.preferredBackupWindow} overlaps ${origin('the maintenance window', requested.preferredMaintenanceWindow)} ${built.preferredMaintenanceWindow}; RDS refuses that: set target.preferredBackupWindow or target.preferredMaintenanceWindow so they do not overlap`,
    );
  }
  if (built.cloudwatchLogsExports?.includes('iam-db-auth-error') === true && built.iamDatabaseAuthentication !== true) {
    problems.push(
      `target.cloudwatchLogsExports: ${origin('the log exports', requested.cloudwatchLogsExports)} include iam-db-auth-error, which needs IAM database authentication, and ${origin('iamDatabaseAuthentication', requested.iamDatabaseAuthentication)} is not on: set target.iamDatabaseAuthentication to true or target.cloudwatchLogsExports without iam-db-auth-error`,
    );
  }
  if (built.instances.some((instance) => instance.instanceClass === 'db.serverless') && built.serverlessV2Scaling === undefined) {
    problems.push('target.serverlessV2Scaling: db.serverless instances need a capacity range {minCapacity, maxCapacity}, and neither the request nor the existing target has one');
  }
  const clusterTags = Object.keys(built.tags ?? {});
  if (clusterTags.length > MAX_REQUEST_TAGS) {
    problems.push(`target.tags: ${origin('the tags', requested.tags)} come to ${clusterTags.length}; at most ${MAX_REQUEST_TAGS}: RDS allows 50 and this tool adds ${TAGS_ADDED_BY_THIS_TOOL}: set target.tags to the ones the new cluster needs`);
  }
  for (const instance of built.instances) {
    const keys = new Set([...clusterTags, ...Object.keys(instance.tags ?? {})]);
    if (keys.size > MAX_REQUEST_TAGS && clusterTags.length <= MAX_REQUEST_TAGS) {
      problems.push(`target.instances: instance ${instance.id} would carry ${keys.size} tags (the cluster's and its own); at most ${MAX_REQUEST_TAGS}: set target.tags or the instance's tags to fewer`);
    }
  }
  return problems;
}
