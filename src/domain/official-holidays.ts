/**
 * Adapter from the `chinese-days` package to {@link OfficialHolidayData}: the only file that
 * knows the package, so the calendar itself stays pure and tests can hand it any data.
 *
 * We read the package's raw JSON (`dist/chinese-days.json`, the data behind its `isWorkday` and
 * `getDayDetail`) rather than call those functions day by day, because the JSON also tells us
 * which years were announced. chinese-days 1.5.7 covers 2004–2026; each upgrade of the package
 * brings newly announced years.
 */
import chineseDays from "chinese-days/dist/chinese-days.json" with { type: "json" };
import type { OfficialDay, OfficialHolidayData } from "./workday-calendar.js";

/** The JSON's shape: date → `"English name,中文名,length in days"`. */
interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function toOfficialDay(kind: OfficialDay["kind"], description: string): OfficialDay {
  const [englishName = "", name = ""] = description.split(",");
  return { kind, name: name || englishName, ...(englishName ? { englishName } : {}) };
}

/** Converts chinese-days' JSON; exported for tests of the conversion itself. */
export function officialHolidaysFromChineseDays(json: ChineseDaysJson): OfficialHolidayData {
  const days: Record<string, OfficialDay> = {};
  for (const [date, description] of Object.entries(json.holidays)) {
    days[date] = toOfficialDay("holiday", description);
  }
  for (const [date, description] of Object.entries(json.workdays)) {
    days[date] = toOfficialDay("workday", description);
  }
  // A year counts as covered when it has announced holidays: every year has 元旦 and 春节.
  // Workdays alone do not count, as a 调休 day can fall in January of the next year.
  const years = new Set(Object.keys(json.holidays).map((date) => Number(date.slice(0, 4))));
  return { coveredYears: [...years].sort((a, b) => a - b), days };
}

let cached: OfficialHolidayData | undefined;

/**
 * China's public holidays and 调休 working weekend days, as announced by the State Council and
 * packaged by `chinese-days`. Converted once and then shared (treat the result as read-only).
 *
 * @example createWorkdayCalendar({ officialData: chineseOfficialHolidays() })
 */
export function chineseOfficialHolidays(): OfficialHolidayData {
  cached ??= officialHolidaysFromChineseDays(chineseDays);
  return cached;
}
