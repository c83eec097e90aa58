import { progressBar, timeFromNow } from '../../../src/cli/view/progress-bar';
import { createStyle } from '../../../src/cli/view/style';
import { nextCommands } from '../../../src/cli/view/operation-view';
import type { Operation } from '../../../src/store/operation';

describe('progressBar', () => {
  it.each([
    [0, 10, '[░░░░░░░░░░]   0 %'],
    [42, 10, '[████░░░░░░]  42 %'],
    [100, 10, '[██████████] 100 %'],
    [130, 4, '[████] 100 %'],
    [-5, 4, '[░░░░]   0 %'],
  ])('%d %% over %d cells is %s', (percent, width, expected) => {
    expect(progressBar(percent, width)).toBe(expected);
  });
});

describe('timeFromNow', () => {
  const now = new Date('2026-11-25T06:00:00.000Z');
  it.each([
    ['2026-11-25T09:30:00.000Z', '2026-11-25 09:30:00Z (in 3.5 h)'],
    ['2026-11-25T05:48:00.000Z', '2026-11-25 05:48:00Z (12 min ago)'],
    ['2026-11-25T06:00:00.500Z', '2026-11-25 06:00:00Z (now)'],
    ['2026-11-29T06:00:00.000Z', '2026-11-29 06:00:00Z (in 4.0 d)'],
  ])('%s is %s', (iso, expected) => {
    expect(timeFromNow(iso, now)).toBe(expected);
  });
});

describe('createStyle', () => {
  it.each([
    [true, {}, true],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [true, { TERM: 'dumb' }, false],
    [false, {}, false],
  ])('on a TTY %s with %j colours: %s', (isTty, environment, coloured) => {
    // Act
    const style = createStyle(isTty, environment);

    // Assess
    expect(style.enabled).toBe(coloured);
    expect(style.status('FAILED').includes('\u001b[')).toBe(coloured);
    expect(style.status('FAILED').replace(/\u001b\[\d+m/g, '')).toBe('FAILED');
  });
});

describe('nextCommands', () => {
  const operation = (status: Operation['status']) => ({ operationId: '20261125-030000-a1b2c3', status, step: 'delete-rds' }) as Operation;
  it.each([
    ['RUNNING', ['follow it:  aurora-restore watch 20261125-030000-a1b2c3 --stage prod', 'stop it:    aurora-restore cancel 20261125-030000-a1b2c3 --stage prod']],
    ['FAILED', ['fix the cause above, then resume it from delete-rds:  aurora-restore resume 20261125-030000-a1b2c3 --stage prod']],
    ['CANCELLED', ['resume it from delete-rds:  aurora-restore resume 20261125-030000-a1b2c3 --stage prod']],
    ['SUCCEEDED', []],
  ] as const)('for a %s operation: %j', (status, expected) => {
    expect(nextCommands(operation(status), { repeatFlags: ' --stage prod' })).toEqual(expected);
  });
});
