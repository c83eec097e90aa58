import { createLocalRuntime } from '../local/local-runtime';
import type { InvocationRecord } from '../local/drive-operation';
import type { RefreshRequestInput, RefreshStrategy } from '../request/schema';
import { seedRefreshScenario } from '../simulation/refresh-scenario';
import type { Operation } from '../store/operation';
import { detectionLags, type DetectionLag } from './detection-lag';
import { SNAPSHOT_COPY, type BenchSource } from './sources';
import { targetUnavailableMs } from './target-downtime';
import type { BenchStrategy } from './strategies';
import type { BenchCase } from './workload';

/** What one refresh under one strategy cost and how quickly it noticed each change. */
export interface RefreshMeasurement {
  strategy: string;
  /** The kind of source (BenchSource name). */
  source?: string;
  caseName: string;
  sizeTb: number;
  status: Operation['status'];
  lags: DetectionLag[];
  invocations: number;
  scheduledInvocations: number;
  rdsEventInvocations: number;
  operationWrites: number;
  itemKb: number;
  totalChecks: number;
  /** Check times of the copy wait: minutes since the copy started, and percent seen. */
  copyChecks: { minutes: number; percent: number }[];
  copyMinutes?: number;
  /**
   * From the trigger (the operation's creation) to the fresh target: check-restore-status done, the
   * cluster and every instance available and the endpoint recorded.
   */
  triggerToFreshTargetMinutes?: number;
  /** From the trigger to the operation's end (users set up, archive, notification; a swap: its retired cluster deleted too). */
  triggerToDoneMinutes?: number;
  /** From the trigger to the refresh delivered: announced, counted and the target released (a swap: at the swap; else the end). */
  triggerToDeliveredMinutes?: number;
  /** `replace` or `swap`: how the new cluster took the target's place. */
  refresh?: RefreshStrategy;
  /** How long the target's cluster endpoint had no cluster with an available instance behind it (see targetUnavailableMs). */
  targetUnavailableMinutes?: number;
}

const NO_EVENTS = { nextEventAt: () => undefined, takeEventsUntil: () => [] };

function benchRequest(strategy: BenchStrategy, source: BenchSource, now: Date, refresh: RefreshStrategy): RefreshRequestInput {
  return {
    requestedBy: 'bench',
    strategy: refresh,
    ...source.request('prod-orders', now),
    target: {
      clusterId: 'staging-orders',
      instances: [
        { id: 'staging-orders-writer', instanceClass: 'db.r6g.2xlarge' },
        { id: 'staging-orders-reader', instanceClass: 'db.r6g.large' },
      ],
    },
    waiting: { ...strategy.waiting, deadlineBaseHours: 24, deadlineHoursPerTb: 6, maxChecks: 500 },
  };
}

/**
 * Runs one whole refresh on the simulated Aurora through the real handler, dispatcher, steps and
 * store, with the given strategy, and measures it. Events are withheld for strategies that only poll.
 */
export async function runBenchRefresh(strategy: BenchStrategy, benchCase: BenchCase, source: BenchSource = SNAPSHOT_COPY, refresh: RefreshStrategy = 'replace'): Promise<RefreshMeasurement> {
  const runtime = await createLocalRuntime({ simulation: { seed: benchCase.seed }, logLevel: 'error' });
  try {
    const startedAt = runtime.clock.now();
    seedRefreshScenario(
      runtime.simulation,
      {
        sourceClusterId: 'prod-orders',
        sourceClusterExists: true,
        sizeGb: Math.round(benchCase.sizeTb * 1024),
        encrypted: true,
        target: { clusterId: 'staging-orders', managed: true, instanceIds: ['staging-orders-writer', 'staging-orders-reader'] },
      },
      startedAt,
    );
    const copyChecks: { minutes: number; percent: number }[] = [];
    const onInvocation = async (record: InvocationRecord): Promise<void> => {
      if (record.result?.result !== 'ran' || record.result.operation.step !== 'check-copy-status') return;
      const operation = await runtime.store.get(record.result.operation.operationId);
      const started = operation?.stepRuns['check-copy-status']?.startedAt;
      const percent = operation?.progress?.at(-1)?.percent;
      if (started !== undefined && percent !== undefined) copyChecks.push({ minutes: (record.at.getTime() - Date.parse(started)) / 60_000, percent });
    };
    const result = await runtime.drive({ step: 'start', request: benchRequest(strategy, source, startedAt, refresh) }, { ...(strategy.events ? {} : { events: NO_EVENTS }), onInvocation });
    const operation = result.operation;
    if (operation === undefined) throw new Error(`${strategy.name} ${benchCase.name}: no operation`);
    const copyRun = operation.stepRuns['check-copy-status'];
    const copyDone = runtime.simulation.completions.find((c) => c.kind === 'copy-available')?.at.getTime();
    // The check that saw completion is the last one; it reports 100 %.
    if (copyRun?.endedAt !== undefined) copyChecks.push({ minutes: (Date.parse(copyRun.endedAt) - Date.parse(copyRun.startedAt)) / 60_000, percent: 100 });
    const created = Date.parse(operation.createdAt);
    const delivered = operation.targetReleasedAt ?? operation.finishedAt;
    const restoreChecked = operation.stepRuns['check-restore-status']?.endedAt;
    const unavailableMs = targetUnavailableMs(runtime.simulation.writeCalls(), runtime.simulation.completions, 'staging-orders', ['staging-orders-writer', 'staging-orders-reader']);
    return {
      strategy: strategy.name,
      source: source.name,
      caseName: benchCase.name,
      sizeTb: benchCase.sizeTb,
      status: operation.status,
      lags: detectionLags(operation, runtime.simulation),
      invocations: result.records.length,
      scheduledInvocations: result.records.filter((r) => r.trigger === 'schedule').length,
      rdsEventInvocations: result.records.filter((r) => r.trigger === 'rds-event').length,
      operationWrites: operation.version + 1,
      itemKb: Buffer.byteLength(JSON.stringify(operation)) / 1024,
      totalChecks: operation.totalChecks,
      copyChecks,
      ...(copyDone !== undefined && copyRun !== undefined ? { copyMinutes: (copyDone - Date.parse(copyRun.startedAt)) / 60_000 } : {}),
      ...(restoreChecked !== undefined ? { triggerToFreshTargetMinutes: (Date.parse(restoreChecked) - created) / 60_000 } : {}),
      ...(operation.finishedAt !== undefined ? { triggerToDoneMinutes: (Date.parse(operation.finishedAt) - created) / 60_000 } : {}),
      ...(delivered !== undefined ? { triggerToDeliveredMinutes: (Date.parse(delivered) - created) / 60_000 } : {}),
      refresh,
      ...(unavailableMs !== undefined ? { targetUnavailableMinutes: unavailableMs / 60_000 } : {}),
    };
  } finally {
    await runtime.stop();
  }
}
