import { validate as isValidCron } from "node-cron";
import { z } from "zod";

/** Days of the week in cron order (0 = sunday), as written in campaign files. */
export const WEEKDAYS = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const ERRORS = "campaign.errors";

/** `monday` or `mon` (any case) → `monday`; anything else → undefined. */
export function weekdayFromName(name: string): Weekday | undefined {
  const lower = name.trim().toLowerCase();
  return WEEKDAYS.find((day) => day === lower || day.slice(0, 3) === lower);
}

/** A weekday name, long or short, normalised to the long form. */
export const ZWeekday = z.string({ error: `${ERRORS}.weekday` }).transform((value, ctx) => {
  const day = weekdayFromName(value);
  if (day === undefined) {
    ctx.addIssue({ code: "custom", message: `${ERRORS}.weekday`, input: value });
    return z.NEVER;
  }
  return day;
});

const CLOCK_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** A 24-hour clock time `HH:MM` (`9:00` is accepted and normalised to `09:00`). */
export const ZClockTime = z.string({ error: `${ERRORS}.time` }).transform((value, ctx) => {
  const match = CLOCK_TIME.exec(value.trim());
  if (!match) {
    ctx.addIssue({ code: "custom", message: `${ERRORS}.time`, input: value });
    return z.NEVER;
  }
  return `${(match[1] ?? "").padStart(2, "0")}:${match[2] ?? "00"}`;
});

/** A five-field cron expression (minute hour day-of-month month day-of-week) node-cron accepts. */
export const ZCronExpression = z
  .string({ error: `${ERRORS}.cron` })
  .refine((value) => value.trim().split(/\s+/).length === 5 && isValidCron(value.trim()), {
    error: `${ERRORS}.cron`,
  });

/**
 * One point in the weekly schedule: either a weekday and a time in the campaign's
 * time zone, or a cron expression for anything else.
 *
 * @example { day: "friday", time: "09:00" } or { cron: "0 9 * * 5" }
 */
export const ZScheduleEntry = z
  .strictObject({
    day: ZWeekday.optional(),
    time: ZClockTime.optional(),
    cron: ZCronExpression.optional(),
  })
  .transform((entry, ctx): ScheduleEntry => {
    if (entry.cron !== undefined) {
      if (entry.day !== undefined || entry.time !== undefined) {
        ctx.addIssue({ code: "custom", message: `${ERRORS}.scheduleEntryMixed`, input: entry });
        return z.NEVER;
      }
      return { cron: entry.cron.trim() };
    }
    if (entry.day === undefined && entry.time === undefined) {
      ctx.addIssue({ code: "custom", message: `${ERRORS}.scheduleEntryForm`, input: entry });
      return z.NEVER;
    }
    if (entry.day === undefined || entry.time === undefined) {
      const path = [entry.day === undefined ? "day" : "time"];
      ctx.addIssue({ code: "custom", message: `${ERRORS}.missingField`, input: undefined, path });
      return z.NEVER;
    }
    return { day: entry.day, time: entry.time };
  });

/** A schedule entry after parsing: day names are long, times are `HH:MM`. */
export type ScheduleEntry = { day: Weekday; time: string } | { cron: string };

/**
 * The cron expression that fires at `entry` (for a day/time entry, in the campaign's
 * time zone; the caller passes that zone to the scheduler).
 *
 * @example scheduleEntryToCron({ day: "friday", time: "09:00" }) // "0 9 * * 5"
 */
export function scheduleEntryToCron(entry: ScheduleEntry): string {
  if ("cron" in entry) return entry.cron;
  const [hours = "0", minutes = "0"] = entry.time.split(":");
  return `${Number(minutes)} ${Number(hours)} * * ${WEEKDAYS.indexOf(entry.day)}`;
}
