import type { ScheduleEntry } from "../campaigns/schedule-entry.js";
import {
  addDays,
  isoWeekOf,
  isoWeekRange,
  parseIsoWeekId,
  previousIsoWeek,
  type WeekPeriod,
  zonedParts,
  zonedTimeToInstant,
} from "../domain/periods.js";

/** The week a member reports on, with the instants that bound it. */
export interface ReportingPeriod {
  week: WeekPeriod;
  /** When staff are prompted for this week. */
  promptAt: Date;
  /** The close: a report submitted later is marked late. */
  closesAt: Date;
}

const ISO_DAY: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

/** The instant of a day/time entry in week `week`; cron entries fall back to Monday 00:00. */
function entryInstant(entry: ScheduleEntry, week: WeekPeriod, timeZone: string): Date {
  if ("cron" in entry) return zonedTimeToInstant({ date: week.start, time: "00:00" }, timeZone);
  const date = addDays(week.start, (ISO_DAY[entry.day] ?? 1) - 1);
  return zonedTimeToInstant({ date, time: entry.time }, timeZone);
}

function previousWeek(week: WeekPeriod): WeekPeriod {
  return isoWeekRange(previousIsoWeek(week.id));
}

/**
 * The reporting period at `now`: the latest week whose prompt has passed. It stays the
 * reporting week after its close until the next week's prompt, so a late report still lands
 * on the week it is about (and is marked late). The close is the first close instant after
 * the prompt: a Friday prompt with a Monday close closes in the following week.
 *
 * A cron prompt or close (not a weekday and time) is taken as the week's start, Monday 00:00,
 * and a cron close as the next week's start.
 *
 * @example reportingPeriodAt({ now, timeZone: "Asia/Shanghai", prompt: { day: "friday", time: "09:00" }, close: { day: "monday", time: "12:00" } })
 */
export function reportingPeriodAt(options: {
  now: Date;
  timeZone: string;
  prompt: ScheduleEntry;
  close: ScheduleEntry;
}): ReportingPeriod {
  const { now, timeZone, prompt, close } = options;
  let week = isoWeekRange(isoWeekOf(zonedParts(now, timeZone).date));
  let promptAt = entryInstant(prompt, week, timeZone);
  if (now < promptAt) {
    week = previousWeek(week);
    promptAt = entryInstant(prompt, week, timeZone);
  }
  return { week, promptAt, closesAt: closeAfter({ promptAt, week, close, timeZone }) };
}

/** The reporting period of a given week id (`2022-W23`), e.g. for a report being edited. */
export function reportingPeriodOf(options: {
  weekId: string;
  timeZone: string;
  prompt: ScheduleEntry;
  close: ScheduleEntry;
}): ReportingPeriod | undefined {
  if (!parseIsoWeekId(options.weekId)) return undefined;
  const week = isoWeekRange(options.weekId);
  const promptAt = entryInstant(options.prompt, week, options.timeZone);
  return {
    week,
    promptAt,
    closesAt: closeAfter({ promptAt, week, close: options.close, timeZone: options.timeZone }),
  };
}

function closeAfter(options: {
  promptAt: Date;
  week: WeekPeriod;
  close: ScheduleEntry;
  timeZone: string;
}): Date {
  const { promptAt, week, close, timeZone } = options;
  if ("cron" in close)
    return zonedTimeToInstant({ date: addDays(week.start, 7), time: "00:00" }, timeZone);
  const sameWeek = entryInstant(close, week, timeZone);
  if (sameWeek > promptAt) return sameWeek;
  const nextWeek = isoWeekRange(isoWeekOf(addDays(week.start, 7)));
  return entryInstant(close, nextWeek, timeZone);
}
