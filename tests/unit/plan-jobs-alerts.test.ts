import { describe, expect, it } from "vitest";
import type { CampaignFileInput } from "../../src/campaigns/campaign-file-schema.js";
import { deadlineReminderDates } from "../../src/domain/deadline-reminders.js";
import { chineseOfficialHolidays } from "../../src/domain/official-holidays.js";
import { createWorkdayCalendar } from "../../src/domain/workday-calendar.js";
import type { DueJob } from "../../src/scheduling/plan-jobs.js";
import { local, planBetween, plannerCampaign } from "../fixtures/planner.js";

const milestones = (file: CampaignFileInput, task: number, list: object[]) => {
  const found = file.tasks[task];
  if (!found) throw new Error(`no task ${task}`);
  found.milestones = list as typeof found.milestones;
};

/** Each run as its day and time, the warnings it holds, its audience and whether leaders see it. */
const alerts = (jobs: DueJob[], job: "milestone" | "deadline") =>
  jobs
    .filter((candidate) => candidate.job === job)
    .map((run) => ({
      at: local(run.at),
      items: (run.milestones ?? run.deadlines ?? []).map((item) =>
        "milestone" in item
          ? `${item.milestone} ${item.daysLeft}`
          : `${item.quarter} ${item.daysLeft}`,
      ),
      audience: run.audience.map((entry) => entry.member),
      leadership: run.leadership,
      ...(run.skipped ? { skipped: run.skipped } : {}),
    }));

describe("planJobs: milestones", () => {
  const campaign = plannerCampaign((file) => {
    milestones(file, 0, [
      { key: "plan", title: "制定方案", due: "2022-06-15" },
      { key: "early", title: "提前完成", due: "2022-06-15", done: "2022-06-13" },
    ]);
    milestones(file, 1, [{ key: "report", title: "报送", due: "2022-06-24", done: "2022-06-01" }]);
  });
  const { jobs } = planBetween(campaign, "2022-06-01 00:00", "2022-07-01 00:00");

  it("warns the owners T-7, T-3, T-1 and on the due day, and alerts leaders the day after", () => {
    expect(alerts(jobs, "milestone")).toEqual([
      {
        at: "2022-06-08 09:00",
        items: ["plan 7", "early 7"],
        audience: ["zhang-san"],
        leadership: false,
      },
      // T-3 is Sunday 06-12: moved back to Friday 06-10 (milestone: previous).
      {
        at: "2022-06-10 09:00",
        items: ["plan 3", "early 3"],
        audience: ["zhang-san"],
        leadership: false,
      },
      { at: "2022-06-14 09:00", items: ["plan 1"], audience: ["zhang-san"], leadership: false },
      { at: "2022-06-15 09:00", items: ["plan 0"], audience: ["zhang-san"], leadership: false },
      { at: "2022-06-16 09:00", items: ["plan -1"], audience: ["zhang-san"], leadership: true },
    ]);
    const friday = jobs.find(
      (job) => job.job === "milestone" && local(job.at) === "2022-06-10 09:00",
    );
    expect(friday?.milestones?.[0]).toEqual({
      task: "blue-sky",
      milestone: "plan",
      title: "制定方案",
      due: "2022-06-15",
      daysLeft: 3,
      shift: { from: "2022-06-12", to: "2022-06-10", reason: "weekend" },
    });
    expect(friday?.shift).toBeUndefined();
  });

  it("gives a done milestone nothing from the day it was done, and one done long ago nothing", () => {
    const items = alerts(jobs, "milestone").flatMap((run) => run.items);
    expect(items.filter((item) => item.startsWith("early"))).toEqual(["early 7", "early 3"]);
    expect(items.filter((item) => item.startsWith("report"))).toEqual([]);
  });

  it("merges warnings a holiday moves onto one day and alerts on the first working day after", () => {
    const holiday = plannerCampaign((file) => {
      milestones(file, 0, [{ key: "permits", title: "办理许可", due: "2022-10-03" }]);
      file.schedule.alertTime = "10:30";
    });
    const runs = alerts(
      planBetween(holiday, "2022-09-20 00:00", "2022-10-20 00:00").jobs,
      "milestone",
    );
    expect(runs.map(({ at, items, leadership }) => ({ at, items, leadership }))).toEqual([
      { at: "2022-09-26 10:30", items: ["permits 7"], leadership: false },
      // T-3 (09-30), T-1 (10-02) and the due day (10-03, 国庆节) meet on Friday 09-30.
      { at: "2022-09-30 10:30", items: ["permits 3"], leadership: false },
      // The first working day after 10-03 is Saturday 10-08 (调休).
      { at: "2022-10-08 10:30", items: ["permits -1"], leadership: true },
    ]);
  });

  it("with milestone: next, drops warnings that would come after the due day, saying where", () => {
    const next = plannerCampaign((file) => {
      milestones(file, 0, [{ key: "permits", title: "办理许可", due: "2022-10-05" }]);
      file.schedule.onNonWorkingDay = { milestone: "next" };
    });
    const runs = alerts(
      planBetween(next, "2022-09-20 00:00", "2022-10-20 00:00").jobs,
      "milestone",
    );
    expect(runs).toEqual([
      {
        at: "2022-09-28 09:00",
        items: ["permits 7"],
        audience: ["zhang-san"],
        leadership: false,
      },
      ...["10-02", "10-04", "10-05"].map((day, index) => ({
        at: `2022-${day} 09:00`,
        items: [`permits ${[3, 1, 0][index]}`],
        audience: [],
        leadership: false,
        skipped: { from: `2022-${day}`, to: "2022-10-08", reason: "holiday", holiday: "国庆节" },
      })),
      { at: "2022-10-08 09:00", items: ["permits -1"], audience: ["zhang-san"], leadership: true },
    ]);
  });
});

describe("planJobs: quarterly deadlines", () => {
  const campaign = plannerCampaign((file) => {
    file.schedule.quarterly = [
      { quarter: "2022Q2", due: "2022-06-24", title: "第二季度情况报送" },
      { quarter: "2022Q4", due: "2022-10-08" },
    ];
  });
  const { jobs } = planBetween(campaign, "2022-06-01 00:00", "2022-10-09 00:00");
  const calendar = createWorkdayCalendar({ officialData: chineseOfficialHolidays() });

  it("reminds T-14, T-7, T-3 and T-1 at alertTime", () => {
    expect(alerts(jobs, "deadline").map(({ at, items }) => [at, ...items])).toEqual([
      ["2022-06-10 09:00", "2022Q2 14"],
      ["2022-06-17 09:00", "2022Q2 7"],
      ["2022-06-21 09:00", "2022Q2 3"],
      ["2022-06-23 09:00", "2022Q2 1"],
      ["2022-09-23 09:00", "2022Q4 14"],
      // T-7, T-3 and T-1 all fall in National Day and meet on Friday 09-30.
      ["2022-09-30 09:00", "2022Q4 7"],
    ]);
    const days = (due: string) =>
      deadlineReminderDates({ due, daysBefore: [14, 7, 3, 1], calendar }).map((day) => day.date);
    const planned = alerts(jobs, "deadline").map((run) => run.at.slice(0, 10));
    expect(planned).toEqual([...days("2022-06-24"), ...days("2022-10-08")]);
  });

  it("reaches the owners of every task and the members of the lead units, not other leaders", () => {
    for (const run of alerts(jobs, "deadline")) {
      expect(run.audience).toEqual(["zhang-san", "li-si", "wang-wu"]);
      expect(run.leadership).toBe(false);
    }
  });

  it("says what each reminder is about and where it moved from", () => {
    const september = jobs.find(
      (job) => job.job === "deadline" && local(job.at) === "2022-09-30 09:00",
    );
    expect(september?.deadlines).toEqual([
      {
        quarter: "2022Q4",
        due: "2022-10-08",
        daysLeft: 7,
        shift: { from: "2022-10-01", to: "2022-09-30", reason: "holiday", holiday: "国庆节" },
      },
    ]);
    const june = jobs.find((job) => job.job === "deadline" && local(job.at) === "2022-06-10 09:00");
    expect(june?.deadlines).toEqual([
      { quarter: "2022Q2", due: "2022-06-24", title: "第二季度情况报送", daysLeft: 14 },
    ]);
  });
});
