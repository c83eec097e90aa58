import type { StepName } from '../../../../src/constants';
import type { Step } from '../../../../src/engine/step';
import { VirtualClock } from '../../../../src/local/virtual-clock';
import { SimulatedAurora } from '../../../../src/simulation/simulated-aurora';
import { checkRestoreStatusStep } from '../../../../src/steps/check-restore-status';
import { copySnapshotStep } from '../../../../src/steps/copy-snapshot';
import { deleteRdsStep } from '../../../../src/steps/delete-rds';
import { restoreSnapshotStep } from '../../../../src/steps/restore-snapshot';
import type { Facts } from '../../../../src/store/operation';
import { HOME, NOW, OPERATION_ID, requestInput, stepContext } from './support/step-context';
import { runAsEngine } from '../../../support/run-as-engine';

/**
 * At-least-once delivery means any step may run twice on the same state. Against the simulated
 * Aurora, the second run must find its own work and make no second write.
 */
function world(): { aurora: SimulatedAurora; clock: VirtualClock } {
  const clock = new VirtualClock(NOW);
  const aurora = new SimulatedAurora({ clock, accountId: HOME.accountId, region: HOME.region, timings: { spread: 0 } });
  aurora.addSnapshot({ id: 'prod-nightly', clusterId: 'prod', createdAt: new Date(NOW.getTime() - 3_600_000), sizeGb: 100 });
  aurora.addCluster({ id: 'staging', tags: { 'aurora-restore:managed': 'true' }, instances: [{ id: 'staging-1' }] });
  return { aurora, clock };
}

async function twice(step: Step, name: StepName, aurora: SimulatedAurora, facts: Facts, request = requestInput()) {
  const first = await step(stepContext({ step: name, rds: aurora, facts, request }));
  const writesAfterFirst = aurora.writeCalls().length;
  const second = await step(stepContext({ step: name, rds: aurora, facts, request }));
  return { first, second, secondWrites: aurora.writeCalls().slice(writesAfterFirst).map((call) => `${call.operation} ${call.result}`) };
}

describe('RDS steps run twice', () => {
  it('copy-snapshot adopts the copy it made', async () => {
    // Prepare
    const { aurora } = world();
    const facts: Facts = { sourceSnapshotId: 'prod-nightly', sourceSnapshotArn: 'arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:prod-nightly', snapshotType: 'manual' };

    // Act
    const { first, second, secondWrites } = await twice(copySnapshotStep, 'copy-snapshot', aurora, facts, requestInput({ copy: { mode: 'always' } }));

    // Assess
    expect(first).toMatchObject({ type: 'advance', facts: { copyAdopted: false } });
    expect(second).toMatchObject({ type: 'advance', facts: { copyAdopted: true, copySnapshotId: `aurora-restore-staging-${OPERATION_ID}` } });
    expect(secondWrites).toEqual([]);
  });

  it('delete-rds sees the deletion under way and deletes nothing again', async () => {
    // Prepare
    const { aurora } = world();

    // Act
    const { first, second, secondWrites } = await twice(deleteRdsStep, 'delete-rds', aurora, { restoreSnapshotId: 'prod-nightly' });

    // Assess
    expect(first).toMatchObject({ type: 'advance', next: 'check-delete-status' });
    expect(second).toMatchObject({ type: 'advance', next: 'check-delete-status' });
    expect(secondWrites).toEqual([]);
  });

  it('restore-snapshot adopts the cluster it restored', async () => {
    // Prepare: the old target is gone (a first run)
    const aurora = new SimulatedAurora({ clock: new VirtualClock(NOW), accountId: HOME.accountId, region: HOME.region });
    aurora.addSnapshot({ id: 'prod-nightly', clusterId: 'prod', createdAt: NOW, sizeGb: 100 });

    // Act
    const { first, second, secondWrites } = await twice(restoreSnapshotStep, 'restore-snapshot', aurora, { restoreSnapshotId: 'prod-nightly' });

    // Assess
    expect(first).toMatchObject({ type: 'advance', facts: { clusterAdopted: false } });
    expect(second).toMatchObject({ type: 'advance', facts: { clusterAdopted: true } });
    expect(secondWrites).toEqual([]);
  });

  it('check-restore-status creates each instance once', async () => {
    // Prepare
    const clock = new VirtualClock(NOW);
    const aurora = new SimulatedAurora({ clock, accountId: HOME.accountId, region: HOME.region, timings: { spread: 0 } });
    aurora.addSnapshot({ id: 'prod-nightly', clusterId: 'prod', createdAt: NOW, sizeGb: 100 });
    await runAsEngine(restoreSnapshotStep, stepContext({ step: 'restore-snapshot', rds: aurora, facts: { restoreSnapshotId: 'prod-nightly' } }));
    clock.advanceBy(3_600_000);

    // Act
    const { first, second, secondWrites } = await twice(checkRestoreStatusStep, 'check-restore-status', aurora, {});

    // Assess
    expect(first).toMatchObject({ type: 'wait', facts: { createdInstanceIds: ['staging-1'] } });
    expect(second).toMatchObject({ type: 'wait', reason: 'cluster staging is available; waiting for instances: staging-1 creating' });
    expect(secondWrites).toEqual([]);
  });
});
