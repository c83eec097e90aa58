import type { RefreshRequestInput } from '../request/schema';

/** A kind of source compared by the benchmark, on the same workload. */
export interface BenchSource {
  name: 'snapshot-copy' | 'clone' | 'point-in-time';
  label: string;
  /** The request's source and copy sections for the bench's source cluster, at the trigger time `now`. */
  request: (sourceClusterId: string, now: Date) => Pick<RefreshRequestInput, 'source' | 'copy'>;
}

/** The point-in-time restore goes back this far: the typical "as of before last night's batch". */
const POINT_IN_TIME_HOURS_AGO = 2;

/**
 * The three sources: the newest snapshot, copied (re-encrypted, as a cross-account or cross-region
 * refresh must); a copy-on-write clone; and a full-copy restore to a point in time.
 */
export const BENCH_SOURCES: readonly BenchSource[] = [
  {
    name: 'snapshot-copy',
    label: 'snapshot, copied (re-encrypted)',
    request: (clusterId) => ({ source: { clusterId }, copy: { mode: 'auto', kmsKeyId: 'alias/staging-data' } }),
  },
  {
    name: 'clone',
    label: 'clone (copy-on-write, latest)',
    request: (clusterId) => ({ source: { type: 'clone', clusterId } }),
  },
  {
    name: 'point-in-time',
    label: `point in time (full copy, ${POINT_IN_TIME_HOURS_AGO} h ago)`,
    request: (clusterId, now) => ({
      source: { type: 'point-in-time', clusterId, restoreType: 'full-copy', restoreTime: new Date(now.getTime() - POINT_IN_TIME_HOURS_AGO * 3_600_000).toISOString() },
    }),
  },
];

/** The source every strategy comparison runs on. */
export const SNAPSHOT_COPY: BenchSource = BENCH_SOURCES[0] as BenchSource;
