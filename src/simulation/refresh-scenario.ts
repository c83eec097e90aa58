import type { RestoredSettings } from './resource-records';
import { DEFAULT_MANAGED_TAG } from '../constants';
import type { Cluster, ClusterSnapshot } from '../ports/rds';
import type { SimulatedAurora } from './simulated-aurora';

/** One snapshot of the source cluster, by age. */
export interface ScenarioSnapshot {
  ageHours: number;
  type: 'automated' | 'manual';
  status?: string;
}

/** The world before a refresh: a source cluster with snapshots, and perhaps an existing target. */
export interface RefreshScenario {
  sourceClusterId: string;
  /** The source's account; another account than the simulation's makes its snapshots shared. */
  sourceAccountId?: string;
  sourceRegion?: string;
  /** Seed the source cluster itself too (it exists when it is in this account and region). */
  sourceClusterExists?: boolean;
  sizeGb: number;
  encrypted?: boolean;
  kmsKeyId?: string;
  engineVersion?: string;
  masterUsername?: string;
  snapshots?: ScenarioSnapshot[];
  target?: {
    clusterId: string;
    /** Carries the managed tag (default true). */
    managed?: boolean;
    deletionProtection?: boolean;
    instanceIds?: string[];
    /** Settings a refresh carries over (e.g. a custom cluster parameter group, a maintenance window). */
    settings?: RestoredSettings;
  };
}

/** What was seeded. */
export interface SeededScenario {
  snapshots: ClusterSnapshot[];
  source?: Cluster;
  target?: Cluster;
}

const DEFAULT_SNAPSHOTS: ScenarioSnapshot[] = [
  { ageHours: 27, type: 'automated' },
  { ageHours: 3, type: 'automated' },
  { ageHours: 50, type: 'manual' },
];

function stamp(at: Date): string {
  return at.toISOString().slice(0, 16).replace(/[-T:]/g, '-');
}

/**
 * Seeds the usual refresh: automated and manual snapshots of the source (shared with this account
 * when the source is another account's; automated snapshots cannot be shared, so those become
 * manual), and optionally an existing target cluster with its instances.
 */
export function seedRefreshScenario(simulation: SimulatedAurora, scenario: RefreshScenario, now: Date): SeededScenario {
  const foreign = scenario.sourceAccountId !== undefined && scenario.sourceAccountId !== simulation.accountId;
  const snapshots = (scenario.snapshots ?? DEFAULT_SNAPSHOTS).map((spec, index) => {
    const createdAt = new Date(now.getTime() - spec.ageHours * 3_600_000);
    const type = foreign ? 'manual' : spec.type;
    const id = type === 'automated' ? `rds:${scenario.sourceClusterId}-${stamp(createdAt)}` : `${scenario.sourceClusterId}-manual-${stamp(createdAt)}-${index}`;
    return simulation.addSnapshot({
      id,
      clusterId: scenario.sourceClusterId,
      ...(scenario.sourceAccountId !== undefined ? { accountId: scenario.sourceAccountId } : {}),
      ...(scenario.sourceRegion !== undefined ? { region: scenario.sourceRegion } : {}),
      type,
      ...(spec.status !== undefined ? { status: spec.status } : {}),
      createdAt,
      sizeGb: scenario.sizeGb,
      encrypted: scenario.encrypted ?? scenario.kmsKeyId !== undefined,
      ...(scenario.kmsKeyId !== undefined ? { kmsKeyId: scenario.kmsKeyId } : {}),
      ...(scenario.engineVersion !== undefined ? { engineVersion: scenario.engineVersion } : {}),
      ...(scenario.masterUsername !== undefined ? { masterUsername: scenario.masterUsername } : {}),
      sharedWithHome: foreign,
    });
  });
  const source =
    scenario.sourceClusterExists === true
      ? simulation.addCluster({
          id: scenario.sourceClusterId,
          ...(scenario.sourceAccountId !== undefined ? { accountId: scenario.sourceAccountId } : {}),
          ...(scenario.sourceRegion !== undefined ? { region: scenario.sourceRegion } : {}),
          deletionProtection: true,
          instances: [{ id: `${scenario.sourceClusterId}-1` }],
          sizeGb: scenario.sizeGb,
          ...(scenario.engineVersion !== undefined ? { engineVersion: scenario.engineVersion } : {}),
          ...(scenario.masterUsername !== undefined ? { masterUsername: scenario.masterUsername } : {}),
        })
      : undefined;
  const spec = scenario.target;
  const target =
    spec === undefined
      ? undefined
      : simulation.addCluster({
          id: spec.clusterId,
          deletionProtection: spec.deletionProtection ?? false,
          tags: spec.managed === false ? { team: 'data' } : { [DEFAULT_MANAGED_TAG.key]: DEFAULT_MANAGED_TAG.value, team: 'data' },
          instances: (spec.instanceIds ?? [`${spec.clusterId}-1`]).map((id) => ({ id })),
          ...(spec.settings !== undefined ? { settings: spec.settings } : {}),
          ...(scenario.masterUsername !== undefined ? { masterUsername: scenario.masterUsername } : {}),
        });
  return { snapshots, ...(source !== undefined ? { source } : {}), ...(target !== undefined ? { target } : {}) };
}
