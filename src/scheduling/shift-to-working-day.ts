import type { NonWorkingDayPolicy } from "../campaigns/campaign-schedule-schema.js";
import type { WorkdayCalendar } from "../domain/workday-calendar.js";
import type { WorkdayShift } from "./due-job.js";

/** Where a run on `date` goes: the same day, another working day, or nowhere. */
export type ShiftResult = { date: string; shift?: WorkdayShift } | { skipped: WorkdayShift };

/**
 * The account of moving a run from the day off `from` to `to`: why `from` is off, by name
 * when it is a holiday. A campaign's extra holiday without a name has none.
 */
export function workdayShift(from: string, to: string, calendar: WorkdayCalendar): WorkdayShift {
  const day = calendar.describe(from);
  if (day.kind !== "holiday") return { from, to, reason: "weekend" };
  return { from, to, reason: "holiday", ...(day.name ? { holiday: day.name } : {}) };
}

/**
 * Applies a day-off policy to one date: a working day stays; a day off moves to the previous or
 * next working day, or is skipped (`skipped.to` is then `date` itself). Shared by the planner and
 * anything that must agree with it on when a run really happens (the reporting period).
 *
 * @example
 * shiftToWorkingDay("2022-10-03", "next", calendar)
 * // { date: "2022-10-08", shift: { from: "2022-10-03", to: "2022-10-08", reason: "holiday", holiday: "国庆节" } }
 */
export function shiftToWorkingDay(
  date: string,
  policy: NonWorkingDayPolicy,
  calendar: WorkdayCalendar,
): ShiftResult {
  if (calendar.isWorkday(date)) return { date };
  if (policy === "skip") return { skipped: workdayShift(date, date, calendar) };
  const to = policy === "previous" ? calendar.previousWorkday(date) : calendar.nextWorkday(date);
  return { date: to, shift: workdayShift(date, to, calendar) };
}
