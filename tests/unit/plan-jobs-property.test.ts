import fc from "fast-check";
import { createTask } from "node-cron";
import { describe, expect, it } from "vitest";
import { parseCampaignFile } from "../../src/campaigns/parse-campaign-file.js";
import { addDays, isoWeekOf, zonedTimeToInstant } from "../../src/domain/periods.js";
import { JOB_KINDS } from "../../src/scheduling/job-kinds.js";
import { type DueJob, planJobs } from "../../src/scheduling/plan-jobs.js";
import { scheduleOccurrences } from "../../src/scheduling/schedule-occurrences.js";
import { read } from "../fixtures/campaigns/bad-cases.js";
import { local, planBetween, plannerCampaign, SHANGHAI } from "../fixtures/planner.js";

const parsed = parseCampaignFile({ text: read("examples/ankang-2022-q2.yaml"), fileName: "a" });
if (!parsed.ok) throw new Error("the reference campaign must be valid");
const reference = parsed.campaign;
const abroad = plannerCampaign((file) => {
  const zhang = file.members[0];
  if (zhang) zhang.timeZone = "America/New_York";
});

const DAY = 86_400_000;
const START = Date.parse("2004-01-01T00:00:00Z");
const END = Date.parse("2027-12-01T00:00:00Z");
const ranges = fc
  .record({
    start: fc.integer({ min: START / 60_000, max: END / 60_000 }),
    minutes: fc.integer({ min: 0, max: (45 * DAY) / 60_000 }),
  })
  .map(({ start, minutes }) => ({
    from: new Date(start * 60_000),
    to: new Date((start + minutes) * 60_000),
  }));

const kindIndex = (job: DueJob) => JOB_KINDS.indexOf(job.job);
const identity = (job: DueJob) => `${job.job} ${job.scheduledFor.toISOString()}`;

describe("planJobs: properties", () => {
  it("is deterministic: the same input gives the same plan", () => {
    const range = { from: new Date("2022-09-20T00:00:00Z"), to: new Date("2022-10-20T00:00:00Z") };
    const first = planJobs(reference, range);
    expect(planJobs(reference, range)).toEqual(first);
    expect(JSON.stringify(planJobs(reference, range))).toBe(JSON.stringify(first));
  });

  it("returns nothing outside [from, to), and nothing for an empty range", () => {
    const plan = planBetween(reference, "2022-10-08 09:00", "2022-10-08 14:00");
    expect(plan.jobs.map((job) => [job.job, local(job.at)])).toEqual([
      ["prompt", "2022-10-08 09:00"],
      ["milestone", "2022-10-08 09:00"],
      ["close", "2022-10-08 12:00"],
    ]);
    expect(planBetween(reference, "2022-10-08 09:00", "2022-10-08 09:00").jobs).toEqual([]);
  });

  it("for random ranges: every run in range, sorted, one per job and instant, split ranges agree", () => {
    fc.assert(
      fc.property(ranges, fc.constantFrom(reference, abroad), fc.nat(), (range, campaign, cut) => {
        const { jobs } = planJobs(campaign, range);
        const [from, to] = [range.from.getTime(), range.to.getTime()];
        for (const job of jobs) {
          expect(job.at.getTime()).toBeGreaterThanOrEqual(from);
          expect(job.at.getTime()).toBeLessThan(to);
          if (job.skipped) expect(job.at).toEqual(job.scheduledFor);
          for (const entry of job.audience) expect(entry.deliverAt >= job.at).toBe(true);
        }
        for (let index = 1; index < jobs.length; index += 1) {
          const [a, b] = [jobs[index - 1] as DueJob, jobs[index] as DueJob];
          const order = a.at.getTime() - b.at.getTime() || kindIndex(a) - kindIndex(b);
          expect(order).toBeLessThanOrEqual(0);
        }
        expect(new Set(jobs.map(identity)).size).toBe(jobs.length);
        // Planning two halves gives the same runs as planning the whole: a ticking runner that
        // plans window after window neither misses nor repeats a run.
        const middle = new Date(from + (to > from ? cut % (to - from) : 0));
        const halves = [
          ...planJobs(campaign, { from: range.from, to: middle }).jobs,
          ...planJobs(campaign, { from: middle, to: range.to }).jobs,
        ];
        expect(halves.map(identity)).toEqual(jobs.map(identity));
      }),
      { numRuns: 60 },
    );
  });

  it("keeps one prompt per week in its own week, and prompt < reminders < close, in 2004–2027", () => {
    fc.assert(
      fc.property(ranges, (range) => {
        const wide = { from: new Date(range.from.getTime() - 10 * DAY), to: range.to };
        const { jobs } = planJobs(plannerCampaign(), wide);
        const fired = jobs.filter((job) => !job.skipped);
        const prompts = fired.filter((job) => job.job === "prompt");
        expect(new Set(prompts.map((job) => job.period)).size).toBe(prompts.length);
        for (const prompt of prompts) {
          expect(isoWeekOf(local(prompt.at).slice(0, 10))).toBe(prompt.period);
        }
        for (const remind of fired.filter((job) => job.job === "remind")) {
          const prompt = prompts.find((job) => job.period === remind.period);
          const close = fired.find((job) => job.job === "close" && job.period === remind.period);
          if (prompt) expect(remind.at > prompt.at).toBe(true);
          if (close) expect(remind.at < close.at).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe("planJobs: grace and housekeeping", () => {
  it("gives every run graceMs from schedule.graceHours (default 6 hours)", () => {
    const plan = planBetween(reference, "2022-06-01 00:00", "2022-07-01 00:00");
    expect(new Set(plan.jobs.map((job) => job.graceMs))).toEqual(new Set([6 * 3_600_000]));
    const quick = plannerCampaign((file) => {
      file.schedule.graceHours = 0.5;
    });
    const quickPlan = planBetween(quick, "2022-06-01 00:00", "2022-06-08 00:00");
    expect(new Set(quickPlan.jobs.map((job) => job.graceMs))).toEqual(new Set([1_800_000]));
  });

  it("runs housekeeping every day at schedule.housekeeping, holidays and weekends included", () => {
    const campaign = plannerCampaign((file) => {
      file.schedule.housekeeping = "04:15";
    });
    const plan = planBetween(campaign, "2022-09-30 00:00", "2022-10-10 00:00");
    const runs = plan.jobs.filter((job) => job.job === "housekeeping");
    expect(runs.map((job) => local(job.at))).toEqual(
      Array.from({ length: 10 }, (_, day) => `${addDays("2022-09-30", day)} 04:15`),
    );
    expect(runs.every((job) => !job.shift && !job.skipped && job.audience.length === 0)).toBe(true);
  });
});

describe("scheduleOccurrences", () => {
  it.each([
    "0 9 * * 5",
    "0 9 1,15 * 1",
    "0 9 L * *",
    "0 9 L-2 * *",
    "0 9 15W * *",
    "0 9 LW * *",
    "0 9 * * 5L",
    "0 9 * * 2#3",
    "0 9 * jan,jul sun",
    "0 9 */10 * mon-fri",
  ])("finds the days node-cron fires %s on", (cron) => {
    const task = createTask(cron, () => undefined, { timezone: SHANGHAI });
    try {
      const dates = Array.from({ length: 365 }, (_, day) => addDays("2026-01-01", day));
      const expected = dates.filter((date) =>
        task.match(zonedTimeToInstant({ date, time: "09:00" }, SHANGHAI)),
      );
      const occurrences = scheduleOccurrences({
        entry: { cron },
        timeZone: SHANGHAI,
        fromDate: "2026-01-01",
        toDate: "2026-12-31",
      });
      expect(occurrences.map((occurrence) => occurrence.date)).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    } finally {
      task.destroy();
    }
  });
});
