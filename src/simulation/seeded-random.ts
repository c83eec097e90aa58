/**
 * A small deterministic random number generator (mulberry32). The simulation draws durations,
 * throttling and event loss from it, so a seed reproduces a run exactly.
 */
export class SeededRandom {
  private state: number;

  public constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed);
  }

  /** A number in [0, 1). */
  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** `base` scaled by a factor drawn uniformly from [1 − spread, 1 + spread]. */
  public spread(base: number, spread: number): number {
    return base * (1 + spread * (2 * this.next() - 1));
  }

  /** True with probability `rate`. */
  public chance(rate: number): boolean {
    return rate > 0 && this.next() < rate;
  }

  /** A copy of `items` in a shuffled order (Fisher–Yates). */
  public shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
}

/** FNV-1a: a string seed as 32 bits. */
function hashSeed(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i += 1) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
