import { RdsError, type AccountQuotas } from '../../../../src/ports/rds';
import { quotaProblems } from '../../../../src/steps/preflight/quota-checks';
import { fakeCluster, FakeRds } from '../../../support/fake-rds';
import { stepContext } from '../../../support/step-context';

const TWO_INSTANCES = { clusterId: 'staging-orders', instances: [{ id: 'staging-orders-1', instanceClass: 'db.r6g.large' }, { id: 'staging-orders-2', instanceClass: 'db.r6g.large' }] };

function contextWith(quotas: AccountQuotas | Error) {
  const rds = new FakeRds();
  rds.accountQuotas = jest.fn(async () => {
    if (quotas instanceof Error) throw quotas;
    return quotas;
  });
  return stepContext({ step: 'preflight', request: { target: TWO_INSTANCES }, ports: { rds } });
}

/** The old target, with one instance. */
const TARGET = fakeCluster();

describe('preflight: room in the account quotas', () => {
  it.each<[string, 'replace' | 'swap', boolean, AccountQuotas, RegExp | undefined]>([
    ['replace of an existing target at the cluster quota: the delete makes room', 'replace', true, { clusters: { used: 40, max: 40 }, instances: { used: 38, max: 40 } }, undefined],
    ['replace with one instance more than the old target, at the instance quota', 'replace', true, { clusters: { used: 10, max: 40 }, instances: { used: 40, max: 40 } }, /40 of their 40 DB instances; the refresh needs 1 more/],
    ['replace of a target that does not exist yet, at the cluster quota', 'replace', false, { clusters: { used: 40, max: 40 } }, /40 of their 40 DB clusters; the refresh needs 1 more\. Delete/],
    ['swap with room for one more cluster and its instances', 'swap', true, { clusters: { used: 39, max: 40 }, instances: { used: 38, max: 40 } }, undefined],
    ['swap at the cluster quota', 'swap', true, { clusters: { used: 40, max: 40 } }, /DB clusters; the refresh needs 1 more \(swap builds the new cluster beside the old target\)/],
    ['swap with room for one instance of two', 'swap', true, { instances: { used: 39, max: 40 } }, /39 of their 40 DB instances; the refresh needs 2 more/],
    ['a quota RDS does not report', 'swap', true, {}, undefined],
    ['a maximum of 0, which no real account has', 'swap', true, { clusters: { used: 3, max: 0 }, instances: { used: 3, max: 0 } }, undefined],
  ])('%s', async (_case, strategy, exists, quotas, expected) => {
    // Act
    const problems = await quotaProblems(contextWith(quotas), exists ? TARGET : undefined, strategy, 2);

    // Assess
    if (expected === undefined) expect(problems).toEqual([]);
    else expect(problems).toEqual([expect.stringMatching(expected)]);
  });

  it('names the quota to raise', async () => {
    const [problem] = await quotaProblems(contextWith({ clusters: { used: 40, max: 40 } }), undefined, 'replace', 2);
    expect(problem).toMatch(/^target: .*raise the RDS quota "DB clusters" in Service Quotas/);
  });

  it.each([
    ['may not be read', new RdsError('AccessDenied', 'not authorized to perform rds:DescribeAccountAttributes')],
    ['are still throttled after the SDK retried', new RdsError('Throttling', 'Rate exceeded')],
    ['are not implemented by the endpoint', new RdsError('InternalFailure', 'The DescribeAccountAttributes action has not been implemented')],
  ])('goes on, with a warning, when the quotas %s', async (_case, error) => {
    const context = contextWith(error);
    expect(await quotaProblems(context, TARGET, 'swap', 2)).toEqual([]);
    expect(context.logLines.some((line) => line.includes('the account quotas could not be read'))).toBe(true);
  });
});
