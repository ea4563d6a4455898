import type { CampaignFile } from "../campaigns/campaign-file-schema.js";
import { addDays, dayOfWeek, daysBetween } from "../domain/periods.js";
import {
  createWorkdayCalendar,
  type OfficialHolidayData,
  type WorkdayCalendar,
} from "../domain/workday-calendar.js";

/**
 * A calendar on which every day is worked, for campaigns with `skipHolidays: false`. Every year
 * counts as covered: with no day off, no holiday data is missing.
 */
export function everyDayWorkingCalendar(): WorkdayCalendar {
  return {
    isWorkday: () => true,
    holidayName: () => undefined,
    describe: (date) => ({
      date,
      isWorkday: true,
      kind: dayOfWeek(date) >= 6 ? "adjusted-workday" : "weekday",
      source: "campaign",
    }),
    nextWorkday: (date) => addDays(date, 1),
    previousWorkday: (date) => addDays(date, -1),
    workdaysBetween: (from, to) => daysBetween(from, to),
    coverage: () => "official",
  };
}

/**
 * The working days a campaign's jobs follow: the official holidays and 调休 days with the
 * campaign's `holidays.extra` and `holidays.workdays` on top, or every day when the schedule
 * says `skipHolidays: false`.
 */
export function planningCalendar(
  campaign: Pick<CampaignFile, "schedule" | "holidays">,
  officialData: OfficialHolidayData,
): WorkdayCalendar {
  if (!campaign.schedule.skipHolidays) return everyDayWorkingCalendar();
  return createWorkdayCalendar({
    officialData,
    extraHolidays: campaign.holidays?.extra ?? [],
    extraWorkdays: campaign.holidays?.workdays ?? [],
  });
}
