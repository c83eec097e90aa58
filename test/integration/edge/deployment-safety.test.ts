import type { LocalRuntime } from '../../../src/local/local-runtime';
import type { DeploymentSafety } from '../../../src/request/deployment-safety';
import { DEFAULT_DEPLOYMENT_SAFETY } from '../../../src/request/deployment-safety';
import { refresh, stagingRequest, startPipeline, writes } from '../rds-pipeline/support/pipeline';
import { stopAfterEach } from '../../support/stop-after-each';

const SCRATCH_TAG = { key: 'env', value: 'scratch' };

/** A pipeline whose deployment sets `safety`, with prod's snapshots and a target `staging` tagged `tags`. */
async function pipelineWith(safety: DeploymentSafety, tags: Record<string, string>): Promise<LocalRuntime> {
  const { runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 200 }, { engine: { safety } });
  runtime.simulation.addCluster({ id: 'staging', deletionProtection: false, tags, instances: [{ id: 'staging-1' }] });
  return runtime;
}

describe('the managed tag and unmanaged targets are the deployment\'s', () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  it('replaces a target carrying the deployment\'s tag, and tags the restored cluster with it', async () => {
    // Prepare
    runtime = await pipelineWith({ ...DEFAULT_DEPLOYMENT_SAFETY, managedTag: SCRATCH_TAG }, { env: 'scratch' });

    // Act
    const { operation } = await refresh(runtime, stagingRequest());

    // Assess
    expect(operation).toMatchObject({ status: 'SUCCEEDED' });
    expect(writes(runtime)).toEqual(expect.arrayContaining(['deleteCluster staging', 'restoreClusterFromSnapshot staging']));
    const after = runtime.simulation.peekCluster('staging');
    expect(after?.tags).toMatchObject({ env: 'scratch', team: 'data' });
    expect(after?.tags).not.toHaveProperty('aurora-restore:managed');
    expect(runtime.simulation.peekInstance('staging-1')?.tags).toMatchObject({ env: 'scratch' });
  });

  it.each<[string, DeploymentSafety, Record<string, string>, string]>([
    ['a target carrying only the tool\'s default tag when the deployment names another', { ...DEFAULT_DEPLOYMENT_SAFETY, managedTag: SCRATCH_TAG }, { 'aurora-restore:managed': 'true' }, 'it does not carry the tag env=scratch'],
    ['an untagged target under the default deployment', DEFAULT_DEPLOYMENT_SAFETY, { team: 'data' }, 'ALLOW_UNMANAGED_TARGETS is false'],
  ])('refuses %s, deleting nothing', async (_case, safety, tags, message) => {
    // Prepare
    runtime = await pipelineWith(safety, tags);
    const before = runtime.simulation.peekCluster('staging');

    // Act
    const { operation } = await refresh(runtime, stagingRequest());

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'preflight', error: { name: 'PreflightFailedError' } });
    expect(operation?.error?.message).toContain(message);
    expect(runtime.simulation.peekCluster('staging')).toEqual(before);
    expect(runtime.simulation.writeCalls()).toEqual([]);
  });

  it('replaces an untagged target only where the deployment allows it and the request asks for it', async () => {
    // Prepare
    runtime = await pipelineWith({ ...DEFAULT_DEPLOYMENT_SAFETY, allowUnmanagedTargets: true }, { team: 'data' });

    // Act
    const { operation } = await refresh(runtime, stagingRequest({ safety: { requireManagedTag: false } }));

    // Assess
    expect(operation).toMatchObject({ status: 'SUCCEEDED' });
    expect(writes(runtime)).toEqual(expect.arrayContaining(['deleteCluster staging', 'restoreClusterFromSnapshot staging']));
    expect(runtime.simulation.peekCluster('staging')?.tags).toMatchObject({ 'aurora-restore:managed': 'true' });
  });
});
