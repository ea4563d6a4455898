import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deadlineReminderDates } from "../../src/domain/deadline-reminders.js";
import { chineseOfficialHolidays } from "../../src/domain/official-holidays.js";
import { addDays } from "../../src/domain/periods.js";
import { createWorkdayCalendar } from "../../src/domain/workday-calendar.js";

const calendar = createWorkdayCalendar({ officialData: chineseOfficialHolidays() });

describe("deadlineReminderDates", () => {
  it("moves T-1 out of the National Day week back to 2022-09-30", () => {
    expect(deadlineReminderDates({ due: "2022-10-08", daysBefore: [1], calendar })).toEqual([
      { daysBefore: 1, date: "2022-09-30" },
    ]);
  });

  it("merges reminders that land on the same workday, keeping the largest n", () => {
    // T-14 is Saturday 09-24 → Friday 09-23; T-7, T-3 and T-1 fall in the holiday → 09-30.
    expect(
      deadlineReminderDates({ due: "2022-10-08", daysBefore: [14, 7, 3, 1], calendar }),
    ).toEqual([
      { daysBefore: 14, date: "2022-09-23" },
      { daysBefore: 7, date: "2022-09-30" },
    ]);
  });

  it("keeps workday reminders where they are and moves weekend ones back", () => {
    // Due Wednesday 2022-06-15: T-3 is Sunday 06-12 → Friday 06-10.
    expect(
      deadlineReminderDates({ due: "2022-06-15", daysBefore: [1, 3, 7, 14], calendar }),
    ).toEqual([
      { daysBefore: 14, date: "2022-06-01" },
      { daysBefore: 7, date: "2022-06-08" },
      { daysBefore: 3, date: "2022-06-10" },
      { daysBefore: 1, date: "2022-06-14" },
    ]);
  });

  it("moves a due-day reminder (T-0) on a holiday to the workday before", () => {
    expect(deadlineReminderDates({ due: "2022-06-03", daysBefore: [0], calendar })).toEqual([
      { daysBefore: 0, date: "2022-06-02" },
    ]);
  });

  it("counts a 调休 Saturday as a workday to remind on", () => {
    expect(deadlineReminderDates({ due: "2022-10-09", daysBefore: [1], calendar })).toEqual([
      { daysBefore: 1, date: "2022-10-08" },
    ]);
  });

  it("rejects negative or fractional offsets and malformed due dates", () => {
    expect(() => deadlineReminderDates({ due: "2022-10-08", daysBefore: [-1], calendar })).toThrow(
      RangeError,
    );
    expect(() => deadlineReminderDates({ due: "2022-10-08", daysBefore: [1.5], calendar })).toThrow(
      RangeError,
    );
    expect(() => deadlineReminderDates({ due: "2022-10-32", daysBefore: [1], calendar })).toThrow(
      RangeError,
    );
  });

  it("always yields sorted, distinct workdays no later than each T-n", () => {
    const due = fc.integer({ min: 0, max: 4 * 365 }).map((offset) => addDays("2021-01-01", offset));
    const offsets = fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 6 });
    fc.assert(
      fc.property(due, offsets, (dueDate, daysBefore) => {
        const reminders = deadlineReminderDates({ due: dueDate, daysBefore, calendar });
        const dates = reminders.map((reminder) => reminder.date);
        expect(dates).toEqual([...new Set(dates)].sort());
        for (const reminder of reminders) {
          expect(daysBefore).toContain(reminder.daysBefore);
          expect(calendar.isWorkday(reminder.date)).toBe(true);
          expect(reminder.date <= addDays(dueDate, -reminder.daysBefore)).toBe(true);
        }
        // Every requested offset is represented by a reminder on or before its own day.
        for (const n of daysBefore) {
          expect(reminders.some((reminder) => reminder.daysBefore >= n)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
