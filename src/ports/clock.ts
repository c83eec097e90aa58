/** The clock port: the real clock in Lambda, a virtual one in the simulation and in tests. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
