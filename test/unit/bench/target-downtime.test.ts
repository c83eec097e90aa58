import { targetUnavailableMs } from '../../../src/bench/target-downtime';
import type { SimulatedCall } from '../../../src/simulation/call-log';
import type { SimulatedCompletion } from '../../../src/simulation/simulation-context';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 3, minutes));
const call = (minutes: number, operation: SimulatedCall['operation'], resource: string, result = 'ok'): SimulatedCall => ({ at: at(minutes), operation, resource, write: true, result });
const done = (minutes: number, kind: SimulatedCompletion['kind'], id: string): SimulatedCompletion => ({ at: at(minutes), kind, id });

describe('targetUnavailableMs', () => {
  it.each<[string, SimulatedCall[], SimulatedCompletion[], number | undefined]>([
    [
      'replace: from the first instance delete to the restored writer available',
      [call(0, 'copyClusterSnapshot', 'copy'), call(10, 'deleteInstance', 'staging-1'), call(11, 'deleteCluster', 'staging')],
      [done(5, 'instance-available', 'staging-1'), done(30, 'cluster-available', 'staging'), done(55, 'instance-available', 'staging-1'), done(57, 'instance-available', 'staging-2')],
      45 * 60_000,
    ],
    [
      'swap: from the old target renamed away to the new cluster renamed into the name',
      [call(50, 'renameCluster', 'staging'), call(53, 'renameCluster', 'staging-next-a1b2c3')],
      [done(40, 'instance-available', 'staging-1-next-a1b2c3'), done(52, 'cluster-renamed', 'staging-retired-a1b2c3'), done(55, 'cluster-renamed', 'staging'), done(58, 'instance-renamed', 'staging-1')],
      5 * 60_000,
    ],
    ['a refused rename takes nothing away', [call(50, 'renameCluster', 'staging', 'InvalidParameterCombination')], [], undefined],
    ['a target never given back', [call(50, 'renameCluster', 'staging')], [done(52, 'cluster-renamed', 'staging-retired-a1b2c3')], undefined],
  ])('%s', (_case, calls, completions, expected) => {
    expect(targetUnavailableMs(calls, completions, 'staging', ['staging-1', 'staging-2'])).toBe(expected);
  });
});
