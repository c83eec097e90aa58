import { SeededRandom } from '../simulation/seeded-random';

/** One refresh of the benchmark's workload. */
export interface BenchCase {
  name: string;
  sizeTb: number;
  /** Seed of the simulation's duration draws (restore, delete, copy spread). */
  seed: number;
}

/**
 * The workload: the 9 TB case the targets name, plus refreshes whose sizes spread log-uniformly
 * from 0.1 to 20 TB (copies of minutes to about two days); each one copies, deletes the old
 * target and restores. Deterministic for a given seed.
 */
export function benchWorkload(count: number, seed = 7): BenchCase[] {
  const random = new SeededRandom(seed);
  const cases: BenchCase[] = [{ name: '9 TB', sizeTb: 9, seed: 1 }];
  for (let i = 1; i < count; i += 1) {
    const sizeTb = Math.round(10 ** (Math.log10(0.1) + random.next() * (Math.log10(20) - Math.log10(0.1))) * 100) / 100;
    cases.push({ name: `${sizeTb} TB`, sizeTb, seed: 100 + i });
  }
  return cases;
}
