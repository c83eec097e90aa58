import { runStatus, type StatusStore } from '../../../src/cli/status';
import type { Operation, OperationSummary } from '../../../src/store/operation';
import { summarize } from '../../../src/store/operation';
import { request } from '../../support/factories';

const RUNNING: Operation = {
  operationId: '20261125-030000-a1b2c3',
  target: 'staging-orders',
  createdAt: '2026-11-25T03:00:00.000Z',
  updatedAt: '2026-11-25T05:00:00.000Z',
  status: 'RUNNING',
  step: 'check-copy-status',
  token: 'token-check-copy-1',
  version: 7,
  request: request({ requestedBy: 'nightly:staging' }),
  facts: { sourceSnapshotId: 'rds:prod-orders-2026-11-25-02-00', sizeGb: 9216, copyNeeded: true },
  stepRuns: {
    'snapshot-check': { attempts: 1, checks: 0, startedAt: '2026-11-25T03:00:00.000Z', endedAt: '2026-11-25T03:00:01.000Z', durationMs: 1000 },
    'check-copy-status': { attempts: 1, checks: 4, startedAt: '2026-11-25T03:00:05.000Z' },
  },
  progress: [{ at: '2026-11-25T05:00:00.000Z', percent: 42 }],
  waitReason: 'snapshot copy at 42 %',
  nextCheckAt: '2026-11-25T06:00:00.000Z',
  totalChecks: 4,
};

const FAILED: Operation = {
  ...RUNNING,
  operationId: '20261124-030000-d4e5f6',
  createdAt: '2026-11-24T03:00:00.000Z',
  status: 'FAILED',
  step: 'delete-rds',
  finishedAt: '2026-11-24T03:10:00.000Z',
  error: { name: 'StepFailedError', message: 'staging-orders lacks the managed tag', step: 'delete-rds', causes: [], at: '2026-11-24T03:10:00.000Z' },
};

function fakeStore(operations: Operation[]): StatusStore & { listCalls: [string, number][] } {
  const listCalls: [string, number][] = [];
  return {
    listCalls,
    get: async (id) => operations.find((op) => op.operationId === id),
    listByTarget: async (target, limit): Promise<OperationSummary[]> => {
      listCalls.push([target, limit]);
      return operations.filter((op) => op.target === target).map(summarize);
    },
  };
}

async function run(argv: string[], store = fakeStore([RUNNING, FAILED])) {
  const lines: string[] = [];
  const code = await runStatus(argv, { environment: {}, write: (line) => lines.push(line), store });
  return { code, output: lines.join('\n'), store };
}

describe('npm run status', () => {
  it('shows one operation: status, wait, progress, per-step runs and facts', async () => {
    // Act
    const { code, output } = await run(['20261125-030000-a1b2c3']);

    // Assess
    expect(code).toBe(0);
    expect(output).toContain('Operation 20261125-030000-a1b2c3: RUNNING at step check-copy-status');
    expect(output).toContain('by nightly:staging');
    expect(output).toMatch(/waiting +snapshot copy at 42 %/);
    expect(output).toMatch(/progress +42 %/);
    expect(output).toMatch(/next check 2026-11-25T06:00:00.000Z/);
    expect(output).toMatch(/snapshot-check +2026-11-25T03:00:00.000Z → 2026-11-25T03:00:01.000Z +1 s +attempts 1, checks 0/);
    expect(output).toMatch(/check-copy-status +2026-11-25T03:00:05.000Z \(running\)/);
    expect(output).toMatch(/sourceSnapshotId +rds:prod-orders-2026-11-25-02-00/);
    expect(output).toMatch(/sizeGb +9216/);
  });

  it('shows the error of a failed operation', async () => {
    const { output } = await run(['20261124-030000-d4e5f6']);
    expect(output).toMatch(/error +StepFailedError at delete-rds: staging-orders lacks the managed tag/);
  });

  it('prints the stored item as JSON with --json', async () => {
    const { output } = await run(['20261125-030000-a1b2c3', '--json']);
    expect(JSON.parse(output)).toEqual(RUNNING);
  });

  it("lists a target's newest operations", async () => {
    // Act
    const { code, output, store } = await run(['--target', 'Staging-Orders', '--limit', '5']);

    // Assess
    expect(code).toBe(0);
    expect(store.listCalls).toEqual([['staging-orders', 5]]);
    expect(output.split('\n')).toEqual([
      'Newest operations on Staging-Orders:',
      expect.stringMatching(/^ +20261125-030000-a1b2c3 +RUNNING +check-copy-status +created 2026-11-25T03:00:00.000Z, next check 2026-11-25T06:00:00.000Z 42 %$/),
      expect.stringMatching(/^ +20261124-030000-d4e5f6 +FAILED +delete-rds +created 2026-11-24T03:00:00.000Z, finished 2026-11-24T03:10:00.000Z$/),
    ]);
  });

  it.each([
    [['20990101-000000-ffffff'], 1, /No operation 20990101-000000-ffffff in table aurora-restore-dev-operations/],
    [['--stage', 'prod', '20990101-000000-ffffff'], 1, /in table aurora-restore-prod-operations/],
    [['NOT AN ID'], 2, /NOT AN ID is not an operation id/],
    [[], 2, /Usage:/],
    [['20261125-030000-a1b2c3', '--target', 'x'], 2, /Usage:/],
    [['--target', 'x', '--limit', '0'], 2, /Usage:/],
    [['--colour'], 2, /Unknown option '--colour'/],
  ])('%j exits %d', async (argv, expectedCode, message) => {
    const { code, output } = await run(argv);
    expect(code).toBe(expectedCode);
    expect(output).toMatch(message);
  });
});
