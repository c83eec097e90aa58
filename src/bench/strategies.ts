import type { RefreshRequestInput } from '../request/schema';

/** A waiting strategy compared by the benchmark. */
export interface BenchStrategy {
  name: string;
  /** Short label for tables and the chart legend. */
  label: string;
  waiting: RefreshRequestInput['waiting'];
  /** Whether RDS events reach the dispatcher (EventBridge rule deployed). */
  events: boolean;
  color: string;
}

/** The three strategies: the seed's, a Step Functions-style fixed wait, and ours. */
export const BENCH_STRATEGIES: readonly BenchStrategy[] = [
  {
    name: 'seed',
    label: 'seed backoff (15 min ×2, cap 1 h)',
    waiting: { strategy: 'backoff', initialDelaySeconds: 900, multiplier: 2, maxDelaySeconds: 3600 },
    events: false,
    color: '#d62728',
  },
  {
    name: 'fixed-900',
    label: 'fixed 900 s (Step Functions Wait loop)',
    waiting: { strategy: 'fixed', initialDelaySeconds: 900 },
    events: false,
    color: '#ff7f0e',
  },
  {
    name: 'ours',
    label: 'progress-aware + RDS events',
    waiting: { strategy: 'progress' },
    events: true,
    color: '#1f77b4',
  },
];
