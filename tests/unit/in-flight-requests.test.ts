import { afterEach, describe, expect, it, vi } from "vitest";
import { createInFlightRequests } from "../../src/http/in-flight-requests.js";

/** A promise and the functions that settle it. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("requests in flight", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("tracks a request until it settles and passes its result or error through", async () => {
    const inFlight = createInFlightRequests();
    const first = deferred<string>();
    const second = deferred<string>();
    const served = inFlight.track(() => first.promise);
    const failed = inFlight.track(() => second.promise);
    expect(inFlight.size).toBe(2);

    first.resolve("sent");
    await expect(served).resolves.toBe("sent");
    expect(inFlight.size).toBe(1);

    second.reject(new Error("boom"));
    await expect(failed).rejects.toThrow("boom");
    expect(inFlight.size).toBe(0);
  });

  it("does not track a request whose handler throws before it returns a promise", async () => {
    const inFlight = createInFlightRequests();
    await expect(
      inFlight.track(() => {
        throw new Error("at once");
      }),
    ).rejects.toThrow("at once");
    expect(inFlight.size).toBe(0);
    await expect(inFlight.drain()).resolves.toBe(true);
  });

  it("drains: waits for every request, a failing one included", async () => {
    const inFlight = createInFlightRequests();
    const slow = deferred();
    const failing = deferred();
    void inFlight.track(() => slow.promise);
    inFlight.track(() => failing.promise).catch(() => {});

    let drained = false;
    const drain = inFlight.drain().then((all) => {
      drained = all;
    });
    failing.reject(new Error("handler failed"));
    await Promise.resolve();
    expect(drained).toBe(false);

    slow.resolve();
    await drain;
    expect(drained).toBe(true);
    expect(inFlight.size).toBe(0);
  });

  it("drains at once when nothing is in flight", async () => {
    await expect(createInFlightRequests().drain(1_000)).resolves.toBe(true);
  });

  it("stops waiting after the timeout and says so, leaving the request tracked", async () => {
    vi.useFakeTimers();
    const inFlight = createInFlightRequests();
    const stuck = deferred();
    void inFlight.track(() => stuck.promise);

    const drain = inFlight.drain(5_000);
    await vi.advanceTimersByTimeAsync(4_999);
    let result: boolean | undefined;
    void drain.then((all) => {
      result = all;
    });
    await Promise.resolve();
    expect(result).toBeUndefined();

    await vi.advanceTimersByTimeAsync(1);
    await expect(drain).resolves.toBe(false);
    expect(inFlight.size).toBe(1);

    stuck.resolve();
    await expect(inFlight.drain(5_000)).resolves.toBe(true);
  });
});
