import type { Step, StepDefinition, StepRegistry } from '../engine/step';

/**
 * A step whose module is loaded on its first run. An invocation runs one or a few steps, so a
 * cold start should not pay for loading the code (and the libraries) of all the others.
 */
function loadedOnFirstRun(load: () => Promise<Step>): Step {
  let step: Promise<Step> | undefined;
  return async (context) => (await (step ??= load()))(context);
}

/**
 * The pipeline, in order: one line per step (replace skips verify, swap-rename, rollback and the
 * retire steps; swap skips the deletes and runs … verify, swap-rename, archive-snapshot,
 * sns-notification, retire, delete-retired). The names are the values of an event's `step` field,
 * so they are part of the public contract: renaming one strands every scheduled check that carries
 * it. Adding a step is a new file in this folder and one line here. `alarmAfterSeconds` is how long
 * a step may run before its alarm fires: the waiting steps are sized for a 9 TB snapshot (a copy may
 * take 24 h and more), the others make a few API calls.
 */
export const PIPELINE = [
  { name: 'preflight', alarmAfterSeconds: 300, code: 'pf', run: loadedOnFirstRun(async () => (await import('./preflight')).preflightStep) },
  { name: 'snapshot-check', alarmAfterSeconds: 900, code: 'sc', run: loadedOnFirstRun(async () => (await import('./snapshot-check')).snapshotCheckStep) },
  { name: 'copy-snapshot', alarmAfterSeconds: 900, code: 'cp', run: loadedOnFirstRun(async () => (await import('./copy-snapshot')).copySnapshotStep) },
  { name: 'check-copy-status', alarmAfterSeconds: 36 * 3600, code: 'cc', run: loadedOnFirstRun(async () => (await import('./check-copy-status')).checkCopyStatusStep) },
  { name: 'delete-rds', alarmAfterSeconds: 3600, code: 'dl', run: loadedOnFirstRun(async () => (await import('./delete-rds')).deleteRdsStep) },
  { name: 'check-delete-status', alarmAfterSeconds: 2 * 3600, code: 'cd', wakesOnEvents: true, run: loadedOnFirstRun(async () => (await import('./check-delete-status')).checkDeleteStatusStep) },
  { name: 'restore-snapshot', alarmAfterSeconds: 3600, code: 'rs', run: loadedOnFirstRun(async () => (await import('./restore-snapshot')).restoreSnapshotStep) },
  { name: 'check-restore-status', alarmAfterSeconds: 12 * 3600, code: 'cr', wakesOnEvents: true, run: loadedOnFirstRun(async () => (await import('./check-restore-status')).checkRestoreStatusStep) },
  { name: 'setup-db-users', alarmAfterSeconds: 3600, code: 'us', run: loadedOnFirstRun(async () => (await import('./setup-db-users')).setupDbUsersStep) },
  { name: 'verify', alarmAfterSeconds: 900, code: 'vf', run: loadedOnFirstRun(async () => (await import('./verify')).verifyStep) },
  { name: 'swap-rename', alarmAfterSeconds: 3600, code: 'sw', run: loadedOnFirstRun(async () => (await import('./swap-rename')).swapRenameStep) },
  // Entered only from swap-rename (a failure between the renames) or from the rollback command.
  { name: 'rollback', alarmAfterSeconds: 3600, code: 'rb', run: loadedOnFirstRun(async () => (await import('./rollback')).rollbackStep) },
  { name: 'archive-snapshot', alarmAfterSeconds: 900, code: 'ar', run: loadedOnFirstRun(async () => (await import('./archive-snapshot')).archiveSnapshotStep) },
  { name: 'sns-notification', alarmAfterSeconds: 300, code: 'nt', run: loadedOnFirstRun(async () => (await import('./sns-notification')).snsNotificationStep) },
  // swap: the refresh is delivered at sns-notification (target released); these two only tidy up. retire
  // waits out swap.keepRetiredHours (at most 7 days), then delete-retired deletes the retired cluster.
  { name: 'retire', alarmAfterSeconds: 8 * 24 * 3600, code: 'rt', run: loadedOnFirstRun(async () => (await import('./retire')).retireStep) },
  { name: 'delete-retired', alarmAfterSeconds: 2 * 3600, code: 'dr', wakesOnEvents: true, run: loadedOnFirstRun(async () => (await import('./retire')).deleteRetiredStep) },
] as const satisfies readonly (StepDefinition & { name: string })[];

/** One of the pipeline's step names. */
export type StepName = (typeof PIPELINE)[number]['name'];

/** The step names in pipeline order (for schemas). */
export const STEPS = PIPELINE.map((step) => step.name) as unknown as readonly [StepName, ...StepName[]];

/** Every step by name. */
export const stepRegistry: StepRegistry = Object.fromEntries(PIPELINE.map(({ name, ...definition }) => [name, definition])) as StepRegistry;

/** Where a new operation begins. */
export const FIRST_STEP: StepName = PIPELINE[0].name;
