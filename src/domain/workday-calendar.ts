import { addDays, dayOfWeek, daysBetween, isCalendarDate } from "./periods.js";

/** One officially announced day: a public holiday, or a 调休 weekend day that is worked. */
export interface OfficialDay {
  kind: "holiday" | "workday";
  /** The holiday's Chinese name (for a 调休 workday: the holiday it makes up for), e.g. `端午`. */
  name: string;
  englishName?: string;
}

/**
 * Announced holidays and 调休 workdays, as plain data so the calendar stays pure.
 * `coveredYears` lists the years whose announcement the data holds in full.
 */
export interface OfficialHolidayData {
  coveredYears: readonly number[];
  days: Readonly<Record<string, OfficialDay>>;
}

/** A day the campaign adds as a holiday or as a working day, overriding the official data. */
export interface CalendarOverride {
  date: string;
  name?: string;
}

/** Options of {@link createWorkdayCalendar}. */
export interface WorkdayCalendarOptions {
  extraHolidays?: readonly CalendarOverride[];
  extraWorkdays?: readonly CalendarOverride[];
  officialData?: OfficialHolidayData;
}

/**
 * Why a day is or is not worked: an ordinary `weekday` or `weekend`, a `holiday`, or an
 * `adjusted-workday` (a weekend day worked in exchange for a holiday, or a campaign's extra workday).
 */
export type DayKind = "weekday" | "weekend" | "holiday" | "adjusted-workday";

/** Everything the calendar knows about one date. */
export interface DayInfo {
  date: string;
  isWorkday: boolean;
  kind: DayKind;
  name?: string;
  /** Which rule decided: the campaign's overrides, the official data, or plain weekends. */
  source: "campaign" | "official" | "weekends";
}

/** Whether a year's days off come from announced data or only from the weekend rule. */
export type CalendarCoverage = "official" | "weekends-only";

/** Answers which days are worked, for deadlines, reminders and "skip holidays" schedules. */
export interface WorkdayCalendar {
  /** Whether `date` (`YYYY-MM-DD`) is a working day. */
  isWorkday(date: string): boolean;
  /** The holiday's name when `date` is a named day off, else `undefined` (weekends have none). */
  holidayName(date: string): string | undefined;
  /** The full account of `date`: worked or not, why, and which rule decided. */
  describe(date: string): DayInfo;
  /** The first workday strictly after `date`. */
  nextWorkday(date: string): string;
  /** The last workday strictly before `date`. */
  previousWorkday(date: string): string;
  /**
   * Workdays `d` with `from < d <= to`: "how many workdays until `to`", so
   * `workdaysBetween(a, b) + workdaysBetween(b, c) === workdaysBetween(a, c)`.
   * Negative when `to` is before `from`.
   */
  workdaysBetween(from: string, to: string): number;
  /** `official` when the year's holidays were announced in the data, else `weekends-only`. */
  coverage(year: number): CalendarCoverage;
}

// No real calendar has a year without a workday; a longer search means broken overrides.
const MAX_SEARCH_DAYS = 366;

function assertDate(date: string): void {
  if (!isCalendarDate(date)) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
}

function campaignDays(options: WorkdayCalendarOptions): Map<string, DayInfo> {
  const days = new Map<string, DayInfo>();
  const add = (overrides: readonly CalendarOverride[], isWorkday: boolean): void => {
    for (const { date, name } of overrides) {
      assertDate(date);
      const existing = days.get(date);
      if (existing && existing.isWorkday !== isWorkday) {
        throw new RangeError(`${date} is listed both as an extra holiday and as an extra workday`);
      }
      const kind: DayKind = isWorkday ? "adjusted-workday" : "holiday";
      days.set(date, { date, isWorkday, kind, source: "campaign", ...(name ? { name } : {}) });
    }
  };
  add(options.extraHolidays ?? [], false);
  add(options.extraWorkdays ?? [], true);
  return days;
}

/**
 * Builds a workday calendar: campaign overrides win over the official data, which wins over
 * the weekend rule (Saturday and Sunday off). A year absent from the official data falls back
 * to weekends only; `coverage(year)` tells callers so they can warn.
 *
 * @example
 * const calendar = createWorkdayCalendar({ officialData: chineseOfficialHolidays() });
 * calendar.isWorkday("2022-10-08"); // true: a Saturday worked for National Day (调休)
 * calendar.holidayName("2022-06-03"); // "端午"
 */
export function createWorkdayCalendar(options: WorkdayCalendarOptions = {}): WorkdayCalendar {
  const overrides = campaignDays(options);
  const official = options.officialData;
  const coveredYears = new Set(official?.coveredYears ?? []);

  const describe = (date: string): DayInfo => {
    assertDate(date);
    const override = overrides.get(date);
    if (override) return override;
    const announced = official?.days[date];
    if (announced) {
      const isWorkday = announced.kind === "workday";
      const kind: DayKind = isWorkday ? "adjusted-workday" : "holiday";
      return { date, isWorkday, kind, name: announced.name, source: "official" };
    }
    const weekend = dayOfWeek(date) >= 6;
    return { date, isWorkday: !weekend, kind: weekend ? "weekend" : "weekday", source: "weekends" };
  };

  const isWorkday = (date: string): boolean => describe(date).isWorkday;

  const searchWorkday = (date: string, step: 1 | -1): string => {
    assertDate(date);
    let candidate = date;
    for (let tried = 0; tried < MAX_SEARCH_DAYS; tried += 1) {
      candidate = addDays(candidate, step);
      if (isWorkday(candidate)) return candidate;
    }
    throw new RangeError(`No workday within ${MAX_SEARCH_DAYS} days of ${date}`);
  };

  const workdaysBetween = (from: string, to: string): number => {
    const span = daysBetween(from, to);
    // `-0` for an empty reversed span would not equal `0` under Object.is; `0 - n` is +0.
    if (span < 0) return 0 - workdaysBetween(to, from);
    let count = 0;
    for (let offset = 1; offset <= span; offset += 1) {
      if (isWorkday(addDays(from, offset))) count += 1;
    }
    return count;
  };

  return {
    isWorkday,
    holidayName: (date) => {
      const info = describe(date);
      return info.kind === "holiday" ? info.name : undefined;
    },
    describe,
    nextWorkday: (date) => searchWorkday(date, 1),
    previousWorkday: (date) => searchWorkday(date, -1),
    workdaysBetween,
    coverage: (year) => (coveredYears.has(year) ? "official" : "weekends-only"),
  };
}
