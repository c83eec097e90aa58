import { RdsError } from '../ports/rds';

/**
 * The errors the simulation raises, with AWS's error names (as SDK v3 reports them) and messages
 * close to AWS's own, so steps meet the same failures locally as in AWS.
 */
export const awsErrors = {
  clusterNotFound: (id: string) => new RdsError('DBClusterNotFoundFault', `DBCluster ${id} not found.`, id),
  clusterExists: (id: string) => new RdsError('DBClusterAlreadyExistsFault', `DB Cluster ${id} already exists`, id),
  instanceNotFound: (id: string) => new RdsError('DBInstanceNotFoundFault', `DBInstance ${id} not found.`, id),
  instanceExists: (id: string) => new RdsError('DBInstanceAlreadyExistsFault', `DB instance already exists`, id),
  snapshotNotFound: (id: string) => new RdsError('DBClusterSnapshotNotFoundFault', `DBClusterSnapshot ${id} not found.`, id),
  snapshotExists: (id: string) => new RdsError('DBClusterSnapshotAlreadyExistsFault', `Cannot create the cluster snapshot because one with the identifier ${id} already exists.`, id),
  invalidClusterState: (id: string, message: string) => new RdsError('InvalidDBClusterStateFault', message, id),
  invalidInstanceState: (id: string, message: string) => new RdsError('InvalidDBInstanceStateFault', message, id),
  invalidSnapshotState: (id: string, message: string) => new RdsError('InvalidDBClusterSnapshotStateFault', message, id),
  invalidCombination: (id: string, message: string) => new RdsError('InvalidParameterCombination', message, id),
  invalidValue: (id: string, message: string) => new RdsError('InvalidParameterValue', message, id),
  kmsNotAccessible: (id: string, key: string) => new RdsError('KMSKeyNotAccessibleFault', `The specified KMS key [${key}] does not exist, is not enabled or you do not have permissions to access it.`, id),
  invalidRestore: (id: string, message: string) => new RdsError('InvalidRestoreFault', message, id),
  snapshotQuota: (id: string, message: string) => new RdsError('SnapshotQuotaExceededFault', message, id),
  clusterQuota: (id: string, max: number) => new RdsError('DBClusterQuotaExceededFault', `Cannot create more than ${max} DB clusters in this account and region.`, id),
  instanceQuota: (id: string, max: number) => new RdsError('InstanceQuotaExceeded', `Cannot create more than ${max} DB instances in this account and region.`, id),
  throttled: (id: string) => new RdsError('Throttling', 'Rate exceeded', id),
} as const;
