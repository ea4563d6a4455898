import { describe, expect, it } from "vitest";
import { ZCampaignSchedule } from "../../src/campaigns/campaign-file-schema.js";
import { chineseOfficialHolidays } from "../../src/domain/official-holidays.js";
import { planningCalendar } from "../../src/scheduling/planning-calendar.js";
import { scheduledPeriodAt, scheduledPeriodOf } from "../../src/scheduling/scheduled-period.js";

const schedule = ZCampaignSchedule.parse({
  prompt: { day: "friday", time: "09:00" },
  close: { day: "monday", time: "12:00" },
});
const options = {
  timeZone: "Asia/Shanghai",
  schedule,
  calendar: planningCalendar({ schedule }, chineseOfficialHolidays()),
};

describe("the reporting week as the scheduler runs it", () => {
  it("closes the week before National Day 2022 on the first working day after it", () => {
    const w39 = scheduledPeriodOf({ ...options, weekId: "2022-W39" });
    expect(w39?.promptAt).toEqual(new Date("2022-09-30T01:00:00Z"));
    // Monday 10-03 is a holiday: the close moves to Saturday 10-08, a 调休 working day.
    expect(w39?.closesAt).toEqual(new Date("2022-10-08T04:00:00Z"));
    // So a report on 10-05 is not late yet, and belongs to W39.
    const during = scheduledPeriodAt({ ...options, now: new Date("2022-10-05T02:00:00Z") });
    expect(during.week.id).toBe("2022-W39");
    expect(during.closesAt > new Date("2022-10-05T02:00:00Z")).toBe(true);
  });

  it("opens the next week at its moved prompt, not before", () => {
    const w40 = scheduledPeriodOf({ ...options, weekId: "2022-W40" });
    expect(w40?.promptAt).toEqual(new Date("2022-10-08T01:00:00Z")); // Friday 10-07 off → Saturday
    expect(scheduledPeriodAt({ ...options, now: new Date("2022-10-07T03:00:00Z") }).week.id).toBe(
      "2022-W39",
    );
    expect(scheduledPeriodAt({ ...options, now: new Date("2022-10-08T02:00:00Z") }).week.id).toBe(
      "2022-W40",
    );
  });

  it("is the plain schedule on ordinary weeks", () => {
    const w23 = scheduledPeriodOf({ ...options, weekId: "2022-W23" });
    expect(w23).toMatchObject({
      promptAt: new Date("2022-06-10T01:00:00Z"),
      closesAt: new Date("2022-06-13T04:00:00Z"),
    });
  });
});
