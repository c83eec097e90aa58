import { RdsError, type Cluster } from '../../../../src/ports/rds';
import { cloneLimitProblems } from '../../../../src/steps/preflight/clone-checks';
import { fakeCluster, FakeRds } from '../../../support/fake-rds';
import { stepContext } from '../../../support/step-context';

const clone = (id: string): Cluster => fakeCluster({ id, arn: `arn:aws:rds:eu-west-1:111111111111:cluster:${id}`, cloneGroupId: 'group-prod' });
const PROD = clone('prod-orders');
const TARGET = clone('staging-orders');

function contextWith(clusters: Cluster[] | Error, source: object = { type: 'clone', clusterId: 'prod-orders' }) {
  const rds = new FakeRds({ clusters: clusters instanceof Error ? [PROD] : clusters });
  if (clusters instanceof Error) rds.listClusters = jest.fn(async () => Promise.reject(clusters));
  return stepContext({ step: 'preflight', request: { source, copy: { mode: 'never' } } as never, ports: { rds } });
}

/** The source, the target and `others` more clones of the source. */
const world = (others: number) => [PROD, TARGET, ...Array.from({ length: others }, (_, index) => clone(`prod-clone-${index + 1}`))];

describe("preflight: a place among the source's copy-on-write clones", () => {
  it.each<[string, number, 'replace' | 'swap', object | undefined, boolean]>([
    ['14 clones and the target (a clone itself), replaced: its delete frees a place', 14, 'replace', undefined, false],
    ['14 clones and the target, swapped: the target stays until the new cluster is built', 14, 'swap', undefined, true],
    ['13 clones and the target, swapped', 13, 'swap', undefined, false],
    ['15 clones, but a full-copy point-in-time restore, which makes no clone', 15, 'replace', { type: 'point-in-time', clusterId: 'prod-orders' }, false],
  ])('%s', async (_case, others, strategy, source, refused) => {
    const problems = await cloneLimitProblems(contextWith(world(others), source), TARGET, strategy);
    expect(problems).toEqual(refused ? [expect.stringMatching(/^source\.type: cluster prod-orders already has 15 copy-on-write clones/)] : []);
  });

  it('goes on, with a warning, when the clusters cannot be listed', async () => {
    const context = contextWith(new RdsError('AccessDenied', 'not authorized'));
    expect(await cloneLimitProblems(context, TARGET, 'swap')).toEqual([]);
    expect(context.logLines.some((line) => line.includes("the source's clones could not be counted"))).toBe(true);
  });
});
