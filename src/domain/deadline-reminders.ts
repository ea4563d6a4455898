import { addDays, isCalendarDate } from "./periods.js";
import type { WorkdayCalendar } from "./workday-calendar.js";

/** One reminder ahead of a deadline: which T-n it stands for, and the day to send it. */
export interface DeadlineReminder {
  daysBefore: number;
  date: string;
}

/** Options of {@link deadlineReminderDates}. */
export interface DeadlineReminderOptions {
  /** The deadline, `YYYY-MM-DD`. */
  due: string;
  /** Calendar days ahead of `due` to remind, e.g. `[14, 7, 3, 1]`; 0 means the due day itself. */
  daysBefore: readonly number[];
  calendar: WorkdayCalendar;
}

/**
 * The days on which to remind an owner of a deadline: T-n calendar days before `due`, moved
 * back to the previous workday when that day is off (people read work chats on workdays, and a
 * reminder after a long holiday would come too late). Reminders that land on the same day are
 * merged, keeping the largest n (the one that says "earliest notice"). The result is sorted by
 * date and never after `due`; dropping dates already past is the caller's concern.
 *
 * @example
 * // 2022-10-08 is a worked Saturday; T-1 (10-07) and T-3 (10-05) fall in the National Day
 * // holiday and both move back to Friday 2022-09-30.
 * deadlineReminderDates({ due: "2022-10-08", daysBefore: [7, 3, 1], calendar });
 * // [{ daysBefore: 7, date: "2022-09-30" }]
 */
export function deadlineReminderDates(options: DeadlineReminderOptions): DeadlineReminder[] {
  const { due, calendar } = options;
  if (!isCalendarDate(due)) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(due)}`);
  }
  const byDate = new Map<string, number>();
  for (const daysBefore of options.daysBefore) {
    if (!Number.isInteger(daysBefore) || daysBefore < 0) {
      throw new RangeError(`Reminder offset must be a whole number of days >= 0: ${daysBefore}`);
    }
    const nominal = addDays(due, -daysBefore);
    const date = calendar.isWorkday(nominal) ? nominal : calendar.previousWorkday(nominal);
    byDate.set(date, Math.max(daysBefore, byDate.get(date) ?? daysBefore));
  }
  return [...byDate]
    .map(([date, daysBefore]) => ({ daysBefore, date }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
