import type { Notification } from '../ports/notifier';
import type { Operation } from '../store/operation';
import { retiredClusterNote } from '../rds/swap-renames';
import { formatDuration, readableJson, truncateSubject } from './format';
import { runFigures, topicFor } from './run-figures';

function masterPasswordDescription(operation: Operation): string {
  const setting = operation.request.users.masterPassword;
  if (setting === undefined) return "unchanged: the snapshot's (source cluster's) master password";
  if ('secret' in setting) return `set from secret ${setting.secret}`;
  return `managed by RDS${operation.facts.masterSecretArn ? ` in secret ${operation.facts.masterSecretArn}` : ''}`;
}

function snapshotSummary(operation: Operation) {
  const f = operation.facts;
  return {
    source: f.sourceSnapshotArn ?? f.sourceSnapshotId ?? operation.request.source.snapshot,
    createdAt: f.snapshotCreateTime,
    sizeGb: f.sizeGb,
    copied: f.copySnapshotId !== undefined,
    copySnapshotId: f.copySnapshotId,
    restoredFrom: f.restoreSnapshotId,
  };
}

/** For a clone or point-in-time source: the cluster read, how, as of when, and its restorable window. */
function sourceClusterSummary(operation: Operation) {
  const f = operation.facts;
  const source = operation.request.source;
  if (f.sourceClusterArn === undefined) return undefined;
  return {
    cluster: f.sourceClusterArn,
    kind: f.restoreType === 'copy-on-write' ? (source.type === 'clone' ? 'clone' : 'copy-on-write clone') : 'full copy',
    asOf: source.type === 'point-in-time' && source.restoreTime !== undefined ? source.restoreTime : 'the latest restorable time',
    restorableWindow: { earliest: f.sourceEarliestRestorableTime, latest: f.sourceLatestRestorableTime },
  };
}

/**
 * The success message, or for a dry run the plan: subject with target and outcome, message
 * attributes `status`, `target`, `dryRun` and `operationId` for subscription filters, and a body
 * that is readable JSON. Built only from the saved state, which holds secret names, never values.
 */
export function buildSuccessNotification(operation: Operation, finishedAt: Date, defaultTopicArn?: string): Notification {
  const f = operation.facts;
  const totalMs = Math.max(0, finishedAt.getTime() - Date.parse(operation.createdAt));
  const dryRun = operation.request.dryRun;
  const snapshot = snapshotSummary(operation);
  const sourceCluster = sourceClusterSummary(operation);
  const restoredFrom =
    sourceCluster !== undefined
      ? `a ${sourceCluster.kind} of ${sourceCluster.cluster} as of ${sourceCluster.asOf}`
      : `${snapshot.restoredFrom ?? snapshot.source ?? 'the snapshot'}${snapshot.copied ? ' (a copy)' : ''}`;
  // A swap announces itself at the swap: the old target is kept a while yet.
  const retired = retiredClusterNote(operation);
  const endpoint = f.writerEndpoint !== undefined ? `${f.writerEndpoint}:${f.port ?? 5432}` : undefined;
  const summary = dryRun
    ? `Dry run for ${operation.target}: nothing was changed. ${f.plan?.length ?? 0} planned actions below.`
    : `Refresh of ${operation.target} succeeded in ${formatDuration(totalMs)}: restored from ${restoredFrom}` +
      `${endpoint ? `; writer endpoint ${endpoint}` : ''}.` +
      `${f.databaseWarnings?.length ? ` ${f.databaseWarnings.length} database warning(s), see database.warnings.` : ''}`;
  const body = {
    summary,
    status: operation.status === 'RUNNING' ? 'SUCCEEDED' : operation.status,
    dryRun,
    operationId: operation.operationId,
    target: operation.target,
    ...(dryRun ? { plan: f.plan ?? [] } : {}),
    ...(endpoint !== undefined ? { endpoint: { writer: f.writerEndpoint, reader: f.readerEndpoint, port: f.port ?? 5432 } } : {}),
    ...(sourceCluster !== undefined ? { sourceCluster } : { snapshot }),
    ...(retired !== undefined ? { retiredCluster: retired } : {}),
    ...(dryRun
      ? {}
      : {
          database: {
            masterPassword: masterPasswordDescription(operation),
            rolesConfigured: f.rolesConfigured ?? [],
            rolesDropped: f.rolesDropped ?? [],
            sqlScriptsRun: f.sqlScriptsRun ?? [],
            warnings: f.databaseWarnings ?? [],
          },
          archive: {
            mode: operation.request.archive.mode,
            deleted: f.archiveDeletedSnapshotIds ?? [],
            kept: f.archiveKeptSnapshotIds ?? [],
            leftAlone: f.archiveSkippedSnapshotIds ?? [],
          },
        }),
    ...runFigures(operation, finishedAt, 'finishedAt'),
  };
  return {
    ...topicFor(operation, defaultTopicArn),
    subject: truncateSubject(dryRun ? `[aurora-restore] DRY RUN: ${operation.target} (nothing changed)` : `[aurora-restore] SUCCEEDED: ${operation.target}`),
    body: readableJson(body),
    attributes: {
      status: dryRun ? 'DRY_RUN' : 'SUCCEEDED',
      target: operation.target,
      dryRun: String(dryRun),
      operationId: operation.operationId,
    },
  };
}
