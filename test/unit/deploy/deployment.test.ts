import { join } from 'node:path';
import { buildDeployment, identifierPrefixes } from '../../../src/deploy/deployment';
import { ConfigurationError } from '../../../src/errors';
import { requestInput } from '../../support/factories';
import { deployment, IDENTITY, nightlyEntry } from './fixtures';

const PROJECT_DIR = join(__dirname, '..', '..', '..');

describe('building the deployment', () => {
  it("reads the function's configuration as the function will, defaults included", () => {
    // Act
    const built = deployment({ TARGET_CLUSTER_IDS: 'a', SCHEDULE_RETRY_ATTEMPTS: '3' });

    // Assess
    expect(built.functionConfig).toMatchObject({ scheduleRetryAttempts: 3, scheduleMaxEventAgeSeconds: 3600, engine: { safetyMarginMs: 120_000 } });
  });

  it('manages the configured clusters plus every nightly target, instances named after them by default', () => {
    // Act
    const built = deployment({ TARGET_CLUSTER_IDS: 'qa-*' }, [nightlyEntry()]);

    // Assess
    expect(built.clusterPatterns).toEqual(['qa-*', 'staging-orders']);
    expect(built.instancePatterns).toEqual(['qa-*', 'staging-orders-*']);
  });

  it('adds a nightly instance that the configured instance patterns do not cover', () => {
    // Act
    const built = deployment({ TARGET_INSTANCE_IDS: 'stg-*' }, [nightlyEntry()]);

    // Assess
    expect(built.instancePatterns).toEqual(['stg-*', 'staging-orders-1']);
  });

  it('reads the nightly targets file relative to the project directory', () => {
    // Act
    const built = buildDeployment(IDENTITY, { NIGHTLY_TARGETS_FILE: 'src/deploy/nightly-targets.example.json' }, PROJECT_DIR);

    // Assess
    expect(built.nightlyTargets.map((t) => t.name)).toEqual(['staging']);
    expect(built.clusterPatterns).toEqual(['staging-orders']);
  });

  it('refuses a deployment that may replace no cluster', () => {
    expect(() => deployment({})).toThrow(/No target cluster configured: set TARGET_CLUSTER_IDS/);
  });

  it('refuses a nightly source cluster that a target pattern would let the function delete', () => {
    // Prepare
    const entry = nightlyEntry({ request: requestInput({ source: { clusterId: 'staging-prod' } }) });

    // Act / Assess
    expect(() => deployment({ TARGET_CLUSTER_IDS: 'staging-*' }, [entry])).toThrow(/source cluster staging-prod matches a target pattern/);
  });

  it('accepts a source with the same name in another account (it is not ours to delete)', () => {
    // Prepare
    const entry = nightlyEntry({ request: requestInput({ source: { clusterId: 'staging-prod', accountId: '210987654321' } }) });

    // Act / Assess
    expect(() => deployment({ TARGET_CLUSTER_IDS: 'staging-*' }, [entry])).not.toThrow();
  });

  it.each([
    [{ WAIT_STRATEGY: 'sometimes' }, /WAIT_STRATEGY/],
    [{ TIME_SAFETY_MARGIN_SECONDS: '5' }, /TIME_SAFETY_MARGIN_SECONDS/],
    [{ METRICS_ENABLED: 'yes' }, /METRICS_ENABLED/],
  ])('refuses %j, which the function would reject at its first call', (setting, message) => {
    // Act
    const build = () => deployment({ TARGET_CLUSTER_IDS: 'a', ...setting });

    // Assess
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(message);
  });

  it('refuses a time safety margin that leaves the dispatcher no time to work', () => {
    // Act
    const build = () => deployment({ TARGET_CLUSTER_IDS: 'a', TIME_SAFETY_MARGIN_SECONDS: '300' }, [], { ...IDENTITY, functionTimeoutSeconds: 300 });

    // Assess
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(/TIME_SAFETY_MARGIN_SECONDS \(300\) leaves less than a minute of the dispatcher's 300 s timeout/);
  });
});

describe('identifierPrefixes', () => {
  it.each([
    [['staging-orders', 'staging-orders-*'], ['staging-orders']],
    [['qa-*', 'qa-orders-?'], ['qa-']],
    [['b', 'a-*', 'a-1'], ['a-', 'b']],
  ])('%j → %j', (patterns, prefixes) => {
    expect(identifierPrefixes(patterns)).toEqual(prefixes);
  });
});
