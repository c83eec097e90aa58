import { progressBar, timeFromNow } from '../../../src/cli/view/progress-bar';
import { createStyle } from '../../../src/cli/view/style';
import { listView } from '../../../src/cli/view/list-view';
import { nextCommands, operationView } from '../../../src/cli/view/operation-view';
import { summarize } from '../../../src/store/operation';
import { request } from '../../support/factories';
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

describe('an operation that delivered its refresh and keeps its retired cluster', () => {
  // A swap at retire: delivered at 04:00, keeping staging-retired-a1b2c3 until 04:00 the next day.
  const operation: Operation = {
    operationId: '20261125-030000-a1b2c3',
    target: 'staging',
    createdAt: '2026-11-25T03:00:00.000Z',
    updatedAt: '2026-11-25T04:00:00.000Z',
    status: 'RUNNING',
    step: 'retire',
    token: 't',
    version: 9,
    request: request({ strategy: 'swap', target: { clusterId: 'staging', instances: [{ id: 'staging-1', instanceClass: 'db.r6g.large' }] } }),
    facts: { strategy: 'swap', targetExisted: true, swappedAt: '2026-11-25T04:00:00.000Z' },
    stepRuns: { retire: { attempts: 1, checks: 1, startedAt: '2026-11-25T04:00:00.000Z' } },
    totalChecks: 1,
    nextCheckAt: '2026-11-26T04:00:00.000Z',
    targetReleasedAt: '2026-11-25T04:00:00.000Z',
  };
  const style = createStyle(false, {});

  it('is shown by status as delivered, with where the old target is kept and until when, and how to swap it back', () => {
    // Act
    const lines = operationView(operation, { now: new Date('2026-11-25T05:00:00.000Z'), style, repeatFlags: '' });

    // Assess
    expect(lines).toContain(
      '  delivered  2026-11-25 04:00:00Z after 60 min: the refresh is done and serves; it only tidies up now: the retired cluster staging-retired-a1b2c3 (the old target) is kept until 2026-11-26T04:00:00.000Z, then deleted; {"command":"rollback"} swaps it back until then',
    );
    expect(lines).toContain('  swap the old cluster back in:  aurora-restore rollback 20261125-030000-a1b2c3');
  });

  it('is listed as delivered and tidying up, not as a refresh in progress', () => {
    // Act
    const [, line] = listView([summarize(operation)], style, '');

    // Assess
    expect(line).toContain('refresh delivered 2026-11-25 04:00:00Z, tidying up, next check 2026-11-26 04:00:00Z');
  });
});
