import { VirtualClock } from '../../../src/local/virtual-clock';
import { RdsError } from '../../../src/ports/rds';
import { SimulatedAurora, type SimulatedAuroraOptions } from '../../../src/simulation/simulated-aurora';

export const START = new Date('2026-11-25T00:00:00Z');
export const HOME_ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/** A simulation with exact durations (no spread) unless the test asks for some. */
export function simulation(options: Partial<Omit<SimulatedAuroraOptions, 'clock'>> = {}): { aurora: SimulatedAurora; clock: VirtualClock } {
  const clock = new VirtualClock(START);
  const aurora = new SimulatedAurora({ clock, region: 'eu-west-1', accountId: HOME_ACCOUNT, seed: 42, ...options, timings: { spread: 0, ...options.timings } });
  return { aurora, clock };
}

/** The RDS error code a promise rejects with. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RdsError)) throw new Error(`expected an RdsError, got ${String(error)}`);
  return error.code;
}

/** Moves the clock to `minutes` after the start. */
export function at(clock: VirtualClock, minutes: number): void {
  clock.advanceTo(new Date(START.getTime() + minutes * MINUTE));
}
