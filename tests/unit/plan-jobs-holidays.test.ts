import { describe, expect, it } from "vitest";
import { chineseOfficialHolidays } from "../../src/domain/official-holidays.js";
import { isoWeekOf } from "../../src/domain/periods.js";
import { createWorkdayCalendar } from "../../src/domain/workday-calendar.js";
import { shiftToWorkingDay } from "../../src/scheduling/plan-jobs.js";
import { local, planBetween, plannerCampaign, runsOf } from "../fixtures/planner.js";

const nationalDay = { reason: "holiday", holiday: "国庆节" } as const;
const springFestival = { reason: "holiday", holiday: "春节" } as const;

describe("shiftToWorkingDay", () => {
  const calendar = createWorkdayCalendar({ officialData: chineseOfficialHolidays() });

  it("keeps a working day, a 调休 Saturday included", () => {
    expect(shiftToWorkingDay("2022-09-30", "previous", calendar)).toEqual({ date: "2022-09-30" });
    expect(shiftToWorkingDay("2022-10-08", "skip", calendar)).toEqual({ date: "2022-10-08" });
  });

  it("moves a day off to the previous or next working day and says why", () => {
    expect(shiftToWorkingDay("2022-10-03", "next", calendar)).toEqual({
      date: "2022-10-08",
      shift: { from: "2022-10-03", to: "2022-10-08", ...nationalDay },
    });
    expect(shiftToWorkingDay("2022-10-07", "previous", calendar)).toEqual({
      date: "2022-09-30",
      shift: { from: "2022-10-07", to: "2022-09-30", ...nationalDay },
    });
    expect(shiftToWorkingDay("2022-06-12", "previous", calendar)).toEqual({
      date: "2022-06-10",
      shift: { from: "2022-06-12", to: "2022-06-10", reason: "weekend" },
    });
  });

  it("skips a day off under skip, naming the day itself", () => {
    expect(shiftToWorkingDay("2022-10-03", "skip", calendar)).toEqual({
      skipped: { from: "2022-10-03", to: "2022-10-03", ...nationalDay },
    });
  });
});

describe("planJobs: National Day 2022 (10-01…10-07 off, Saturday 10-08 and Sunday 10-09 worked)", () => {
  const plan = planBetween(plannerCampaign(), "2022-09-27 00:00", "2022-10-17 00:00");

  it("keeps one prompt per week: 09-30 stays, the prompt of Friday 10-07 moves to Saturday 10-08", () => {
    expect(runsOf(plan, "prompt")).toEqual([
      {
        job: "prompt",
        scheduledFor: "2022-09-30 09:00",
        at: "2022-09-30 09:00",
        period: "2022-W39",
      },
      {
        job: "prompt",
        scheduledFor: "2022-10-07 09:00",
        at: "2022-10-08 09:00",
        period: "2022-W40",
        // The previous working day, 09-30, already holds W39's prompt: the next one in W40 is taken.
        shift: { from: "2022-10-07", to: "2022-10-08", ...nationalDay },
      },
      {
        job: "prompt",
        scheduledFor: "2022-10-14 09:00",
        at: "2022-10-14 09:00",
        period: "2022-W41",
      },
    ]);
    for (const prompt of plan.jobs.filter((job) => job.job === "prompt")) {
      expect(isoWeekOf(local(prompt.at).slice(0, 10))).toBe(prompt.period);
    }
  });

  it("moves the close of Monday 10-03 to Saturday 10-08, a 调休 working day, and the digest after it", () => {
    expect(runsOf(plan, "close").slice(0, 2)).toEqual([
      {
        job: "close",
        scheduledFor: "2022-10-03 12:00",
        at: "2022-10-08 12:00",
        period: "2022-W39",
        shift: { from: "2022-10-03", to: "2022-10-08", ...nationalDay },
      },
      {
        job: "close",
        scheduledFor: "2022-10-10 12:00",
        at: "2022-10-10 12:00",
        period: "2022-W40",
      },
    ]);
    expect(runsOf(plan, "digest")[0]).toMatchObject({
      scheduledFor: "2022-10-03 14:00",
      at: "2022-10-08 14:00",
      period: "2022-W39",
    });
  });

  it("skips the reminders that fall in the holiday and keeps the rest", () => {
    expect(runsOf(plan, "remind").slice(0, 4)).toEqual([
      {
        job: "remind",
        scheduledFor: "2022-09-30 16:00",
        at: "2022-09-30 16:00",
        period: "2022-W39",
      },
      {
        job: "remind",
        scheduledFor: "2022-10-03 09:00",
        at: "2022-10-03 09:00",
        period: "2022-W39",
        skipped: { from: "2022-10-03", to: "2022-10-03", ...nationalDay },
      },
      {
        job: "remind",
        scheduledFor: "2022-10-07 16:00",
        at: "2022-10-07 16:00",
        period: "2022-W40",
        skipped: { from: "2022-10-07", to: "2022-10-07", ...nationalDay },
      },
      {
        job: "remind",
        scheduledFor: "2022-10-10 09:00",
        at: "2022-10-10 09:00",
        period: "2022-W40",
      },
    ]);
    const skipped = plan.jobs.filter((job) => job.skipped);
    expect(skipped.every((job) => job.audience.length === 0)).toBe(true);
  });

  it("on Saturday 10-08 runs W40's prompt, then W39's close and digest", () => {
    const saturday = plan.jobs.filter((job) => local(job.at).startsWith("2022-10-08"));
    expect(saturday.map((job) => [job.job, local(job.at).slice(11), job.period])).toEqual([
      ["housekeeping", "03:00", undefined],
      ["prompt", "09:00", "2022-W40"],
      ["close", "12:00", "2022-W39"],
      ["digest", "14:00", "2022-W39"],
    ]);
  });
});

describe("planJobs: the week's order survives the shifts", () => {
  it("drops a reminder that would move before its week's prompt (remind: previous)", () => {
    const campaign = plannerCampaign((file) => {
      file.schedule.onNonWorkingDay = { remind: "previous" };
    });
    const plan = planBetween(campaign, "2022-09-27 00:00", "2022-10-11 00:00");
    expect(runsOf(plan, "remind").slice(1, 3)).toEqual([
      {
        // Monday 10-03 (W39) would go to Friday 09-30 09:00: not after W39's prompt at that instant.
        job: "remind",
        scheduledFor: "2022-10-03 09:00",
        at: "2022-10-03 09:00",
        period: "2022-W39",
        skipped: { from: "2022-10-03", to: "2022-09-30", ...nationalDay },
      },
      {
        // Friday 10-07 (W40) would go to 09-30, a week before W40's prompt on 10-08.
        job: "remind",
        scheduledFor: "2022-10-07 16:00",
        at: "2022-10-07 16:00",
        period: "2022-W40",
        skipped: { from: "2022-10-07", to: "2022-09-30", ...nationalDay },
      },
    ]);
  });

  it("moves a reminder before the holiday when it still follows the prompt (端午 2022-06-03)", () => {
    const campaign = plannerCampaign((file) => {
      file.schedule.onNonWorkingDay = { remind: "previous" };
    });
    const plan = planBetween(campaign, "2022-05-30 00:00", "2022-06-04 00:00");
    expect(runsOf(plan, "prompt")[0]).toMatchObject({ at: "2022-06-02 09:00", period: "2022-W22" });
    expect(runsOf(plan, "remind")).toContainEqual({
      job: "remind",
      scheduledFor: "2022-06-03 16:00",
      at: "2022-06-02 16:00",
      period: "2022-W22",
      shift: { from: "2022-06-03", to: "2022-06-02", reason: "holiday", holiday: "端午" },
    });
  });

  it("drops a working-day reminder that a close moved before it (close: previous)", () => {
    const campaign = plannerCampaign((file) => {
      file.schedule.onNonWorkingDay = { close: "previous" };
    });
    const plan = planBetween(campaign, "2022-09-26 00:00", "2022-10-04 00:00");
    expect(runsOf(plan, "close")).toContainEqual({
      job: "close",
      scheduledFor: "2022-10-03 12:00",
      at: "2022-09-30 12:00",
      period: "2022-W39",
      shift: { from: "2022-10-03", to: "2022-09-30", ...nationalDay },
    });
    expect(runsOf(plan, "remind")).toContainEqual({
      job: "remind",
      scheduledFor: "2022-09-30 16:00",
      at: "2022-09-30 16:00",
      period: "2022-W39",
      skipped: { from: "2022-10-03", to: "2022-09-30", ...nationalDay, because: "close" },
    });
  });

  it("keeps a close after its prompt: a close that would move before it moves the other way", () => {
    // Prompt and close on Monday: 2022-10-03 is off, so W40's close (Monday 10-10) is fine but a
    // close on Monday 10-03 (W40 prompt Monday 10-03 → next, 10-08) cannot go back to 09-30.
    const campaign = plannerCampaign((file) => {
      file.schedule.prompt = { day: "monday", time: "09:00" };
      file.schedule.close = { day: "monday", time: "18:00" };
      file.schedule.reminders = [];
      file.schedule.onNonWorkingDay = { close: "previous" };
    });
    const plan = planBetween(campaign, "2022-10-03 00:00", "2022-10-09 00:00");
    expect(runsOf(plan, "prompt")[0]).toMatchObject({ at: "2022-10-08 09:00", period: "2022-W40" });
    expect(runsOf(plan, "close")[0]).toMatchObject({
      scheduledFor: "2022-10-03 18:00",
      at: "2022-10-08 18:00",
      period: "2022-W40",
    });
  });
});

describe("planJobs: Spring Festival 2023 (01-21…01-27 off, Saturday 01-28 and Sunday 01-29 worked)", () => {
  const plan = planBetween(plannerCampaign(), "2023-01-17 00:00", "2023-02-04 00:00");

  it("moves the prompt of Friday 01-27 into its own week, to Saturday 01-28", () => {
    expect(runsOf(plan, "prompt").map(({ at, period }) => [at, period])).toEqual([
      ["2023-01-20 09:00", "2023-W03"],
      ["2023-01-28 09:00", "2023-W04"],
      ["2023-02-03 09:00", "2023-W05"],
    ]);
    expect(runsOf(plan, "prompt")[1]?.shift).toEqual({
      from: "2023-01-27",
      to: "2023-01-28",
      ...springFestival,
    });
  });

  it("closes W03 on Saturday 01-28 and skips the Monday reminder in the holiday", () => {
    expect(runsOf(plan, "close")[0]).toEqual({
      job: "close",
      scheduledFor: "2023-01-23 12:00",
      at: "2023-01-28 12:00",
      period: "2023-W03",
      shift: { from: "2023-01-23", to: "2023-01-28", ...springFestival },
    });
    const skipped = runsOf(plan, "remind").filter((run) => run.skipped);
    expect(skipped.map((run) => run.scheduledFor)).toEqual([
      "2023-01-23 09:00",
      "2023-01-27 16:00",
    ]);
  });

  it("runs on the worked Sunday 01-29 like on any working day", () => {
    const campaign = plannerCampaign((file) => {
      file.schedule.reminders = [{ day: "sunday", time: "10:00" }];
    });
    const sunday = planBetween(campaign, "2023-01-22 00:00", "2023-01-30 00:00");
    expect(runsOf(sunday, "remind")).toEqual([
      {
        job: "remind",
        scheduledFor: "2023-01-22 10:00",
        at: "2023-01-22 10:00",
        period: "2023-W03",
        skipped: { from: "2023-01-22", to: "2023-01-22", ...springFestival },
      },
      {
        job: "remind",
        scheduledFor: "2023-01-29 10:00",
        at: "2023-01-29 10:00",
        period: "2023-W04",
      },
    ]);
  });
});

describe("planJobs: skipHolidays: false", () => {
  it("counts every day as a working day: nothing moves, nothing is skipped, no warnings", () => {
    const campaign = plannerCampaign((file) => {
      file.schedule.skipHolidays = false;
    });
    const plan = planBetween(campaign, "2022-09-27 00:00", "2022-10-11 00:00");
    expect(plan.jobs.filter((job) => job.shift || job.skipped)).toEqual([]);
    expect(runsOf(plan, "close")[0]).toMatchObject({ at: "2022-10-03 12:00" });
    expect(planBetween(campaign, "2027-01-01 00:00", "2027-02-01 00:00").warnings).toEqual([]);
  });
});
