import { describe, expect, it } from "vitest";
import { formatInstant } from "../../src/reporting/format-instant.js";
import { reportingPeriodAt, reportingPeriodOf } from "../../src/reporting/reporting-period.js";

const shanghai = "Asia/Shanghai";
const weekly = {
  timeZone: shanghai,
  prompt: { day: "friday" as const, time: "09:00" },
  close: { day: "monday" as const, time: "12:00" },
};
const at = (iso: string) => new Date(iso);

describe("reportingPeriodAt", () => {
  it("is this week from its Friday prompt, closing the next Monday at noon", () => {
    const period = reportingPeriodAt({ ...weekly, now: at("2022-06-10T01:00:00Z") }); // Fri 09:00 +08
    expect(period.week).toEqual({ id: "2022-W23", start: "2022-06-06", end: "2022-06-12" });
    expect(period.promptAt.toISOString()).toBe("2022-06-10T01:00:00.000Z");
    expect(period.closesAt.toISOString()).toBe("2022-06-13T04:00:00.000Z");
  });

  it("stays on last week before this week's prompt, including after its close (late reports)", () => {
    const monday = reportingPeriodAt({ ...weekly, now: at("2022-06-13T06:00:00Z") }); // Mon 14:00
    expect(monday.week.id).toBe("2022-W23");
    expect(monday.closesAt < at("2022-06-13T06:00:00Z")).toBe(true);
    const thursday = reportingPeriodAt({ ...weekly, now: at("2022-06-16T12:00:00Z") });
    expect(thursday.week.id).toBe("2022-W23");
    const justBeforePrompt = reportingPeriodAt({ ...weekly, now: at("2022-06-17T00:59:59Z") });
    expect(justBeforePrompt.week.id).toBe("2022-W23");
    const atPrompt = reportingPeriodAt({ ...weekly, now: at("2022-06-17T01:00:00Z") });
    expect(atPrompt.week.id).toBe("2022-W24");
  });

  it("uses the campaign's time zone, not UTC, to find the week", () => {
    // Sunday 23:30 UTC is already Monday 07:30 in Shanghai, before a Monday 09:00 prompt.
    const period = reportingPeriodAt({
      now: at("2022-06-12T23:30:00Z"),
      timeZone: shanghai,
      prompt: { day: "monday", time: "09:00" },
      close: { day: "friday", time: "18:00" },
    });
    expect(period.week.id).toBe("2022-W23");
    expect(period.closesAt.toISOString()).toBe("2022-06-10T10:00:00.000Z");
  });

  it("crosses the year boundary", () => {
    const period = reportingPeriodAt({ ...weekly, now: at("2023-01-02T00:00:00Z") });
    expect(period.week.id).toBe("2022-W52");
    expect(period.closesAt.toISOString()).toBe("2023-01-02T04:00:00.000Z");
  });

  it("falls back to week boundaries for cron entries", () => {
    const period = reportingPeriodAt({
      now: at("2022-06-08T12:00:00Z"),
      timeZone: shanghai,
      prompt: { cron: "0 9 * * 5" },
      close: { cron: "0 12 * * 1" },
    });
    expect(period.week.id).toBe("2022-W23");
    expect(period.closesAt.toISOString()).toBe("2022-06-12T16:00:00.000Z");
  });

  it("gives the period of a week id, and nothing for a bad id", () => {
    expect(reportingPeriodOf({ ...weekly, weekId: "2022-W23" })?.closesAt.toISOString()).toBe(
      "2022-06-13T04:00:00.000Z",
    );
    expect(reportingPeriodOf({ ...weekly, weekId: "2022-W99" })).toBeUndefined();
  });
});

describe("formatInstant", () => {
  it("says a deadline in Chinese and in English, in the campaign's zone", () => {
    const close = at("2022-06-13T04:00:00Z");
    expect(formatInstant(close, { locale: "zh-CN", timeZone: shanghai })).toBe(
      "6月13日（周一）12:00",
    );
    expect(formatInstant(close, { locale: "en", timeZone: shanghai })).toBe("Mon 13 Jun, 12:00");
    expect(formatInstant(close, { locale: "en", timeZone: "Europe/London" })).toBe(
      "Mon 13 Jun, 05:00",
    );
  });
});
