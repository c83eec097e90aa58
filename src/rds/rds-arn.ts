/** The parts of an RDS ARN: `arn:<partition>:rds:<region>:<account>:<type>:<id>`. */
export interface RdsArn {
  partition: string;
  region: string;
  accountId: string;
  /** `cluster`, `db`, `cluster-snapshot`, … */
  resourceType: string;
  /** The identifier; automated snapshot ids keep their `rds:` prefix. */
  resourceId: string;
}

const RDS_ARN = /^arn:(aws[a-z-]*):rds:([a-z0-9-]+):(\d{12}):([a-z-]+):(.+)$/;

/** True when the reference is an RDS ARN rather than a bare identifier. */
export function isRdsArn(reference: string): boolean {
  return RDS_ARN.test(reference);
}

/** Splits an RDS ARN, or returns undefined for anything else (e.g. a bare identifier). */
export function parseRdsArn(reference: string): RdsArn | undefined {
  const match = RDS_ARN.exec(reference);
  if (match === null) return undefined;
  const [, partition, region, accountId, resourceType, resourceId] = match as unknown as [string, string, string, string, string, string];
  return { partition, region, accountId, resourceType, resourceId };
}

/** The partition a region belongs to (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Builds an RDS ARN from its parts. */
export function formatRdsArn(parts: Omit<RdsArn, 'partition'> & { partition?: string }): string {
  return `arn:${parts.partition ?? partitionOf(parts.region)}:rds:${parts.region}:${parts.accountId}:${parts.resourceType}:${parts.resourceId}`;
}
