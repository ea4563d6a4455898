/**
 * Reporting periods (ISO weeks, quarters) and calendar-date arithmetic, in a campaign's IANA
 * time zone, without a date library.
 *
 * Dates are `YYYY-MM-DD` strings (a wall-calendar day, no zone); instants are `Date`s. Day
 * arithmetic runs on whole day numbers (days since 1970-01-01 in the proleptic Gregorian
 * calendar), so no time zone or DST can shift a date. Only converting an instant to a local
 * date (or back) needs the zone, through `Intl.DateTimeFormat`.
 *
 * Functions throw `RangeError` on malformed input: a bad date here is a programmer error,
 * because user input is validated before it reaches the domain.
 */

const MS_PER_DAY = 86_400_000;

/** Wall-clock fields of an instant in a time zone; `date` is `YYYY-MM-DD`, `time` `HH:MM:SS`. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  date: string;
  time: string;
}

/** An ISO week: its id (`2022-W23`) and its Monday and Sunday. */
export interface WeekPeriod {
  id: string;
  start: string;
  end: string;
}

/** A calendar quarter: its id (`2022Q2`) and its first and last day. */
export interface QuarterPeriod {
  id: string;
  start: string;
  end: string;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

function civilToDayNumber(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil: exact integer arithmetic over 400-year eras.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100);
  return era * 146_097 + dayOfEra + dayOfYear - 719_468;
}

// Day numbers of 0001-01-01 and 9999-12-31: the range a four-digit `YYYY` can name.
const FIRST_DAY_NUMBER = -719_162;
const LAST_DAY_NUMBER = 2_932_896;

function dayNumberToDate(dayNumber: number): string {
  if (dayNumber < FIRST_DAY_NUMBER || dayNumber > LAST_DAY_NUMBER) {
    throw new RangeError(`Date out of range 0001-01-01..9999-12-31 (day number ${dayNumber})`);
  }
  // A UTC midnight's ISO string starts with the date; no zone is involved.
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Splits a strict `YYYY-MM-DD` (years 0001–9999) into numbers, or `undefined` if it is not a real day. */
export function parseCalendarDate(
  date: string,
): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return undefined;
  return { year, month, day };
}

/** Whether `date` is a strict `YYYY-MM-DD` naming a real day (`2022-02-29` is not). */
export function isCalendarDate(date: string): boolean {
  return parseCalendarDate(date) !== undefined;
}

function toDayNumber(date: string): number {
  const parts = parseCalendarDate(date);
  if (!parts) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return civilToDayNumber(parts.year, parts.month, parts.day);
}

/** The date `days` days after `date` (negative goes back). @example addDays("2022-12-31", 1) // "2023-01-01" */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return dayNumberToDate(toDayNumber(date) + days);
}

/** Days from `from` to `to` (negative when `to` is earlier). @example daysBetween("2022-06-01", "2022-06-08") // 7 */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** ISO day of the week, 1 = Monday … 7 = Sunday. @example dayOfWeek("2022-06-06") // 1 */
export function dayOfWeek(date: string): number {
  // Day 0 (1970-01-01) was a Thursday (4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone, which is what we want.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The wall-clock date and time of `instant` in the IANA zone `timeZone`.
 *
 * @example zonedParts(new Date("2022-06-05T16:30:00Z"), "Asia/Shanghai").date // "2022-06-06"
 */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  if (Number.isNaN(instant.getTime())) throw new RangeError("Invalid instant");
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const get = (name: string): number => fields[name] ?? 0;
  const [year, month, day] = [get("year"), get("month"), get("day")];
  const [hour, minute, second] = [get("hour"), get("minute"), get("second")];
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    date,
    time: `${pad(hour)}:${pad(minute)}:${pad(second)}`,
  };
}

/** Offset of `timeZone` from UTC at `epochMs`, in milliseconds (e.g. +8 h for Asia/Shanghai). */
function offsetAt(epochMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  const p = zonedParts(new Date(wholeSecond), timeZone);
  const wallAsUtc =
    (civilToDayNumber(p.year, p.month, p.day) * 86_400 + p.hour * 3600 + p.minute * 60 + p.second) *
    1000;
  return wallAsUtc - wholeSecond;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time` (`HH:MM` or `HH:MM:SS`).
 *
 * Around DST changes it behaves like Temporal's "compatible" disambiguation: a time skipped by
 * a spring-forward gap moves forward by the gap (01:30 on London's change day → 02:30 BST), and
 * a time repeated by a fall-back overlap resolves to the earlier of the two instants.
 *
 * @example zonedTimeToInstant({ date: "2022-06-06", time: "09:00" }, "Asia/Shanghai").toISOString()
 * // "2022-06-06T01:00:00.000Z"
 */
export function zonedTimeToInstant(wall: { date: string; time: string }, timeZone: string): Date {
  const timeMatch = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(wall.time);
  if (!timeMatch)
    throw new RangeError(`Not a wall time (HH:MM or HH:MM:SS): ${JSON.stringify(wall.time)}`);
  const seconds =
    Number(timeMatch[1]) * 3600 + Number(timeMatch[2]) * 60 + Number(timeMatch[3] ?? 0);
  const wallAsUtc = (toDayNumber(wall.date) * 86_400 + seconds) * 1000;
  // Zone transitions are months apart, so the offsets a day either side are the only candidates.
  const offsetBefore = offsetAt(wallAsUtc - MS_PER_DAY, timeZone);
  const offsetAfter = offsetAt(wallAsUtc + MS_PER_DAY, timeZone);
  const candidates = [wallAsUtc - offsetBefore, wallAsUtc - offsetAfter]
    .filter((epochMs) => offsetAt(epochMs, timeZone) === wallAsUtc - epochMs)
    .sort((a, b) => a - b);
  // No candidate: the wall time fell into a gap; the pre-transition offset lands after the gap.
  return new Date(candidates[0] ?? wallAsUtc - offsetBefore);
}

/** Number of ISO weeks (52 or 53) in ISO week-year `year`. */
export function isoWeeksInYear(year: number): number {
  // A year has 53 weeks exactly when 28 December falls in week 53; that day is always in the last week.
  const dec28 = `${pad(year, 4)}-12-28`;
  return Number(isoWeekOf(dec28).slice(6));
}

/**
 * The ISO week id (`YYYY-Www`) of a date; the week-year can differ from the calendar year.
 *
 * @example isoWeekOf("2022-06-06") // "2022-W23"
 * @example isoWeekOf("2021-01-03") // "2020-W53"
 */
export function isoWeekOf(date: string): string {
  // The week belongs to the year of its Thursday.
  const thursday = addDays(date, 4 - dayOfWeek(date));
  const weekYear = Number(thursday.slice(0, 4));
  const ordinal = daysBetween(`${thursday.slice(0, 4)}-01-01`, thursday);
  return `${pad(weekYear, 4)}-W${pad(Math.floor(ordinal / 7) + 1)}`;
}

/** Splits a week id such as `2022-W23`, or `undefined` when malformed or past the year's last week. */
export function parseIsoWeekId(id: string): { year: number; week: number } | undefined {
  const match = /^(\d{4})-W(\d{2})$/.exec(id);
  if (!match) return undefined;
  const [year, week] = [Number(match[1]), Number(match[2])];
  if (year < 1 || week < 1 || week > isoWeeksInYear(year)) return undefined;
  return { year, week };
}

/** The Monday–Sunday span of a week id. @example isoWeekRange("2022-W23") // { id, start: "2022-06-06", end: "2022-06-12" } */
export function isoWeekRange(id: string): WeekPeriod {
  const parsed = parseIsoWeekId(id);
  if (!parsed) throw new RangeError(`Not an ISO week id (YYYY-Www): ${JSON.stringify(id)}`);
  // 4 January is always in week 1.
  const jan4 = `${pad(parsed.year, 4)}-01-04`;
  const start = addDays(jan4, 1 - dayOfWeek(jan4) + (parsed.week - 1) * 7);
  return { id, start, end: addDays(start, 6) };
}

/** The ISO week before `id`. @example previousIsoWeek("2022-W01") // "2021-W52" */
export function previousIsoWeek(id: string): string {
  return isoWeekOf(addDays(isoWeekRange(id).start, -7));
}

/** The ISO week containing `date`. */
export function weekPeriodOf(date: string): WeekPeriod {
  return isoWeekRange(isoWeekOf(date));
}

/**
 * The ISO week that contains `instant` on the wall calendar of `timeZone`.
 *
 * @example weekPeriodAt(new Date("2022-06-06T01:00:00Z"), "Asia/Shanghai")
 * // { id: "2022-W23", start: "2022-06-06", end: "2022-06-12" }
 */
export function weekPeriodAt(instant: Date, timeZone: string): WeekPeriod {
  return weekPeriodOf(zonedParts(instant, timeZone).date);
}

/** Splits a quarter id such as `2022Q2`; `undefined` for anything else (`2022Q5`, `2022q2`, `22Q2`). */
export function parseQuarterId(id: string): { year: number; quarter: 1 | 2 | 3 | 4 } | undefined {
  const match = /^(\d{4})Q([1-4])$/.exec(id);
  if (!match || Number(match[1]) < 1) return undefined;
  return { year: Number(match[1]), quarter: Number(match[2]) as 1 | 2 | 3 | 4 };
}

/** The quarter id of a date. @example quarterOf("2022-06-30") // "2022Q2" */
export function quarterOf(date: string): string {
  const parts = parseCalendarDate(date);
  if (!parts) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return `${pad(parts.year, 4)}Q${Math.ceil(parts.month / 3)}`;
}

/** First and last day of a quarter. @example quarterRange("2022Q2") // { id, start: "2022-04-01", end: "2022-06-30" } */
export function quarterRange(id: string): QuarterPeriod {
  const parsed = parseQuarterId(id);
  if (!parsed) throw new RangeError(`Not a quarter id (YYYYQn): ${JSON.stringify(id)}`);
  const firstMonth = (parsed.quarter - 1) * 3 + 1;
  const start = `${pad(parsed.year, 4)}-${pad(firstMonth)}-01`;
  const end = `${pad(parsed.year, 4)}-${pad(firstMonth + 2)}-${pad(daysInMonth(parsed.year, firstMonth + 2))}`;
  return { id, start, end };
}

/** The quarter that contains `instant` on the wall calendar of `timeZone`. */
export function quarterPeriodAt(instant: Date, timeZone: string): QuarterPeriod {
  return quarterRange(quarterOf(zonedParts(instant, timeZone).date));
}

/**
 * The quarter an ISO week belongs to: the quarter of its Thursday, as in {@link weeksInQuarter}
 * (not of its Monday: 2024-W40, 30 September to 6 October, belongs to 2024Q4).
 *
 * @example quarterOfWeek("2022-W26") // "2022Q2" (27 June–3 July)
 */
export function quarterOfWeek(id: string): string {
  return quarterOf(addDays(isoWeekRange(id).start, 3));
}

/**
 * The ISO weeks that belong to a quarter: those whose Thursday falls inside it, the same rule
 * ISO uses to give a week to a year. Every week thus belongs to exactly one quarter (13 or 14
 * weeks each), though its Monday or Sunday may lie in the neighbouring quarter.
 *
 * @example weeksInQuarter("2022Q2").map((week) => week.id) // ["2022-W14", …, "2022-W26"]
 */
export function weeksInQuarter(id: string): WeekPeriod[] {
  const { start, end } = quarterRange(id);
  const weeks: WeekPeriod[] = [];
  // First Thursday on or after the quarter's first day.
  let thursday = addDays(start, (4 - dayOfWeek(start) + 7) % 7);
  while (thursday <= end) {
    weeks.push(weekPeriodOf(thursday));
    thursday = addDays(thursday, 7);
  }
  return weeks;
}
