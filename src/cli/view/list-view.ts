import type { OperationSummary } from '../../store/operation';
import { shortTime } from './progress-bar';
import type { Style } from './style';

/** A table of operations, newest first, one a line. */
export function listView(operations: OperationSummary[], style: Style, what: string): string[] {
  if (operations.length === 0) return [`No operations${what}.`];
  const header = `${'operation'.padEnd(24)} ${'status'.padEnd(10)} ${'step'.padEnd(22)} ${'target'.padEnd(24)} ${'created'.padEnd(21)} state`;
  return [
    style.paint('dim', header),
    ...operations.map((op) => {
      const state =
        op.status === 'RUNNING' && op.targetReleasedAt !== undefined
          ? [`refresh delivered ${shortTime(op.targetReleasedAt)}, tidying up`, op.nextCheckAt !== undefined ? `next check ${shortTime(op.nextCheckAt)}` : undefined].filter(Boolean).join(', ')
          : op.status === 'RUNNING'
          ? [op.progressPercent !== undefined ? `${op.progressPercent} %` : undefined, op.nextCheckAt !== undefined ? `next check ${shortTime(op.nextCheckAt)}` : undefined].filter(Boolean).join(', ')
          : op.error !== undefined
            ? `${op.error.name}: ${op.error.message}`
            : op.finishedAt !== undefined
              ? `finished ${shortTime(op.finishedAt)}`
              : '';
      // Padding is measured on the plain text: colour codes would shift the columns.
      const status = style.status(op.status) + ' '.repeat(Math.max(0, 10 - op.status.length));
      return `${op.operationId.padEnd(24)} ${status} ${op.step.padEnd(22)} ${op.target.padEnd(24)} ${shortTime(op.createdAt).padEnd(21)} ${state}`;
    }),
  ];
}
