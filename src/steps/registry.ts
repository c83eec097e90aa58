import type { StepRegistry } from '../engine/step';
import { startStep } from './start';
import { snapshotCheckStep } from './snapshot-check';
import { copySnapshotStep } from './copy-snapshot';
import { checkCopyStatusStep } from './check-copy-status';
import { deleteRdsStep } from './delete-rds';
import { checkDeleteStatusStep } from './check-delete-status';
import { restoreSnapshotStep } from './restore-snapshot';
import { checkRestoreStatusStep } from './check-restore-status';
import { setupDbUsersStep } from './setup-db-users';
import { archiveSnapshotStep } from './archive-snapshot';
import { snsNotificationStep } from './sns-notification';

/** Every step by name. `satisfies` makes a missing or misspelt step a compile error. */
export const stepRegistry = {
  start: startStep,
  'snapshot-check': snapshotCheckStep,
  'copy-snapshot': copySnapshotStep,
  'check-copy-status': checkCopyStatusStep,
  'delete-rds': deleteRdsStep,
  'check-delete-status': checkDeleteStatusStep,
  'restore-snapshot': restoreSnapshotStep,
  'check-restore-status': checkRestoreStatusStep,
  'setup-db-users': setupDbUsersStep,
  'archive-snapshot': archiveSnapshotStep,
  'sns-notification': snsNotificationStep,
} satisfies StepRegistry;
