import type { LocalRuntime } from '../../../src/local/local-runtime';
import { PROD_ACCOUNT, refresh, stagingRequest, startPipeline } from './support/pipeline';
import { stopAfterEach } from '../../support/stop-after-each';

describe('a dry run of the RDS pipeline', () => {
  let runtime: LocalRuntime | undefined;
  stopAfterEach(() => runtime);

  it('runs discovery and every safety check read-only, and ends with the plan in the state', async () => {
    // Prepare
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sourceAccountId: PROD_ACCOUNT, sizeGb: 2048, kmsKeyId: 'alias/prod', target: { clusterId: 'staging', deletionProtection: true } }));
    const before = runtime.simulation.peekCluster('staging');
    const request = stagingRequest({
      source: { clusterId: 'prod', accountId: PROD_ACCOUNT, snapshotTypes: ['shared'] },
      copy: { kmsKeyId: 'alias/staging' },
      safety: { allowDisableDeletionProtection: true },
      dryRun: true,
    });

    // Act
    const { operation } = await refresh(runtime, request);

    // Assess
    expect(operation?.status).toBe('SUCCEEDED');
    expect(runtime.simulation.writeCalls()).toEqual([]);
    expect(runtime.simulation.peekCluster('staging')).toEqual(before);
    const plan = operation?.facts.plan ?? [];
    const id = operation?.operationId as string;
    expect(plan).toEqual([
      'preflight: every check passed; target staging (cluster-00000000000000000000000001) may be replaced',
      expect.stringMatching(new RegExp(`^snapshot-check: would use snapshot arn:aws:rds:us-east-1:${PROD_ACCOUNT}:cluster-snapshot:prod-manual-.* of cluster prod \\(shared, created .*, 2048 GB, encrypted\\)$`)),
      `snapshot-check: would copy it first: the snapshot belongs to account ${PROD_ACCOUNT}; copy.kmsKeyId asks for re-encryption with alias/staging`,
      expect.stringMatching(new RegExp(`^copy-snapshot: would copy arn:aws:rds:.* to aurora-restore-staging-${id}, encrypted with alias/staging, tagged aurora-restore:operation-id=${id}, aurora-restore:target=staging$`)),
      'delete-rds: would switch off deletion protection of cluster staging (safety.allowDisableDeletionProtection is true)',
      'delete-rds: would delete instances staging-1',
      'delete-rds: would delete cluster staging (arn:aws:rds:us-east-1:111111111111:cluster:staging) without a final snapshot',
      // The old target comes back as it was: its version, backups and deletion protection.
      `restore-snapshot: would restore cluster staging from snapshot aurora-restore-staging-${id} (engine version 16.4, port 5432, backups kept 1 day, deletion protection on)`,
      'restore-snapshot: would carry over from the existing target: port 5432',
      'restore-snapshot: would carry over from the existing target: engineVersion "16.4"',
      'restore-snapshot: would carry over from the existing target: backupRetentionDays 1',
      'restore-snapshot: would carry over from the existing target: deletionProtection true',
      'restore-snapshot: would carry over from the existing target: copyTagsToSnapshot true',
      'restore-snapshot: differs from the existing target: instance staging-2 is new (the old target had no instance of that id)',
      'restore-snapshot: would create instance staging-1 (db.r6g.large) once the cluster is available',
      'restore-snapshot: would create instance staging-2 (db.r6g.large) once the cluster is available',
    ]);
  });

  it('fails a dry run that the safety rules would refuse, still writing nothing', async () => {
    // Prepare
    ({ runtime } = await startPipeline({ sourceClusterId: 'prod', sizeGb: 300, target: { clusterId: 'staging', managed: false } }));

    // Act
    const { operation } = await refresh(runtime, stagingRequest({ dryRun: true }));

    // Assess
    expect(operation).toMatchObject({ status: 'FAILED', step: 'preflight', error: { name: 'PreflightFailedError' } });
    expect(runtime.simulation.writeCalls()).toEqual([]);
  });
});
