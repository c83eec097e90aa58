/**
 * Crash injection at the side-effect boundaries of a run: every port is wrapped so that the Nth
 * mutating call (across all ports, counted from the start of the run) makes the process "die",
 * either before the call reaches the port (no effect) or after it returned (the effect happened,
 * the answer is lost). A dead process does nothing more: every later port call of the same
 * invocation fails too, so no catch block can tidy up what a real crash would leave behind. The
 * driver revives the process when the invocation has ended (a new invocation is a new process).
 */

import { WRITE_OPERATIONS } from '../../src/simulation/simulation-config';

/** What the invocation that "died" throws; never thrown by the code under test. */
export class ProcessDiedError extends Error {
  public constructor(public readonly boundary: string) {
    super(`process died at ${boundary}`);
    this.name = 'ProcessDiedError';
  }
}

/** Which methods of each port change the world: the side-effect boundaries. */
export const MUTATING_METHODS = {
  // The RDS port's writes are the simulation's: one list, so a new write is a boundary at once.
  rds: [...WRITE_OPERATIONS],
  scheduler: ['schedule', 'cancel'],
  notifier: ['publish'],
  store: ['create', 'save', 'acquireLock', 'releaseLock', 'markEventHandled'],
  database: ['dropRoles', 'applyRoles', 'runScript'],
} as const;

export type PortName = keyof typeof MUTATING_METHODS | 'kms' | 'secrets' | 'scripts';

/** Where the process dies: at the Nth boundary (or the first with a given label), before or after its effect. */
export type CrashPlan = { at: number; when: 'before' | 'after' } | { first: string; when: 'before' | 'after' };

/** Counts boundaries and kills the process where the plan says. */
export class CrashSwitch {
  /** Every boundary crossed, in order, as `port.method`. */
  public readonly boundaries: string[] = [];
  /** The boundary the process died at, once it has. */
  public crashedAt: string | undefined;
  private dead = false;

  public constructor(private readonly plan?: CrashPlan) {}

  /** A new invocation: a new process, alive. */
  public revive(): void {
    this.dead = false;
  }

  /** Wraps a port (resolved lazily: the runtime creates some ports itself). */
  public wrap<T extends object>(name: PortName, resolve: () => T): T {
    const mutating: readonly string[] = name in MUTATING_METHODS ? MUTATING_METHODS[name as keyof typeof MUTATING_METHODS] : [];
    return new Proxy({} as T, {
      get: (_shell, property) => {
        const target = resolve() as Record<string | symbol, unknown>;
        const value = target[property];
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (this.dead) throw new ProcessDiedError(`${name}.${String(property)} (after the crash)`);
          const isBoundary = typeof property === 'string' && mutating.includes(property);
          const label = `${name}.${String(property)}`;
          const number = isBoundary ? this.boundaries.push(label) : 0;
          const plan = this.plan;
          const planned = plan !== undefined && ('at' in plan ? plan.at === number : plan.first === label);
          const dies = isBoundary && planned && this.crashedAt === undefined;
          if (dies && this.plan?.when === 'before') throw this.die(`#${number} ${label} before its effect`);
          const result: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
          if (dies) throw this.die(`#${number} ${label} after its effect`);
          return result;
        };
      },
    });
  }

  private die(boundary: string): ProcessDiedError {
    this.dead = true;
    this.crashedAt = boundary;
    return new ProcessDiedError(boundary);
  }
}
