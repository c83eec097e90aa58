import type { Step, StepRegistry } from '../engine/step';
import { startStep } from './start';

/**
 * A step whose module is loaded on its first run. An invocation runs one or a few steps, so a
 * cold start should not pay for loading the code (and the libraries) of all the others.
 */
function loadedOnFirstRun(load: () => Promise<Step>): Step {
  let step: Promise<Step> | undefined;
  return async (context) => (await (step ??= load()))(context);
}

/** Every step by name. `satisfies` makes a missing or misspelt step a compile error. */
export const stepRegistry = {
  start: startStep,
  'snapshot-check': loadedOnFirstRun(async () => (await import('./snapshot-check')).snapshotCheckStep),
  'copy-snapshot': loadedOnFirstRun(async () => (await import('./copy-snapshot')).copySnapshotStep),
  'check-copy-status': loadedOnFirstRun(async () => (await import('./check-copy-status')).checkCopyStatusStep),
  'delete-rds': loadedOnFirstRun(async () => (await import('./delete-rds')).deleteRdsStep),
  'check-delete-status': loadedOnFirstRun(async () => (await import('./check-delete-status')).checkDeleteStatusStep),
  'restore-snapshot': loadedOnFirstRun(async () => (await import('./restore-snapshot')).restoreSnapshotStep),
  'check-restore-status': loadedOnFirstRun(async () => (await import('./check-restore-status')).checkRestoreStatusStep),
  'setup-db-users': loadedOnFirstRun(async () => (await import('./setup-db-users')).setupDbUsersStep),
  'archive-snapshot': loadedOnFirstRun(async () => (await import('./archive-snapshot')).archiveSnapshotStep),
  'sns-notification': loadedOnFirstRun(async () => (await import('./sns-notification')).snsNotificationStep),
} satisfies StepRegistry;
