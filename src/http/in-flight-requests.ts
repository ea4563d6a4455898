/** The requests a route is serving, so that its shutdown can wait for them. */
export interface InFlightRequests {
  /**
   * Runs `serve` and keeps its promise until it settles; resolves or rejects as it does.
   *
   * @example
   * await inFlight.track(() => serve(request, response));
   */
  track<T>(serve: () => Promise<T>): Promise<T>;
  /**
   * Waits until every request tracked so far has settled (a rejection counts as settled),
   * or until `timeoutMs` has passed when one is given. Resolves true when all settled in time.
   * Refusing new requests meanwhile is the caller's part.
   */
  drain(timeoutMs?: number): Promise<boolean>;
  /** How many are being served now. */
  readonly size: number;
}

/** One webhook route's requests in flight (Telegram's webhook, Slack's events). */
export function createInFlightRequests(): InFlightRequests {
  const inFlight = new Set<Promise<unknown>>();
  return {
    async track(serve) {
      const run = serve();
      inFlight.add(run);
      try {
        return await run;
      } finally {
        inFlight.delete(run);
      }
    },
    async drain(timeoutMs) {
      const settled = Promise.allSettled([...inFlight]).then(() => true);
      if (timeoutMs === undefined) return settled;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
        timer.unref();
      });
      try {
        return await Promise.race([settled, timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
    get size() {
      return inFlight.size;
    },
  };
}
