import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  dayOfWeek,
  daysBetween,
  isCalendarDate,
  isoWeekOf,
  isoWeekRange,
  isoWeeksInYear,
  parseIsoWeekId,
  parseQuarterId,
  previousIsoWeek,
  quarterOf,
  quarterOfWeek,
  quarterPeriodAt,
  quarterRange,
  weekPeriodAt,
  weeksInQuarter,
  zonedParts,
  zonedTimeToInstant,
} from "../../src/domain/periods.js";

/** Dates 1900..2199 generated through the JS Date, an independent reference. */
const dates = fc
  .integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2199, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));
const zones = fc.constantFrom("Asia/Shanghai", "Europe/London", "America/New_York", "UTC");

describe("calendar-date arithmetic", () => {
  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2022-12-31", 1)).toBe("2023-01-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("1900-02-28", 1)).toBe("1900-03-01");
    expect(addDays("2000-02-28", 1)).toBe("2000-02-29");
    expect(addDays("2022-03-01", -1)).toBe("2022-02-28");
    expect(daysBetween("2022-06-01", "2022-06-08")).toBe(7);
    expect(daysBetween("2022-06-08", "2022-06-01")).toBe(-7);
  });

  it("numbers weekdays 1 = Monday … 7 = Sunday", () => {
    expect(dayOfWeek("2022-06-06")).toBe(1);
    expect(dayOfWeek("2022-06-12")).toBe(7);
    expect(dayOfWeek("1970-01-01")).toBe(4);
    expect(dayOfWeek("1969-12-28")).toBe(7);
  });

  it("rejects what is not a real YYYY-MM-DD day", () => {
    for (const bad of ["2022-02-29", "2022-13-01", "2022-6-1", "2022-06-31", "0000-01-01", ""]) {
      expect(isCalendarDate(bad), bad).toBe(false);
      expect(() => addDays(bad, 1)).toThrow(RangeError);
    }
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(() => addDays("2022-01-01", 0.5)).toThrow(RangeError);
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
  });

  it("agrees with the JS Date on day of week and day differences", () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -5000, max: 5000 }), (date, days) => {
        const ms = Date.parse(`${date}T00:00:00Z`);
        expect(dayOfWeek(date)).toBe(((new Date(ms).getUTCDay() + 6) % 7) + 1);
        const later = addDays(date, days);
        expect(later).toBe(new Date(ms + days * 86_400_000).toISOString().slice(0, 10));
        expect(daysBetween(date, later)).toBe(days);
      }),
    );
  });
});

describe("ISO weeks", () => {
  it.each([
    ["2022-06-06", "2022-W23"],
    ["2022-06-12", "2022-W23"],
    ["2022-01-02", "2021-W52"],
    ["2021-01-03", "2020-W53"],
    ["2020-12-31", "2020-W53"],
    ["2024-12-30", "2025-W01"],
    ["2027-01-01", "2026-W53"],
    ["2015-12-31", "2015-W53"],
  ])("%s is in %s", (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it("knows which years have 53 weeks", () => {
    expect([2015, 2020, 2026, 2032].map(isoWeeksInYear)).toEqual([53, 53, 53, 53]);
    expect([2021, 2022, 2023, 2024, 2025].map(isoWeeksInYear)).toEqual([52, 52, 52, 52, 52]);
  });

  it("gives a week's Monday and Sunday, across the year boundary too", () => {
    expect(isoWeekRange("2022-W23")).toEqual({
      id: "2022-W23",
      start: "2022-06-06",
      end: "2022-06-12",
    });
    expect(isoWeekRange("2020-W53")).toMatchObject({ start: "2020-12-28", end: "2021-01-03" });
    expect(isoWeekRange("2025-W01")).toMatchObject({ start: "2024-12-30", end: "2025-01-05" });
  });

  it("rejects malformed week ids and weeks past the year's end", () => {
    for (const bad of ["2022-W53", "2022-W00", "2022W23", "2022-w23", "2022-W3"]) {
      expect(parseIsoWeekId(bad), bad).toBeUndefined();
      expect(() => isoWeekRange(bad)).toThrow(RangeError);
    }
    expect(parseIsoWeekId("2020-W53")).toEqual({ year: 2020, week: 53 });
  });

  it("contains each date in its week, which runs Monday to Sunday", () => {
    fc.assert(
      fc.property(dates, (date) => {
        const week = isoWeekRange(isoWeekOf(date));
        expect(dayOfWeek(week.start)).toBe(1);
        expect(week.end).toBe(addDays(week.start, 6));
        expect(week.start <= date && date <= week.end).toBe(true);
      }),
    );
  });

  it("moves to the next week exactly on Mondays, restarting at W01 after the last week", () => {
    fc.assert(
      fc.property(dates, (date) => {
        const today = parseIsoWeekId(isoWeekOf(date));
        const tomorrow = parseIsoWeekId(isoWeekOf(addDays(date, 1)));
        if (!today || !tomorrow) throw new Error("week ids must parse");
        const lastWeek = today.week === isoWeeksInYear(today.year);
        const next = lastWeek
          ? { year: today.year + 1, week: 1 }
          : { year: today.year, week: today.week + 1 };
        expect(tomorrow).toEqual(dayOfWeek(addDays(date, 1)) === 1 ? next : today);
      }),
    );
  });
});

describe("time zones", () => {
  it("reads wall-clock parts in a zone", () => {
    const instant = new Date("2022-06-05T16:30:00Z");
    expect(zonedParts(instant, "Asia/Shanghai")).toMatchObject({
      date: "2022-06-06",
      time: "00:30:00",
    });
    expect(zonedParts(instant, "Europe/London")).toMatchObject({ date: "2022-06-05", hour: 17 });
    expect(zonedParts(instant, "America/New_York").time).toBe("12:30:00");
    expect(zonedParts(new Date("2022-01-05T00:00:00Z"), "Europe/London").time).toBe("00:00:00");
    expect(() => zonedParts(instant, "Mars/Olympus")).toThrow(RangeError);
  });

  it.each([
    ["Asia/Shanghai", "2022-06-06", "09:00", "2022-06-06T01:00:00.000Z"],
    ["Europe/London", "2022-01-10", "09:00", "2022-01-10T09:00:00.000Z"],
    ["Europe/London", "2022-06-06", "09:00", "2022-06-06T08:00:00.000Z"],
    // Spring forward: 01:00–02:00 does not exist; the time moves forward by the gap.
    ["Europe/London", "2022-03-27", "01:30", "2022-03-27T01:30:00.000Z"],
    ["America/New_York", "2022-03-13", "02:30", "2022-03-13T07:30:00.000Z"],
    // Fall back: 01:00–02:00 happens twice; the earlier instant wins.
    ["Europe/London", "2022-10-30", "01:30", "2022-10-30T00:30:00.000Z"],
    ["America/New_York", "2022-11-06", "01:30:15", "2022-11-06T05:30:15.000Z"],
  ])("%s %s %s is %s", (zone, date, time, iso) => {
    expect(zonedTimeToInstant({ date, time }, zone).toISOString()).toBe(iso);
  });

  it("rejects malformed wall times", () => {
    expect(() => zonedTimeToInstant({ date: "2022-06-06", time: "24:00" }, "UTC")).toThrow(
      RangeError,
    );
    expect(() => zonedTimeToInstant({ date: "2022-06-06", time: "9:00" }, "UTC")).toThrow(
      RangeError,
    );
  });

  it("turns every instant's wall time back into that instant, or the earlier one of an overlap", () => {
    const instants = fc
      .integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 })
      .map((seconds) => new Date(seconds * 1000));
    fc.assert(
      fc.property(instants, zones, (instant, zone) => {
        const wall = zonedParts(instant, zone);
        const back = zonedTimeToInstant(wall, zone);
        expect(zonedParts(back, zone)).toEqual(wall);
        expect(back.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime() - back.getTime()).toBeLessThanOrEqual(3_600_000);
      }),
      { numRuns: 500 },
    );
  });

  it("finds the week in the campaign's zone", () => {
    // Sunday 16:30 UTC is already Monday in Shanghai.
    const instant = new Date("2022-06-05T16:30:00Z");
    expect(weekPeriodAt(instant, "Asia/Shanghai")).toEqual({
      id: "2022-W23",
      start: "2022-06-06",
      end: "2022-06-12",
    });
    expect(weekPeriodAt(instant, "UTC").id).toBe("2022-W22");
    expect(weekPeriodAt(new Date("2022-04-01T03:00:00Z"), "America/New_York").id).toBe("2022-W13");
    expect(quarterPeriodAt(new Date("2022-03-31T16:30:00Z"), "Asia/Shanghai").id).toBe("2022Q2");
    expect(quarterPeriodAt(new Date("2022-03-31T16:30:00Z"), "UTC").id).toBe("2022Q1");
  });
});

describe("quarters", () => {
  it("names and spans quarters", () => {
    expect(quarterOf("2022-06-30")).toBe("2022Q2");
    expect(quarterOf("2022-07-01")).toBe("2022Q3");
    expect(quarterRange("2022Q2")).toEqual({
      id: "2022Q2",
      start: "2022-04-01",
      end: "2022-06-30",
    });
    expect(quarterRange("2024Q1")).toMatchObject({ start: "2024-01-01", end: "2024-03-31" });
    expect(quarterRange("2022Q4")).toMatchObject({ start: "2022-10-01", end: "2022-12-31" });
  });

  it("rejects bad quarter ids", () => {
    for (const bad of ["2022Q0", "2022Q5", "2022q2", "22Q2", "2022-Q2", " 2022Q2", "2022Q2 ", ""]) {
      expect(parseQuarterId(bad), bad).toBeUndefined();
      expect(() => quarterRange(bad)).toThrow(RangeError);
    }
    expect(parseQuarterId("2022Q2")).toEqual({ year: 2022, quarter: 2 });
  });

  it("lists the weeks whose Thursday falls in the quarter", () => {
    const weeks = weeksInQuarter("2022Q2");
    expect(weeks.map((week) => week.id)).toEqual(
      Array.from({ length: 13 }, (_, index) => `2022-W${String(14 + index).padStart(2, "0")}`),
    );
    expect(weeks[0]).toEqual({ id: "2022-W14", start: "2022-04-04", end: "2022-04-10" });
    // 2020-12-31 is a Thursday: week 53 belongs to Q4, though it ends in January.
    expect(weeksInQuarter("2020Q4").at(-1)).toEqual({
      id: "2020-W53",
      start: "2020-12-28",
      end: "2021-01-03",
    });
    expect(weeksInQuarter("2021Q1")[0]?.id).toBe("2021-W01");
  });

  it("shares out a week-year's weeks among its four quarters, each once", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1901, max: 2199 }), (year) => {
        const ids = [1, 2, 3, 4].flatMap((quarter) =>
          weeksInQuarter(`${year}Q${quarter}`).map((week) => week.id),
        );
        const expected = Array.from(
          { length: isoWeeksInYear(year) },
          (_, index) => `${year}-W${String(index + 1).padStart(2, "0")}`,
        );
        expect(ids).toEqual(expected);
      }),
    );
  });
});

describe("previousIsoWeek and quarterOfWeek", () => {
  it("steps back over a year's end, 53-week years included", () => {
    expect(previousIsoWeek("2022-W26")).toBe("2022-W25");
    expect(previousIsoWeek("2022-W01")).toBe("2021-W52");
    expect(previousIsoWeek("2021-W01")).toBe("2020-W53");
  });
  it("gives a week the quarter of its Thursday, as weeksInQuarter does", () => {
    expect(quarterOfWeek("2022-W26")).toBe("2022Q2"); // 27 June – 3 July
    expect(quarterOfWeek("2024-W40")).toBe("2024Q4"); // Monday 30 September, Thursday 3 October
    expect(quarterOfWeek("2020-W53")).toBe("2020Q4"); // 28 December 2020 – 3 January 2021
    for (const quarter of ["2022Q1", "2022Q2", "2024Q3", "2024Q4", "2026Q1"]) {
      for (const week of weeksInQuarter(quarter)) expect(quarterOfWeek(week.id)).toBe(quarter);
    }
  });
});
