import { carriedOverSettings, configurationOf, effectiveTarget } from '../../../src/rds/target-configuration';
import { request } from '../../support/factories';
import { fakeCluster } from '../../support/fake-rds';

const EXISTING = configurationOf(
  fakeCluster({ subnetGroup: 'staging-subnets', securityGroupIds: ['sg-0123456789abcdef0'], clusterParameterGroup: 'staging-pg16', port: 6432, iamDatabaseAuthentication: true }),
  [{ id: 'staging-orders-1', arn: 'arn:x', clusterId: 'staging-orders', status: 'available', instanceClass: 'db.r6g.xlarge', parameterGroup: 'staging-instance-pg', promotionTier: 1, tags: {} }],
);

describe('the existing target carried over where the request is silent', () => {
  it('builds the cluster it replaces: its groups, port, IAM authentication and instance settings', () => {
    // Act
    const target = effectiveTarget(request().target, EXISTING);

    // Assess
    expect(target).toMatchObject({ subnetGroup: 'staging-subnets', securityGroupIds: ['sg-0123456789abcdef0'], clusterParameterGroup: 'staging-pg16', port: 6432, iamDatabaseAuthentication: true });
    expect(target.instances[0]).toMatchObject({ id: 'staging-orders-1', parameterGroup: 'staging-instance-pg', promotionTier: 1 });
  });

  it('lets every request value win', () => {
    const base = request({ target: { clusterId: 'staging-orders', instances: [{ id: 'staging-orders-1', instanceClass: 'db.r6g.large', promotionTier: 3 }], subnetGroup: 'other-subnets', port: 5432 } });
    const target = effectiveTarget(base.target, EXISTING);
    expect(target).toMatchObject({ subnetGroup: 'other-subnets', port: 5432, clusterParameterGroup: 'staging-pg16' });
    expect(target.instances[0]).toMatchObject({ instanceClass: 'db.r6g.large', promotionTier: 3, parameterGroup: 'staging-instance-pg' });
  });

  it('says what it carries over, and what the request changes', () => {
    const lines = carriedOverSettings(request().target, EXISTING);
    expect(lines).toEqual(
      expect.arrayContaining(['subnetGroup "staging-subnets"', 'port 6432', 'instance staging-orders-1 parameterGroup "staging-instance-pg"', 'instance staging-orders-1 class changes from db.r6g.xlarge to db.r6g.large (as the request says)']),
    );
  });

  it('changes nothing when there was no target', () => {
    const base = request().target;
    expect(effectiveTarget(base, undefined)).toBe(base);
    expect(carriedOverSettings(base, undefined)).toEqual([]);
  });
});
