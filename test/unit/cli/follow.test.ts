import { CliError } from '../../../src/cli/cli-error';
import { exitCodeFor, followOperation } from '../../../src/cli/follow';
import type { Operation } from '../../../src/store/operation';

const op = (status: Operation['status'], version: number) => ({ operationId: '20261125-030000-a1b2c3', status, version }) as Operation;

/** Reads answered from a script; one read more than scripted fails the test. */
function scriptedReads(answers: (Operation | undefined)[]) {
  const remaining = [...answers];
  return async () => {
    if (remaining.length === 0) throw new Error('read once more than expected');
    return remaining.shift();
  };
}

describe('followOperation', () => {
  it('re-reads every interval until the operation ends, reporting each read', async () => {
    // Prepare
    let clock = 0;
    const sleeps: number[] = [];
    const seen: number[] = [];

    // Act
    const ended = await followOperation({
      read: scriptedReads([undefined, op('RUNNING', 1), op('RUNNING', 2), op('FAILED', 3)]),
      intervalMs: 5000,
      appearWithinMs: 60_000,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      now: () => new Date(clock),
      onRead: (operation) => seen.push(operation.version),
      neverAppeared: () => new CliError('never', 'fix', 5),
    });

    // Assess
    expect(ended).toMatchObject({ status: 'FAILED', version: 3 });
    expect(seen).toEqual([1, 2, 3]);
    expect(sleeps).toEqual([5000, 5000, 5000]);
  });

  it('stops following a swap once its refresh is delivered (the target released), exit code 0', async () => {
    // Prepare: running, then running with its target released (a day of tidy-up would follow).
    const delivered = { ...op('RUNNING', 3), targetReleasedAt: '2026-11-25T04:00:00.000Z' } as Operation;

    // Act
    const settled = await followOperation({
      read: scriptedReads([op('RUNNING', 2), delivered]),
      intervalMs: 5000,
      appearWithinMs: 0,
      sleep: async () => undefined,
      now: () => new Date(0),
      onRead: () => undefined,
      neverAppeared: () => new CliError('never', 'fix', 5),
    });

    // Assess: one read past the release would fail the scripted reads.
    expect(settled).toBe(delivered);
    expect(exitCodeFor(settled)).toBe(0);
    expect(() => exitCodeFor(op('RUNNING', 2))).toThrow(/still RUNNING/);
  });

  it('gives up on an operation that does not appear in time', async () => {
    let clock = 0;
    const following = followOperation({
      read: scriptedReads([undefined, undefined, undefined]),
      intervalMs: 30_000,
      appearWithinMs: 60_000,
      sleep: async (ms) => {
        clock += ms;
      },
      now: () => new Date(clock),
      onRead: () => {
        throw new Error('nothing to report');
      },
      neverAppeared: () => new CliError('never appeared', 'see the logs', 5),
    });
    await expect(following).rejects.toMatchObject({ message: 'never appeared', exitCode: 5 });
  });
});

describe('exitCodeFor', () => {
  it.each([
    ['SUCCEEDED', 0],
    ['FAILED', 1],
    ['CANCELLED', 2],
  ] as const)('%s exits %d', (status, code) => {
    expect(exitCodeFor(op(status, 1))).toBe(code);
  });
});
