import { copySnapshotId, finalSnapshotId, isValidSnapshotId } from '../../../src/rds/naming';

describe('snapshot names', () => {
  it.each([
    ['staging', '20261125-030000-a1b2c3', 'aurora-restore-staging-20261125-030000-a1b2c3'],
    ['staging', 'k1a2b3c4d-abcdef', 'aurora-restore-staging-k1a2b3c4d-abcdef'],
  ])('derives the copy of %s in operation %s deterministically', (target, operationId, expected) => {
    // Act
    const first = copySnapshotId(target, operationId);
    const second = copySnapshotId(target, operationId);

    // Assess
    expect(first).toBe(expected);
    expect(second).toBe(first);
    expect(isValidSnapshotId(first)).toBe(true);
  });

  it('keeps the longest target name within RDS\'s 255 characters and rules', () => {
    // Prepare
    const target = `a${'b-'.repeat(30)}c`;

    // Act
    const copy = copySnapshotId(target, '20261125-030000-a1b2c3');
    const final = finalSnapshotId(target, '20261125-030000-a1b2c3');

    // Assess
    expect(copy.length).toBeLessThanOrEqual(255);
    expect(isValidSnapshotId(copy)).toBe(true);
    expect(isValidSnapshotId(final)).toBe(true);
  });

  it('names the final snapshot differently from the copy, per operation', () => {
    // Act
    const final = finalSnapshotId('staging', '20261125-030000-a1b2c3');
    const nextNight = finalSnapshotId('staging', '20261126-030000-d4e5f6');

    // Assess
    expect(final).toBe('aurora-restore-final-staging-20261125-030000-a1b2c3');
    expect(nextNight).not.toBe(final);
    expect(final).not.toBe(copySnapshotId('staging', '20261125-030000-a1b2c3'));
  });

  it.each([
    ['starts with a digit', '1abc', false],
    ['has two hyphens in a row', 'a--b', false],
    ['ends with a hyphen', 'abc-', false],
    ['is 256 characters', `a${'b'.repeat(255)}`, false],
    ['has a colon', 'rds:prod', false],
    ['is a plain name', 'prod-nightly-1', true],
  ])('a snapshot id that %s is valid: %s', (_case, id, valid) => {
    // Act
    const result = isValidSnapshotId(id);

    // Assess
    expect(result).toBe(valid);
  });
});
