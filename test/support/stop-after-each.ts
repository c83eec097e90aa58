/**
 * Stops what each test started (a local runtime, a refresh world), whatever the test did:
 * `stopAfterEach(() => runtime)` beside the `let runtime` the tests assign. Each thing is stopped
 * once, even when a later test leaves the variable as it was.
 */
export function stopAfterEach(current: () => { stop(): Promise<void> } | undefined): void {
  const stopped = new WeakSet<object>();
  afterEach(async () => {
    const started = current();
    if (started === undefined || stopped.has(started)) return;
    stopped.add(started);
    await started.stop();
  });
}
