import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DeliveryLimits } from "../../src/outbox/chat-gateway.js";
import { createDeliveryLimiter, LimiterStopped } from "../../src/outbox/delivery-limiter.js";

/** The most sends in any window of `windowMs` (half-open), from sorted times. */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/**
 * Runs `work` to its end on the fake clock. The limiter's timers run on it: on a shared
 * machine a real clock stalls for whole hundreds of milliseconds, and the test would measure
 * the machine rather than the pacing.
 */
async function settle<T>(work: Promise<T>): Promise<T> {
  let done = false;
  const result = work.finally(() => {
    done = true;
  });
  while (!done) await vi.advanceTimersByTimeAsync(5);
  return result;
}

describe("createDeliveryLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"],
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("spaces sends across chats to the global rate", async () => {
    const limits: DeliveryLimits = {
      perSecond: 100,
      chatRate: () => ({ intervalMs: 0, burst: 1 }),
    };
    const limiter = createDeliveryLimiter(limits);
    const times: number[] = [];
    const started = performance.now();
    await settle(
      Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          limiter.schedule(String(i), async () => void times.push(performance.now())),
        ),
      ),
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(580);
    expect(
      busiestWindow(
        times.sort((a, b) => a - b),
        100,
      ),
    ).toBeLessThanOrEqual(11);
    await settle(limiter.stop());
  });

  it("lets one chat burst, then holds it to its interval, one send at a time", async () => {
    const limits: DeliveryLimits = { chatRate: () => ({ intervalMs: 200, burst: 2 }) };
    const limiter = createDeliveryLimiter(limits);
    const times: number[] = [];
    let active = 0;
    let mostActive = 0;
    const send = async () => {
      active += 1;
      mostActive = Math.max(mostActive, active);
      times.push(performance.now());
      await new Promise((resolve) => setTimeout(resolve, 5));
      active -= 1;
    };
    const started = performance.now();
    await settle(Promise.all(Array.from({ length: 4 }, () => limiter.schedule("501", send))));
    const offsets = times.map((at) => at - started);
    expect(offsets[1] ?? 0).toBeLessThan(100); // the burst
    expect(offsets[2] ?? 0).toBeGreaterThanOrEqual(190);
    expect(offsets[3] ?? 0).toBeGreaterThanOrEqual(390);
    expect(mostActive).toBe(1);
    await settle(limiter.stop());
  });

  it("refuses what waits for its turn once stopped, and never runs it", async () => {
    const limits: DeliveryLimits = { perSecond: 10, chatRate: () => ({ intervalMs: 0, burst: 1 }) };
    const limiter = createDeliveryLimiter(limits);
    let ran = 0;
    const results = Array.from({ length: 5 }, (_, i) =>
      limiter
        .schedule(String(i), async () => {
          ran += 1;
        })
        .catch((error: unknown) => error),
    );
    await vi.advanceTimersByTimeAsync(50);
    await settle(limiter.stop());
    const settled = await settle(Promise.all(results));
    expect(ran).toBeLessThan(5);
    expect(settled.filter((result) => result instanceof LimiterStopped)).toHaveLength(5 - ran);
    await expect(limiter.schedule("9", async () => 1)).rejects.toBeInstanceOf(LimiterStopped);
  });
  it("holds every chat's sends for a platform-wide Retry-After, and lets them go after it", async () => {
    const limits: DeliveryLimits = { chatRate: () => ({ intervalMs: 0, burst: 1 }) };
    const limiter = createDeliveryLimiter(limits);
    const started = performance.now();
    const at = (chat: string) => limiter.schedule(chat, async () => performance.now() - started);
    expect(await settle(at("C1"))).toBeLessThan(50);
    limiter.holdFor(2000);
    const held = Promise.all([at("C2"), at("C3")]);
    await vi.advanceTimersByTimeAsync(1000);
    limiter.holdFor(1500); // a second 429 during the hold extends it
    const offsets = await settle(held);
    for (const offset of offsets) expect(offset).toBeGreaterThanOrEqual(2500);
    await settle(limiter.stop());
  });

  it("ends a hold when it stops: what waited is refused, never sent", async () => {
    const limiter = createDeliveryLimiter({ chatRate: () => ({ intervalMs: 0, burst: 1 }) });
    limiter.holdFor(60_000);
    let ran = false;
    const waiting = limiter
      .schedule("C1", async () => {
        ran = true;
      })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    await settle(limiter.stop());
    expect(await settle(waiting)).toBeInstanceOf(LimiterStopped);
    expect(ran).toBe(false);
  });

  it("starts a send whose turns are free at once, without a timer's tick", async () => {
    const limiter = createDeliveryLimiter({ chatRate: () => ({ intervalMs: 1000, burst: 3 }) });
    const started: string[] = [];
    const sends = ["C1", "C2", "C1"].map((chat) =>
      limiter.schedule(chat, async () => void started.push(chat)),
    );
    // The fake clock stands still: only what needs no timer can have run.
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(["C1", "C2", "C1"]);
    await settle(Promise.all(sends));
    await settle(limiter.stop());
  });

  it("holds a chat that used its burst to its interval while other chats go on", async () => {
    const limiter = createDeliveryLimiter({ chatRate: () => ({ intervalMs: 1000, burst: 1 }) });
    const started: string[] = [];
    const send = (chat: string) => limiter.schedule(chat, async () => void started.push(chat));
    await settle(send("C1"));
    const again = send("C1");
    await settle(send("C2"));
    expect(started).toEqual(["C1", "C2"]);
    await settle(again);
    expect(started).toEqual(["C1", "C2", "C1"]);
    await settle(limiter.stop());
  });
});
