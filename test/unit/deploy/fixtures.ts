import { readDeploySettings } from '../../../src/deploy/deploy-settings';
import { assembleDeployment, type Deployment, type StackIdentity } from '../../../src/deploy/deployment';
import { parseNightlyTargets } from '../../../src/deploy/nightly-targets';
import { requestInput } from '../../support/factories';

/** The stack serverless.yml describes, as the generated parts see it. */
export const IDENTITY: StackIdentity = {
  service: 'aurora-restore',
  stage: 'test',
  functionName: 'aurora-restore-test-dispatcher',
  functionTimeoutSeconds: 900,
};

/** One entry of a nightly targets file, as a person writes it. */
export function nightlyEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'staging', schedule: 'cron(0 2 * * ? *)', timezone: 'Europe/Berlin', request: requestInput(), ...overrides };
}

/** A deployment from `.env`-style settings and nightly entries, built as packaging builds it (minus the file). */
export function deployment(environment: NodeJS.ProcessEnv = { TARGET_CLUSTER_IDS: 'staging-orders' }, entries: Record<string, unknown>[] = [], identity: StackIdentity = IDENTITY): Deployment {
  return assembleDeployment(identity, readDeploySettings(environment), parseNightlyTargets({ targets: entries }, 'nightly.json'));
}
