import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createClock } from "../../src/scheduling/clock.js";

describe("the bot's clock", () => {
  it("is the real clock unless a simulated one is configured", () => {
    const clock = createClock(undefined, () => 1_000);
    expect(clock.now()).toEqual(new Date(1_000));
    expect(clock.minutesPerSecond).toBeUndefined();
  });

  it("runs a simulated clock faster, from a shared real instant", () => {
    let real = Date.parse("2026-12-01T10:00:05Z");
    const clock = createClock(
      {
        start: new Date("2022-06-10T00:00:00Z"),
        minutesPerSecond: 60,
        realStart: new Date("2026-12-01T10:00:00Z"),
      },
      () => real,
    );
    expect(clock.now()).toEqual(new Date("2022-06-10T05:00:00Z")); // 5 s × 60 min
    real += 1_000;
    expect(clock.now()).toEqual(new Date("2022-06-10T06:00:00Z"));
  });

  it("reads DUBAN_SIMULATED_CLOCK, and refuses a malformed one naming the variable", () => {
    const config = loadConfig({
      DUBAN_SIMULATED_CLOCK: "2022-06-10T00:00:00Z@120@2026-12-01T10:00:00Z",
    });
    expect(config.simulatedClock).toEqual({
      start: new Date("2022-06-10T00:00:00Z"),
      minutesPerSecond: 120,
      realStart: new Date("2026-12-01T10:00:00Z"),
    });
    expect(() => loadConfig({ DUBAN_SIMULATED_CLOCK: "next friday@2" })).toThrow(
      /DUBAN_SIMULATED_CLOCK/,
    );
  });
});
