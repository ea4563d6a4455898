import type { NonWorkingDayPolicy } from "../campaigns/campaign-schedule-schema.js";
import { deadlineReminderDates } from "../domain/deadline-reminders.js";
import { addDays } from "../domain/periods.js";
import type { WorkdayCalendar } from "../domain/workday-calendar.js";
import type { WorkdayShift } from "./due-job.js";
import { shiftToWorkingDay, workdayShift } from "./shift-to-working-day.js";

/** A warning T-`daysBefore` ahead of a due day: the day it fires, or the day off it was dropped on. */
export interface WarningDay {
  date: string;
  daysBefore: number;
  skipped: boolean;
  shift?: WorkdayShift;
}

/**
 * The days to warn ahead of `due`, T-n calendar days before it, each moved off days off by
 * `policy`. With `previous` these are exactly {@link deadlineReminderDates} (warnings that meet
 * on one day keep the largest n). With `next`, warnings that meet keep the smallest n (the one
 * nearest the truth), and one that would move past the due day is dropped: it would come too
 * late. With `skip`, warnings on days off are dropped. Dropped warnings are returned with
 * `skipped: true` on their own day, so a plan can say why.
 */
export function warningDays(options: {
  due: string;
  daysBefore: readonly number[];
  policy: NonWorkingDayPolicy;
  calendar: WorkdayCalendar;
}): WarningDay[] {
  const { due, policy, calendar } = options;
  const offsets = [...new Set(options.daysBefore)];
  if (policy === "previous") {
    return deadlineReminderDates({ due, daysBefore: offsets, calendar }).map(
      ({ date, daysBefore }) => {
        const nominal = addDays(due, -daysBefore);
        const shift = nominal === date ? {} : { shift: workdayShift(nominal, date, calendar) };
        return { date, daysBefore, skipped: false, ...shift };
      },
    );
  }
  const firing = new Map<string, WarningDay>();
  const dropped: WarningDay[] = [];
  for (const daysBefore of offsets) {
    const nominal = addDays(due, -daysBefore);
    const result = shiftToWorkingDay(nominal, policy, calendar);
    if ("skipped" in result) {
      dropped.push({ date: nominal, daysBefore, skipped: true, shift: result.skipped });
    } else if (result.date > due) {
      const shift = workdayShift(nominal, result.date, calendar);
      dropped.push({ date: nominal, daysBefore, skipped: true, shift });
    } else {
      const met = firing.get(result.date);
      if (!met || daysBefore < met.daysBefore) {
        const shift = result.shift ? { shift: result.shift } : {};
        firing.set(result.date, { date: result.date, daysBefore, skipped: false, ...shift });
      }
    }
  }
  return [...firing.values(), ...dropped].sort((a, b) => a.date.localeCompare(b.date));
}
