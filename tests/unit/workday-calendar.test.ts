import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chineseOfficialHolidays,
  officialHolidaysFromChineseDays,
} from "../../src/domain/official-holidays.js";
import { addDays } from "../../src/domain/periods.js";
import { createWorkdayCalendar } from "../../src/domain/workday-calendar.js";

const official = chineseOfficialHolidays();
const calendar = createWorkdayCalendar({ officialData: official });

describe("chinese-days adapter", () => {
  it("covers the announced years 2004–2026 of chinese-days 1.5.7", () => {
    expect(official.coveredYears[0]).toBe(2004);
    expect(official.coveredYears).toContain(2022);
    expect(official.coveredYears).toContain(2026);
    expect(official.coveredYears).not.toContain(2099);
  });

  it("converts the package's JSON into holiday and workday entries with names", () => {
    const data = officialHolidaysFromChineseDays({
      holidays: { "2030-01-01": "New Year's Day,元旦,1" },
      workdays: { "2031-01-04": "New Year's Day,元旦,1" },
    });
    expect(data).toEqual({
      coveredYears: [2030],
      days: {
        "2030-01-01": { kind: "holiday", name: "元旦", englishName: "New Year's Day" },
        "2031-01-04": { kind: "workday", name: "元旦", englishName: "New Year's Day" },
      },
    });
  });
});

describe("workday calendar with China's official data", () => {
  it("treats 2022-06-03 (端午节) as a holiday", () => {
    expect(calendar.isWorkday("2022-06-03")).toBe(false);
    expect(calendar.holidayName("2022-06-03")).toBe("端午");
    expect(calendar.describe("2022-06-03")).toMatchObject({ kind: "holiday", source: "official" });
  });

  it("treats Saturday 2022-10-08 (调休) as a workday", () => {
    expect(calendar.isWorkday("2022-10-08")).toBe(true);
    expect(calendar.holidayName("2022-10-08")).toBeUndefined();
    expect(calendar.describe("2022-10-08")).toMatchObject({
      kind: "adjusted-workday",
      name: "国庆节",
    });
  });

  it("treats 2022-10-01..07 as the National Day holiday", () => {
    for (let day = 1; day <= 7; day += 1) {
      const date = `2022-10-0${day}`;
      expect(calendar.isWorkday(date), date).toBe(false);
      expect(calendar.holidayName(date), date).toBe("国庆节");
    }
  });

  it("keeps ordinary weekdays and weekends", () => {
    expect(calendar.describe("2022-06-06")).toMatchObject({ isWorkday: true, kind: "weekday" });
    expect(calendar.describe("2022-06-11")).toMatchObject({ isWorkday: false, kind: "weekend" });
    expect(calendar.holidayName("2022-06-11")).toBeUndefined();
  });

  it("steps over holidays to the next and previous workday", () => {
    expect(calendar.nextWorkday("2022-09-30")).toBe("2022-10-08");
    expect(calendar.previousWorkday("2022-10-08")).toBe("2022-09-30");
    expect(calendar.nextWorkday("2022-06-02")).toBe("2022-06-06");
    expect(calendar.previousWorkday("2022-06-06")).toBe("2022-06-02");
  });

  it("counts workdays in (from, to]", () => {
    expect(calendar.workdaysBetween("2022-09-30", "2022-10-10")).toBe(3);
    expect(calendar.workdaysBetween("2022-10-10", "2022-09-30")).toBe(-3);
    expect(calendar.workdaysBetween("2022-06-06", "2022-06-06")).toBe(0);
    expect(calendar.workdaysBetween("2022-06-05", "2022-06-12")).toBe(5);
  });

  it("adds workday counts across consecutive spans", () => {
    const date = fc
      .integer({ min: 0, max: 3 * 365 })
      .map((offset) => addDays("2021-06-01", offset));
    fc.assert(
      fc.property(date, date, date, (a, b, c) => {
        expect(calendar.workdaysBetween(a, b) + calendar.workdaysBetween(b, c)).toBe(
          calendar.workdaysBetween(a, c),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("reports official coverage for announced years and weekends-only beyond", () => {
    expect(calendar.coverage(2022)).toBe("official");
    expect(calendar.coverage(2099)).toBe("weekends-only");
  });

  it("falls back to Saturday and Sunday off in a year without data", () => {
    // 2099-10-01 is a Thursday: no National Day data, so an ordinary workday.
    expect(calendar.isWorkday("2099-10-01")).toBe(true);
    expect(calendar.describe("2099-10-03")).toMatchObject({
      isWorkday: false,
      kind: "weekend",
      source: "weekends",
    });
    expect(calendar.isWorkday("2099-10-04")).toBe(false);
    expect(calendar.nextWorkday("2099-10-02")).toBe("2099-10-05");
  });
});

describe("campaign overrides", () => {
  it("let an extra holiday win over an official workday", () => {
    const withHoliday = createWorkdayCalendar({
      officialData: official,
      extraHolidays: [{ date: "2022-10-08", name: "单位活动日" }],
    });
    expect(withHoliday.isWorkday("2022-10-08")).toBe(false);
    expect(withHoliday.holidayName("2022-10-08")).toBe("单位活动日");
    expect(withHoliday.describe("2022-10-08").source).toBe("campaign");
    expect(withHoliday.nextWorkday("2022-09-30")).toBe("2022-10-09");
  });

  it("let an extra workday win over an official holiday and a weekend", () => {
    const withWorkdays = createWorkdayCalendar({
      officialData: official,
      extraWorkdays: [{ date: "2022-06-03" }, { date: "2099-10-03", name: "集中办公" }],
    });
    expect(withWorkdays.isWorkday("2022-06-03")).toBe(true);
    expect(withWorkdays.holidayName("2022-06-03")).toBeUndefined();
    expect(withWorkdays.describe("2099-10-03")).toMatchObject({
      isWorkday: true,
      kind: "adjusted-workday",
      name: "集中办公",
    });
    expect(withWorkdays.coverage(2099)).toBe("weekends-only");
  });

  it("work without official data at all", () => {
    const plain = createWorkdayCalendar({ extraHolidays: [{ date: "2022-06-06" }] });
    expect(plain.isWorkday("2022-06-03")).toBe(true);
    expect(plain.isWorkday("2022-06-06")).toBe(false);
    expect(plain.coverage(2022)).toBe("weekends-only");
  });

  it("reject a day listed both ways, and malformed dates", () => {
    expect(() =>
      createWorkdayCalendar({
        extraHolidays: [{ date: "2022-06-06" }],
        extraWorkdays: [{ date: "2022-06-06" }],
      }),
    ).toThrow(RangeError);
    expect(() => createWorkdayCalendar({ extraHolidays: [{ date: "2022-6-6" }] })).toThrow(
      RangeError,
    );
    expect(() => calendar.isWorkday("2022-02-30")).toThrow(RangeError);
  });

  it("give up rather than loop when overrides leave no workday for a year", () => {
    const days = Array.from({ length: 400 }, (_, index) => ({
      date: addDays("2030-01-01", index),
    }));
    const closed = createWorkdayCalendar({ extraHolidays: days });
    expect(() => closed.nextWorkday("2030-01-01")).toThrow(RangeError);
  });
});
