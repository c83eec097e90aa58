import type { StepRegistry } from '../engine/step';
import { notImplemented } from './not-implemented';
import { startStep } from './start';

/** Every step by name. `satisfies` makes a missing or misspelt step a compile error. */
export const stepRegistry = {
  start: startStep,
  'snapshot-check': notImplemented('snapshot-check'),
  'copy-snapshot': notImplemented('copy-snapshot'),
  'check-copy-status': notImplemented('check-copy-status'),
  'delete-rds': notImplemented('delete-rds'),
  'check-delete-status': notImplemented('check-delete-status'),
  'restore-snapshot': notImplemented('restore-snapshot'),
  'check-restore-status': notImplemented('check-restore-status'),
  'setup-db-users': notImplemented('setup-db-users'),
  'archive-snapshot': notImplemented('archive-snapshot'),
  'sns-notification': notImplemented('sns-notification'),
} satisfies StepRegistry;
