import { expectationProblem } from '../../../src/steps/verify';

describe('expectationProblem', () => {
  it.each<[string, Parameters<typeof expectationProblem>[0], Parameters<typeof expectationProblem>[1], string | undefined]>([
    ['no row, as expected', { empty: true }, { rowCount: 0 }, undefined],
    ['rows where none may be', { empty: true }, { rowCount: 3, firstValue: 'x' }, 'expected no row, got 3'],
    ['a count in range', { rows: { min: 1, max: 5 } }, { rowCount: 5, firstValue: 1 }, undefined],
    ['too few rows', { rows: { min: 1 } }, { rowCount: 0 }, 'expected at least 1 rows, got 0'],
    ['too many rows', { rows: { max: 2 } }, { rowCount: 3, firstValue: 1 }, 'expected at most 2 rows, got 3'],
    ['a bigint sent as text equals a number', { equals: 42 }, { rowCount: 1, firstValue: '42' }, undefined],
    ['a different number', { equals: 42 }, { rowCount: 1, firstValue: '41' }, 'expected 42, got "41"'],
    ['a boolean', { equals: true }, { rowCount: 1, firstValue: true }, undefined],
    ['an empty text is not 0', { equals: 0 }, { rowCount: 1, firstValue: '' }, 'expected 0, got ""'],
    ['a value expected, no row', { equals: 'ok' }, { rowCount: 0 }, 'expected "ok", got no row'],
    ['null equals null', { equals: null }, { rowCount: 1, firstValue: null }, undefined],
  ])('%s', (_case, expect_, result, problem) => {
    expect(expectationProblem(expect_, result)).toBe(problem);
  });
});
