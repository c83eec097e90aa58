import type { Clock } from '../ports/clock';
import type { SeededRandom } from './seeded-random';
import type { SimulationTimings } from './simulation-config';

const MINUTE = 60_000;

/**
 * How long a change takes, in virtual time. Every duration of every model is drawn from one seeded
 * stream, in the order the changes start, so the same seed and the same calls give the same timings.
 */
export class VirtualDurations {
  public constructor(
    private readonly clock: Clock,
    private readonly timings: SimulationTimings,
    private readonly random: SeededRandom,
  ) {}

  /** A duration in milliseconds drawn around `minutes`. */
  public duration(minutes: number): number {
    return Math.max(1000, Math.round(this.random.spread(minutes * MINUTE, this.timings.spread)));
  }

  /** When a change that starts now and takes about `minutes` ends. */
  public after(minutes: number): Date {
    return new Date(this.clock.now().getTime() + this.duration(minutes));
  }
}
