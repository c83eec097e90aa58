import { roughDuration } from '../../../src/cli/rough-duration';
import { formatOffset, progressBar } from '../../../src/local/timeline-printer';

describe('timeline formatting', () => {
  it.each([
    [0, '+   00:00'],
    [75 * 60_000, '+   01:15'],
    [26 * 3_600_000 + 5 * 60_000, '+1d 02:05'],
  ])('shows an offset of %i ms as %s', (ms, text) => {
    expect(formatOffset(ms)).toBe(text);
  });

  it('has a compact form for inline use', () => {
    expect(formatOffset(75 * 60_000, true)).toBe('+01:15');
  });

  it.each([
    [45_000, '45 s'],
    [12 * 60_000, '12 min'],
    [3.5 * 3_600_000, '3.5 h'],
  ])('says %i ms as %s', (ms, text) => {
    expect(roughDuration(ms)).toBe(text);
  });

  it.each([
    [0, '[--------------------]   0 %'],
    [45, '[#########-----------]  45 %'],
    [100, '[####################] 100 %'],
    [130, '[####################] 130 %'],
  ])('draws %i %% as %s', (percent, bar) => {
    expect(progressBar(percent)).toBe(bar);
  });
});
