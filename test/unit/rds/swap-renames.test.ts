import { buildClusterId, buildInstanceId, retiredId, shortOperationId, swapIdentifier } from '../../../src/rds/naming';
import { OPERATION_TAG_KEY } from '../../../src/constants';
import { renameCommand, retiredClusterRemains, rollbackDecision, rollbackRenames, swapRenames } from '../../../src/rds/swap-renames';
import type { Facts, Operation } from '../../../src/store/operation';
import { request } from '../../support/factories';

const OPERATION_ID = '20261201-030000-a1b2c3';

function operation(facts: Partial<Facts>, step: Operation['step'] = 'retire', overrides: Parameters<typeof request>[0] = {}): Operation {
  return {
    operationId: OPERATION_ID,
    target: 'staging',
    createdAt: '2026-12-01T03:00:00.000Z',
    updatedAt: '2026-12-01T03:00:00.000Z',
    status: 'RUNNING',
    step,
    token: 'token-0001',
    version: 3,
    request: request({
      strategy: 'swap',
      target: { clusterId: 'staging', instances: [{ id: 'staging-1', instanceClass: 'db.r6g.large' }, { id: 'staging-2', instanceClass: 'db.r6g.large' }] },
      ...overrides,
    }),
    facts: { strategy: 'swap', targetExisted: true, targetInstanceIds: ['staging-1'], ...facts },
    stepRuns: {},
    totalChecks: 0,
  };
}

describe('swap names', () => {
  it.each<[string, string, 'next' | 'retired', string]>([
    ['a short id gets the suffix', 'staging', 'next', 'staging-next-a1b2c3'],
    ['an instance the same rule', 'staging-1', 'retired', 'staging-1-retired-a1b2c3'],
    ['a 63-character id is cut to fit, the suffix kept', 'a'.repeat(63), 'next', `${'a'.repeat(51)}-next-a1b2c3`],
    ['a cut that would end on a hyphen drops it', `${'a'.repeat(47)}-bbbbbbbbbbbbbbb`, 'retired', `${'a'.repeat(47)}-retired-a1b2c3`],
  ])('%s', (_case, base, role, expected) => {
    const id = swapIdentifier(base, role, OPERATION_ID);
    expect(id).toBe(expected);
    expect(id.length).toBeLessThanOrEqual(63);
  });

  it('builds under the target names with replace, beside it with swap', () => {
    const swap = operation({});
    const replace = operation({ strategy: 'replace' });
    expect([buildClusterId(swap), buildInstanceId(swap, 'staging-1')]).toEqual(['staging-next-a1b2c3', 'staging-1-next-a1b2c3']);
    expect([buildClusterId(replace), buildInstanceId(replace, 'staging-1')]).toEqual(['staging', 'staging-1']);
    expect(shortOperationId('kdeadbeef-0a1b2c')).toBe('0a1b2c');
  });
});

describe('swapRenames', () => {
  it('renames the old target away first, the new cluster in, then the old instances away before the new ones take their ids', () => {
    expect(swapRenames(operation({})).map(renameCommand)).toEqual([
      'aws rds modify-db-cluster --db-cluster-identifier staging --new-db-cluster-identifier staging-retired-a1b2c3 --apply-immediately',
      'aws rds modify-db-cluster --db-cluster-identifier staging-next-a1b2c3 --new-db-cluster-identifier staging --apply-immediately',
      'aws rds modify-db-instance --db-instance-identifier staging-1 --new-db-instance-identifier staging-1-retired-a1b2c3 --apply-immediately',
      'aws rds modify-db-instance --db-instance-identifier staging-1-next-a1b2c3 --new-db-instance-identifier staging-1 --apply-immediately',
      'aws rds modify-db-instance --db-instance-identifier staging-2-next-a1b2c3 --new-db-instance-identifier staging-2 --apply-immediately',
    ]);
  });

  it('has nothing to retire when the target did not exist', () => {
    expect(swapRenames(operation({ targetExisted: false })).map((rename) => `${rename.from}>${rename.to}`)).toEqual(['staging-next-a1b2c3>staging', 'staging-1-next-a1b2c3>staging-1', 'staging-2-next-a1b2c3>staging-2']);
  });

  it('undoes the issued renames only, last first', () => {
    expect(rollbackRenames(operation({}), 2).map((rename) => `${rename.from}>${rename.to}`)).toEqual(['staging>staging-next-a1b2c3', `${retiredId({ operationId: OPERATION_ID }, 'staging')}>staging`]);
  });
});

describe('rollbackDecision', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const swapped = { swappedAt: '2026-12-01T09:00:00Z', swappedInResourceId: 'cluster-NEWONE' };
  /** The cluster this operation swapped in, as described under the target's name. */
  const ours = { resourceId: 'cluster-NEWONE', tags: { [OPERATION_TAG_KEY]: OPERATION_ID } };

  it('sends a completed swap whose retired cluster is kept, and whose swapped-in cluster still serves, to the rollback step', () => {
    expect(rollbackDecision(operation(swapped), now, ours)).toEqual({
      step: 'rollback',
      facts: { swapRollback: { cause: 'command', reason: 'rollback command at 2026-12-01T10:00:00.000Z' }, rollbackRenamesIssued: 0 },
    });
  });

  it.each<[string, Operation, Parameters<typeof rollbackDecision>[2], RegExp]>([
    ['a replace', operation({ strategy: 'replace' }), ours, /not a swap/],
    ['a swap not done yet', operation({}, 'check-restore-status'), undefined, /swap has not happened/],
    ['a swap whose retired cluster is being deleted', operation({ ...swapped, retiredDeleteStarted: true }, 'delete-retired'), ours, /keep window is over: the retired cluster staging-retired-a1b2c3/],
    ['a swap already rolled back', operation({ ...swapped, rolledBackAt: '2026-12-01T09:30:00Z' }, 'rollback'), ours, /already rolled back/],
    ['a swap without an old target', operation({ ...swapped, targetExisted: false }), ours, /no old target/],
    ['a swap whose target name answers to no cluster now', operation(swapped), undefined, /no cluster answers to staging now/],
    [
      'a swap whose target a newer swap replaced (another operation\'s cluster)',
      operation(swapped),
      { resourceId: 'cluster-NEWER', tags: { [OPERATION_TAG_KEY]: '20261202-030000-d4e5f6' } },
      /the cluster under the name staging is no longer the one this operation swapped in \(resource id cluster-NEWER, swapped in cluster-NEWONE\): a newer refresh replaced it/,
    ],
    ['a swap whose target carries its tag but another resource id', operation(swapped), { resourceId: 'cluster-OTHER', tags: { [OPERATION_TAG_KEY]: OPERATION_ID } }, /no longer the one this operation swapped in/],
    ['a swap from before the resource id was recorded, another operation\'s cluster serving', operation({ swappedAt: '2026-12-01T09:00:00Z' }), { resourceId: 'cluster-NEWER', tags: {} }, /no longer the one this operation swapped in/],
  ])('refuses %s, saying why', (_case, subject, serving, reason) => {
    const decision = rollbackDecision(subject, now, serving);
    expect('refused' in decision && decision.refused).toMatch(reason);
  });
});

describe('retiredClusterRemains', () => {
  it.each<[string, Operation, boolean]>([
    ['a completed swap keeping its retired cluster', operation({ swappedAt: '2026-12-01T09:00:00Z' }, 'sns-notification'), true],
    ['a swap whose retired cluster is deleted already', operation({ swappedAt: '2026-12-01T09:00:00Z', retiredDeleted: true }, 'sns-notification'), false],
    ['a swap without an old target', operation({ swappedAt: '2026-12-01T09:00:00Z', targetExisted: false }, 'sns-notification'), false],
    ['a swap not done', operation({}, 'sns-notification'), false],
    ['a replace', operation({ strategy: 'replace', swappedAt: '2026-12-01T09:00:00Z' }, 'sns-notification'), false],
    ['a dry run', operation({ swappedAt: '2026-12-01T09:00:00Z' }, 'sns-notification', { dryRun: true }), false],
  ])('%s', (_case, subject, expected) => {
    expect(retiredClusterRemains(subject)).toBe(expected);
  });
});
