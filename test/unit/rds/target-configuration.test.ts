import { OPERATION_TAG_KEY } from '../../../src/constants';
import type { Instance } from '../../../src/ports/rds';
import { configurationOf, configurationPlan, effectiveTarget } from '../../../src/rds/target-configuration';
import type { Facts } from '../../../src/store/operation';
import { request } from '../../support/factories';
import { fakeCluster } from '../../support/fake-rds';

const OLD_INSTANCE: Instance = {
  id: 'staging-orders-1',
  arn: 'arn:x',
  clusterId: 'staging-orders',
  status: 'available',
  instanceClass: 'db.r6g.xlarge',
  parameterGroup: 'staging-instance-pg',
  promotionTier: 1,
  performanceInsights: { enabled: true, kmsKeyId: 'alias/pi', retentionDays: 31 },
  caCertificate: 'rds-ca-rsa4096-g1',
  tags: {},
};

/** An old target with every carried setting away from RDS's defaults. */
const OLD_SETTINGS = {
  subnetGroup: 'staging-subnets',
  securityGroupIds: ['sg-0123456789abcdef0'],
  clusterParameterGroup: 'staging-pg16',
  port: 6432,
  iamDatabaseAuthentication: true,
  engineVersion: '16.6',
  storageType: 'aurora-iopt1',
  cloudwatchLogsExports: ['postgresql'],
  backupRetentionDays: 14,
  preferredBackupWindow: '02:00-02:30',
  preferredMaintenanceWindow: 'sun:05:00-sun:05:30',
  deletionProtection: true,
  copyTagsToSnapshot: false,
};

const EXISTING = configurationOf(fakeCluster({ ...OLD_SETTINGS, tags: { team: 'orders', 'aws:cloudformation:stack-name': 'x', [OPERATION_TAG_KEY]: 'old-op' } }), [OLD_INSTANCE]);

/** The facts a restore sees: preflight's record of the old target, snapshot-check's engine version. */
const facts = (engineVersion: string | null = '16.4', configuration = EXISTING): Facts => ({ targetConfiguration: configuration, ...(engineVersion !== null ? { engineVersion } : {}) });

describe('the existing target carried over where the request is silent', () => {
  it('builds the cluster it replaces: every recorded cluster and instance setting', () => {
    // Act
    const target = effectiveTarget(request(), facts());

    // Assess
    expect(target).toMatchObject({ ...OLD_SETTINGS, tags: { team: 'orders' } });
    expect(target.instances[0]).toEqual(
      expect.objectContaining({ id: 'staging-orders-1', parameterGroup: 'staging-instance-pg', promotionTier: 1, performanceInsights: OLD_INSTANCE.performanceInsights, caCertificate: 'rds-ca-rsa4096-g1' }),
    );
  });

  it("keeps neither AWS's own tags nor this tool's", () => {
    expect(EXISTING.tags).toEqual({ team: 'orders' });
  });

  it('lets every request value win; tags are one setting', () => {
    const base = request({
      target: {
        clusterId: 'staging-orders',
        instances: [{ id: 'staging-orders-1', instanceClass: 'db.r6g.large', promotionTier: 3, caCertificate: 'rds-ca-ecc384-g1' }],
        subnetGroup: 'other-subnets',
        port: 5432,
        deletionProtection: false,
        storageType: 'aurora',
        tags: { owner: 'platform' },
      },
    });
    const target = effectiveTarget(base, facts());
    expect(target).toMatchObject({ subnetGroup: 'other-subnets', port: 5432, deletionProtection: false, storageType: 'aurora', clusterParameterGroup: 'staging-pg16', backupRetentionDays: 14 });
    expect(target.tags).toEqual({ owner: 'platform' });
    expect(target.instances[0]).toMatchObject({ instanceClass: 'db.r6g.large', promotionTier: 3, caCertificate: 'rds-ca-ecc384-g1', parameterGroup: 'staging-instance-pg' });
  });

  it.each([
    ['the snapshot is newer than the old target', '16.8', 'the snapshot is newer (16.8)'],
    ['the snapshot is of another major version (and the parameter groups belong to another family)', '17.2', 'the snapshot is of major version 17'],
    ["the snapshot's version is not known", null, "the snapshot's version is not known"],
  ])('does not carry the engine version when %s', (_case, snapshotVersion, reason) => {
    const target = effectiveTarget(request(), facts(snapshotVersion));
    expect(target.engineVersion).toBeUndefined();
    expect(configurationPlan(request(), facts(snapshotVersion))).toEqual(expect.arrayContaining([expect.stringContaining(`would not carry over engineVersion "16.6": ${reason}`)]));
  });

  it("drops the old parameter groups when the new cluster runs another major version: RDS refuses a group of another family", () => {
    const target = effectiveTarget(request(), facts('17.2'));
    expect(target.clusterParameterGroup).toBeUndefined();
    expect(target.instances[0]?.parameterGroup).toBeUndefined();
    // Everything else still comes back.
    expect(target).toMatchObject({ subnetGroup: 'staging-subnets', storageType: 'aurora-iopt1' });
    expect(configurationPlan(request(), facts('17.2'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^would not carry over clusterParameterGroup "staging-pg16": the new cluster runs major version 17/), expect.stringMatching(/^would not carry over instance staging-orders-1 parameterGroup/)]),
    );
  });

  it("keeps the source's version for a clone", () => {
    const clone = request({ source: { type: 'clone', clusterId: 'prod-orders' }, copy: { mode: 'never' } } as never);
    expect(effectiveTarget(clone, facts('16.4')).engineVersion).toBeUndefined();
  });

  it('plans what it carries over and every difference from what exists', () => {
    const base = request({ target: { clusterId: 'staging-orders', instances: [{ id: 'staging-orders-1', instanceClass: 'db.r6g.large' }, { id: 'staging-orders-2', instanceClass: 'db.r6g.large' }], port: 5432 } });
    const lines = configurationPlan(base, facts());
    expect(lines).toEqual(
      expect.arrayContaining([
        'would carry over from the existing target: subnetGroup "staging-subnets"',
        'would carry over from the existing target: storageType "aurora-iopt1"',
        'would carry over from the existing target: instance staging-orders-1 caCertificate "rds-ca-rsa4096-g1"',
        'differs from the existing target: port changes from 6432 to 5432',
        'differs from the existing target: instance staging-orders-1 class changes from db.r6g.xlarge to db.r6g.large',
        'differs from the existing target: instance staging-orders-2 is new (the old target had no instance of that id)',
      ]),
    );
    expect(lines.some((line) => line.includes('subnetGroup changes'))).toBe(false);
  });

  it("rebuilds the old target's instances as they were when the request names none", () => {
    // Prepare
    const { instances: _instances, ...silent } = request().target;
    const base = { ...request(), target: silent };

    // Act
    const target = effectiveTarget(base, facts());

    // Assess
    expect(target.instances).toEqual([
      { id: 'staging-orders-1', instanceClass: 'db.r6g.xlarge', parameterGroup: 'staging-instance-pg', promotionTier: 1, performanceInsights: OLD_INSTANCE.performanceInsights, caCertificate: 'rds-ca-rsa4096-g1' },
    ]);
    expect(configurationPlan(base, facts())).toContain("would rebuild the existing target's instances: staging-orders-1 (db.r6g.xlarge)");
  });

  it("leaves out the readers Aurora Auto Scaling made, and says so", () => {
    const replica: Instance = { ...OLD_INSTANCE, id: 'application-autoscaling-0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9', instanceClass: 'db.r6g.large' };
    const configuration = configurationOf(fakeCluster(), [OLD_INSTANCE, replica]);
    expect(configuration.instances.map((instance) => instance.id)).toEqual(['staging-orders-1']);
    const { instances: _instances, ...silent } = request().target;
    const base = { ...request(), target: silent };
    expect(effectiveTarget(base, facts('16.4', configuration)).instances.map((instance) => instance.id)).toEqual(['staging-orders-1']);
    expect(configurationPlan(base, facts('16.4', configuration))).toContain(`would not rebuild ${replica.id}: Aurora Auto Scaling made it and makes readers again by its own policy`);
  });

  it('changes nothing when there was no target', () => {
    const base = request();
    expect(effectiveTarget(base, {})).toEqual(base.target);
    expect(configurationPlan(base, {})).toEqual([]);
  });
});
