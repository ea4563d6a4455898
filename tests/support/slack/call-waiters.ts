/**
 * Promises that settle when something the fake records shows up: tests wait for the bot's
 * call instead of sleeping. Every request the fake answers wakes the waiters to look again.
 */
interface Waiter {
  check(): void;
  abort(): void;
}

export class Waiters {
  private readonly waiting = new Set<Waiter>();

  /**
   * Resolves with `find()` once it is defined (now, or after a later `notify`); rejects after
   * `timeoutMs` with `describe()` of what was seen, or when the fake closes.
   */
  waitFor<T>(
    find: () => T | undefined,
    timeoutMs: number,
    what: string,
    describe: () => string,
  ): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    const waited = new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(waiter);
      };
      const waiter: Waiter = {
        check: () => {
          const value = find();
          if (value === undefined) return;
          done();
          resolve(value);
        },
        abort: () => {
          done();
          reject(new Error(`the fake Slack API closed while waiting for ${what}`));
        },
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${timeoutMs} ms; ${describe()}`));
      }, timeoutMs);
      this.waiting.add(waiter);
    });
    // Whoever awaits still gets the rejection; a test that failed before awaiting its waiter
    // should not also report an unhandled rejection when the fake closes.
    waited.catch(() => undefined);
    return waited;
  }

  notify(): void {
    for (const waiter of [...this.waiting]) waiter.check();
  }

  abortAll(): void {
    for (const waiter of [...this.waiting]) waiter.abort();
  }
}
