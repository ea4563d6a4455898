import { describe, expect, it } from "vitest";
import { isoWeeksInYear } from "../../src/domain/periods.js";
import { planBetween, plannerCampaign, runsOf } from "../fixtures/planner.js";

const periods = (runs: { scheduledFor: string; period?: string }[]) =>
  runs.map((run) => [run.scheduledFor, run.period]);

describe("planJobs: ISO week 53 and the turn of 2026 to 2027", () => {
  const campaign = plannerCampaign((file) => {
    file.campaign.year = 2026;
  });
  const plan = planBetween(campaign, "2026-12-22 00:00", "2027-01-18 00:00");

  it("names 2026-W53 (12-28 … 01-03) for the prompt of Friday 2027-01-01", () => {
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(periods(runsOf(plan, "prompt"))).toEqual([
      ["2026-12-25 09:00", "2026-W52"],
      ["2027-01-01 09:00", "2026-W53"],
      ["2027-01-08 09:00", "2027-W01"],
      ["2027-01-15 09:00", "2027-W02"],
    ]);
  });

  it("gives the reminders, close and digest of 2027-01-04 to 2026-W53", () => {
    expect(periods(runsOf(plan, "close"))).toEqual([
      ["2026-12-28 12:00", "2026-W52"],
      ["2027-01-04 12:00", "2026-W53"],
      ["2027-01-11 12:00", "2027-W01"],
    ]);
    expect(periods(runsOf(plan, "remind")).slice(2, 5)).toEqual([
      ["2027-01-01 16:00", "2026-W53"],
      ["2027-01-04 09:00", "2026-W53"],
      ["2027-01-08 16:00", "2027-W01"],
    ]);
    expect(periods(runsOf(plan, "digest"))).toContainEqual(["2027-01-04 14:00", "2026-W53"]);
  });
});

describe("planJobs: 2027, a year chinese-days 1.5.7 has no holidays for", () => {
  const campaign = plannerCampaign((file) => {
    file.campaign.year = 2027;
    file.schedule.reminders = [{ day: "saturday", time: "10:00" }];
  });

  it("takes only weekends as days off and warns once for 2027", () => {
    const plan = planBetween(campaign, "2026-12-28 00:00", "2027-02-01 00:00");
    expect(plan.warnings).toEqual([{ kind: "noHolidayData", year: 2027 }]);
    // 元旦 2027 is not known: Friday 01-01 is a working day, and its prompt stays.
    expect(runsOf(plan, "prompt")[0]).toEqual({
      job: "prompt",
      scheduledFor: "2027-01-01 09:00",
      at: "2027-01-01 09:00",
      period: "2026-W53",
    });
    expect(runsOf(plan, "remind")[0]).toMatchObject({
      scheduledFor: "2027-01-02 10:00",
      skipped: { from: "2027-01-02", to: "2027-01-02", reason: "weekend" },
    });
  });

  it("warns for each year without data the range touches, and not for covered ones", () => {
    const across = planBetween(campaign, "2027-12-20 00:00", "2028-01-10 00:00");
    expect(across.warnings.map((warning) => warning.year)).toEqual([2027, 2028]);
    expect(planBetween(campaign, "2026-06-01 00:00", "2026-07-01 00:00").warnings).toEqual([]);
  });

  it("still applies the campaign's overrides: an extra holiday on 2027-01-01 moves the prompt", () => {
    const withNewYear = plannerCampaign((file) => {
      file.campaign.year = 2027;
      file.holidays = {
        extra: [{ date: "2027-01-01", name: "元旦" }],
        workdays: [{ date: "2027-01-09", name: "元旦调休" }],
      };
      file.schedule.reminders = [{ day: "saturday", time: "10:00" }];
    });
    const plan = planBetween(withNewYear, "2026-12-28 00:00", "2027-01-11 00:00");
    expect(runsOf(plan, "prompt")[0]).toEqual({
      job: "prompt",
      scheduledFor: "2027-01-01 09:00",
      at: "2026-12-31 09:00",
      period: "2026-W53",
      shift: { from: "2027-01-01", to: "2026-12-31", reason: "holiday", holiday: "元旦" },
    });
    // A worked Saturday the campaign adds keeps its reminder.
    expect(runsOf(plan, "remind")[1]).toEqual({
      job: "remind",
      scheduledFor: "2027-01-09 10:00",
      at: "2027-01-09 10:00",
      period: "2027-W01",
    });
    expect(plan.warnings).toEqual([{ kind: "noHolidayData", year: 2027 }]);
  });

  it("warns for 2027 when a run in 2026 was moved there from a day of 2027", () => {
    const withNewYear = plannerCampaign((file) => {
      file.holidays = { extra: [{ date: "2027-01-01", name: "元旦" }], workdays: [] };
    });
    const plan = planBetween(withNewYear, "2026-12-28 00:00", "2027-01-01 00:00");
    expect(runsOf(plan, "prompt")).toEqual([
      expect.objectContaining({ at: "2026-12-31 09:00", period: "2026-W53" }),
    ]);
    expect(plan.warnings).toEqual([{ kind: "noHolidayData", year: 2027 }]);
  });
});
