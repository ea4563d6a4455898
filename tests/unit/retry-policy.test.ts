import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, retryDelayMs } from "../../src/outbox/retry-policy.js";

describe("retryDelayMs", () => {
  it("doubles from 1 s and stops growing at 5 minutes", () => {
    expect([1, 2, 3, 4, 9, 10, 11, 50].map((attempts) => retryDelayMs(attempts))).toEqual([
      1000, 2000, 4000, 8000, 256_000, 300_000, 300_000, 300_000,
    ]);
  });

  it("waits what the platform asked for when it said (429 retry_after)", () => {
    expect(retryDelayMs(1, { retryAfterMs: 30_000 })).toBe(30_000);
    expect(retryDelayMs(12, { retryAfterMs: 2000 })).toBe(2000);
  });

  it("follows a policy of its own", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 10, maxDelayMs: 50 };
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, { policy }))).toEqual([
      10, 20, 40, 50,
    ]);
  });
});
