import type { QuietHours } from "../campaigns/quiet-hours.js";
import { addDays, zonedParts, zonedTimeToInstant } from "../domain/periods.js";

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/**
 * When to deliver a message due at `at` to someone with these quiet hours in `timeZone`: `at`
 * itself, or the end of the quiet hours it falls in (the next morning for a range that crosses
 * midnight, such as 22:00-08:00). The start is quiet, the end is not.
 *
 * @example deliveryTime(new Date("2022-06-10T15:00:00Z"), { start: 1320, end: 480 }, "Asia/Shanghai")
 * // 23:00 in Shanghai waits until 08:00 the next day: 2022-06-11T00:00:00Z
 */
export function deliveryTime(at: Date, quiet: QuietHours | undefined, timeZone: string): Date {
  if (!quiet) return at;
  const local = zonedParts(at, timeZone);
  const minute = local.hour * 60 + local.minute;
  const crossesMidnight = quiet.start > quiet.end;
  const inQuiet = crossesMidnight
    ? minute >= quiet.start || minute < quiet.end
    : minute >= quiet.start && minute < quiet.end;
  if (!inQuiet) return at;
  const endDate = crossesMidnight && minute >= quiet.start ? addDays(local.date, 1) : local.date;
  const end = zonedTimeToInstant({ date: endDate, time: clock(quiet.end) }, timeZone);
  return end > at ? end : at;
}
