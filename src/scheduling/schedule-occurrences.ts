import { type ParsedFields, parse } from "node-cron";
import { type ScheduleEntry, scheduleEntryToCron } from "../campaigns/schedule-entry.js";
import { addDays, dayOfWeek, parseCalendarDate, zonedTimeToInstant } from "../domain/periods.js";

/** One nominal run of a schedule entry: its wall-clock date and time, and the instant. */
export interface WallOccurrence {
  date: string;
  time: string;
  instant: Date;
}

const parsedCrons = new Map<string, ParsedFields>();

function fieldsOf(cron: string): ParsedFields {
  let fields = parsedCrons.get(cron);
  if (!fields) {
    fields = parse(cron);
    parsedCrons.set(cron, fields);
  }
  return fields;
}

const lastDayOfMonth = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

/** node-cron's `nW`/`LW`: the weekday nearest to a day, within its month. */
function nearestWeekday(year: number, month: number, target: number): number {
  const last = lastDayOfMonth(year, month);
  if (target < 1 || target > last) return -1;
  const weekday = new Date(Date.UTC(year, month - 1, target)).getUTCDay();
  if (weekday === 6) return target === 1 ? target + 2 : target - 1;
  if (weekday === 0) return target === last ? target - 2 : target + 1;
  return target;
}

// The day-of-month and day-of-week tokens node-cron's parse() leaves as text, read as it reads them.
function matchesDayOfMonth(field: ParsedFields["dayOfMonth"], y: number, m: number, d: number) {
  return field.some((value) => {
    if (value === d) return true;
    if (typeof value !== "string") return false;
    if (value === "L") return d === lastDayOfMonth(y, m);
    const weekday = /^(\d{1,2}|L)W$/.exec(value);
    if (weekday) {
      const target = weekday[1] === "L" ? lastDayOfMonth(y, m) : Number(weekday[1]);
      return nearestWeekday(y, m, target) === d;
    }
    const offset = /^L-(\d{1,2})$/.exec(value);
    return offset !== null && lastDayOfMonth(y, m) - Number(offset[1]) === d;
  });
}

function matchesDayOfWeek(field: ParsedFields["dayOfWeek"], date: string, d: number): boolean {
  const weekday = dayOfWeek(date) % 7; // cron counts 0 = Sunday
  const parts = parseCalendarDate(date);
  return field.some((value) => {
    if (value === weekday) return true;
    if (typeof value !== "string" || !parts) return false;
    const nth = /^([0-7])#([1-5])$/.exec(value);
    if (nth)
      return Number(nth[1]) % 7 === weekday && Math.floor((d - 1) / 7) + 1 === Number(nth[2]);
    const last = /^([0-7])L$/.exec(value);
    return (
      last !== null &&
      Number(last[1]) % 7 === weekday &&
      d + 7 > lastDayOfMonth(parts.year, parts.month)
    );
  });
}

const pad = (value: number) => String(value).padStart(2, "0");

/**
 * The nominal runs of a schedule entry on the wall calendar of `timeZone`, from `fromDate` to
 * `toDate` (inclusive), in order. A weekday and time is read as the cron expression it stands
 * for, and a cron expression as node-cron reads it (day of month and day of week must both
 * match). A wall time that a DST change skips moves forward by the gap, as zonedTimeToInstant does.
 *
 * @example scheduleOccurrences({ entry: { day: "friday", time: "09:00" }, timeZone: "Asia/Shanghai", fromDate: "2022-09-26", toDate: "2022-10-02" })
 * // [{ date: "2022-09-30", time: "09:00", instant: 2022-09-30T01:00:00Z }]
 */
export function scheduleOccurrences(options: {
  entry: ScheduleEntry;
  timeZone: string;
  fromDate: string;
  toDate: string;
}): WallOccurrence[] {
  const { timeZone, toDate } = options;
  const fields = fieldsOf(scheduleEntryToCron(options.entry));
  const hours = [...fields.hour].sort((a, b) => a - b);
  const minutes = [...fields.minute].sort((a, b) => a - b);
  const occurrences: WallOccurrence[] = [];
  for (let date = options.fromDate; date <= toDate; date = addDays(date, 1)) {
    const parts = parseCalendarDate(date);
    if (!parts || !fields.month.includes(parts.month)) continue;
    if (!matchesDayOfMonth(fields.dayOfMonth, parts.year, parts.month, parts.day)) continue;
    if (!matchesDayOfWeek(fields.dayOfWeek, date, parts.day)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const time = `${pad(hour)}:${pad(minute)}`;
        occurrences.push({ date, time, instant: zonedTimeToInstant({ date, time }, timeZone) });
      }
    }
  }
  return occurrences;
}
