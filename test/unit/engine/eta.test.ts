import { estimateCompletion } from '../../../src/engine/eta';

const start = new Date('2026-11-25T00:00:00Z');
const at = (minutes: number, percent: number) => ({ at: new Date(start.getTime() + minutes * 60_000).toISOString(), percent });
const minutesOf = (date: Date | undefined) => (date === undefined ? undefined : Math.round((date.getTime() - start.getTime()) / 60_000));

describe('estimateCompletion', () => {
  it.each([
    ['steady: 10 % per hour, one sample', [at(60, 10)], 600],
    ['steady: 10 % per hour, several samples', [at(60, 10), at(180, 30), at(300, 50)], 600],
    ['accelerating: the recent window wins', [at(60, 5), at(120, 10), at(180, 40)], 300],
    ['decelerating: the recent window wins', [at(60, 40), at(120, 50), at(180, 55)], 720],
    ['already complete', [at(60, 50), at(90, 100)], 90],
  ])('%s', (_case, samples, expectedMinutes) => {
    expect(minutesOf(estimateCompletion(samples, start)?.eta)).toBe(expectedMinutes);
  });

  it.each([
    ['absent: no sample', []],
    ['absent: no movement from 0 %', [at(15, 0), at(45, 0)]],
    ['stalled: stuck at 40 % for longer than the rate allows', [at(60, 20), at(120, 40), at(300, 40)]],
  ])('gives no estimate when %s', (_case, samples) => {
    expect(estimateCompletion(samples, start)).toBeUndefined();
  });

  it('does not call a short pause a stall (integer percent moves slowly)', () => {
    // 1 % per 15 min; two samples 10 min apart at the same percent are normal.
    expect(minutesOf(estimateCompletion([at(60, 4), at(70, 4)], start)?.eta)).toBe(Math.round(70 + 96 * (70 / 4)));
  });
});
