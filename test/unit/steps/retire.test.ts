import { retiredId } from '../../../src/rds/naming';
import { deleteRetiredStep, retireStep } from '../../../src/steps/retire';
import { runAsEngine } from '../../support/run-as-engine';
import { OPERATION_ID, stepContext } from '../../support/step-context';

const SWAPPED_AT = '2026-11-25T05:00:00.000Z';
const RETIRED = retiredId({ operationId: OPERATION_ID }, 'staging-orders');

/** A swap at `step` whose retired cluster is already gone; released at the swap, or from before that order. */
function context(step: 'retire' | 'delete-retired', released: boolean, now = new Date('2026-11-26T06:00:00Z')) {
  return stepContext({
    step,
    now,
    request: { strategy: 'swap' },
    facts: { strategy: 'swap', targetExisted: true, swappedAt: SWAPPED_AT, retiredDeleteStarted: true },
    operation: released ? { targetReleasedAt: SWAPPED_AT } : {},
  });
}

describe('retire and delete-retired', () => {
  it.each<['retire' | 'delete-retired', boolean, Record<string, unknown>]>([
    ['retire', true, { type: 'succeed', facts: { retiredDeleted: true } }],
    ['delete-retired', true, { type: 'succeed', facts: { retiredDeleted: true } }],
    // In retire before the refresh was delivered at the swap: it still archives and announces.
    ['retire', false, { type: 'advance', next: 'archive-snapshot', facts: { retiredDeleted: true } }],
    ['delete-retired', false, { type: 'advance', next: 'archive-snapshot', facts: { retiredDeleted: true } }],
  ])('%s, the retired cluster gone (target released: %s), ends the operation as it was delivered', async (step, released, expected) => {
    // Act: the fake RDS knows no cluster under the retired name.
    const outcome = await runAsEngine(step === 'retire' ? retireStep : deleteRetiredStep, context(step, released));

    // Assess
    expect(outcome).toEqual(expected);
  });

  it('keeps the retired cluster until the window ends, saying the refresh was delivered', async () => {
    // Act: an hour after the swap, with the default 24 h window.
    const outcome = await runAsEngine(retireStep, context('retire', true, new Date('2026-11-25T06:00:00Z')));

    // Assess
    expect(outcome).toMatchObject({
      type: 'wait',
      timer: true,
      delaySeconds: 23 * 3600,
      reason: `the refresh was delivered at ${SWAPPED_AT}; keeping the retired cluster ${RETIRED} until 2026-11-26T05:00:00.000Z (swap.keepRetiredHours 24); {"command":"rollback"} swaps it back until then`,
    });
  });
});
