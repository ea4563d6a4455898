import { describe, expect, it } from "vitest";
import type { DueJob } from "../../src/scheduling/plan-jobs.js";
import { local, planBetween, plannerCampaign, SHANGHAI } from "../fixtures/planner.js";

const NEW_YORK = "America/New_York";

/** Zhang San works from New York; Li Si stays in the campaign's zone, Shanghai. */
const campaign = plannerCampaign((file) => {
  const zhang = file.members[0];
  if (zhang) zhang.timeZone = NEW_YORK;
});

const promptsIn = (jobs: DueJob[], timeZone: string) =>
  jobs.filter((job) => job.job === "prompt" && job.timeZone === timeZone);

describe("planJobs: a member in America/New_York in an Asia/Shanghai campaign", () => {
  it("prompts at 09:00 New York time across the spring-forward of 2026-03-08", () => {
    const { jobs } = planBetween(campaign, "2026-03-02 00:00", "2026-03-16 00:00");
    const prompts = promptsIn(jobs, NEW_YORK);
    expect(prompts.map((job) => local(job.at, NEW_YORK))).toEqual([
      "2026-03-06 09:00",
      "2026-03-13 09:00",
    ]);
    // 09:00 EST is 14:00 UTC, 09:00 EDT is 13:00 UTC: the instant moves, the wall clock does not.
    expect(prompts.map((job) => job.at.toISOString())).toEqual([
      "2026-03-06T14:00:00.000Z",
      "2026-03-13T13:00:00.000Z",
    ]);
    expect(prompts.map((job) => job.period)).toEqual(["2026-W10", "2026-W11"]);
    expect(prompts.map((job) => job.audience.map((entry) => entry.member))).toEqual([
      ["zhang-san"],
      ["zhang-san"],
    ]);
  });

  it("prompts at 09:00 New York time across the fall-back of 2026-11-01", () => {
    const { jobs } = planBetween(campaign, "2026-10-26 00:00", "2026-11-09 00:00");
    const prompts = promptsIn(jobs, NEW_YORK);
    expect(prompts.map((job) => local(job.at, NEW_YORK))).toEqual([
      "2026-10-30 09:00",
      "2026-11-06 09:00",
    ]);
    expect(prompts.map((job) => job.at.toISOString())).toEqual([
      "2026-10-30T13:00:00.000Z",
      "2026-11-06T14:00:00.000Z",
    ]);
    expect(prompts.every((job) => job.shift === undefined)).toBe(true);
  });

  it("keeps the campaign zone's prompt at 09:00 Shanghai for the others", () => {
    const { jobs } = planBetween(campaign, "2026-03-02 00:00", "2026-03-16 00:00");
    const prompts = promptsIn(jobs, SHANGHAI);
    expect(prompts.map((job) => job.at.toISOString())).toEqual([
      "2026-03-06T01:00:00.000Z",
      "2026-03-13T01:00:00.000Z",
    ]);
    expect(prompts.flatMap((job) => job.audience.map((entry) => entry.member))).toEqual([
      "li-si",
      "li-si",
    ]);
  });

  it("gives a member's reminders the week open in their own zone", () => {
    const { jobs } = planBetween(campaign, "2026-03-09 00:00", "2026-03-10 12:00");
    const monday = jobs.find((job) => job.job === "remind" && job.timeZone === NEW_YORK);
    expect(monday && local(monday.at, NEW_YORK)).toBe("2026-03-09 09:00");
    expect(monday?.period).toBe("2026-W10");
  });

  it("plans the close in the campaign's zone for everyone, held for New York's night", () => {
    const { jobs } = planBetween(campaign, "2026-03-09 00:00", "2026-03-10 00:00");
    const close = jobs.find((job) => job.job === "close");
    expect(close?.timeZone).toBe(SHANGHAI);
    expect(close && local(close.at)).toBe("2026-03-09 12:00");
    // Monday 12:00 in Shanghai is midnight in New York: delivered there at 08:00, when quiet ends.
    const deliverAt = (member: string) =>
      close?.audience.find((entry) => entry.member === member)?.deliverAt;
    expect(local(deliverAt("zhang-san") ?? new Date(0), NEW_YORK)).toBe("2026-03-09 08:00");
    expect(deliverAt("li-si")).toEqual(close?.at);
    expect(close?.leadership).toBe(true);
  });
});

describe("planJobs: runs of one job at one instant", () => {
  it("merges zones with the same wall clock into one run with the audiences joined", () => {
    const taipei = plannerCampaign((file) => {
      const li = file.members[1];
      if (li) li.timeZone = "Asia/Taipei";
    });
    const { jobs } = planBetween(taipei, "2022-06-06 00:00", "2022-06-13 00:00");
    const prompts = jobs.filter((job) => job.job === "prompt");
    expect(prompts).toHaveLength(1);
    expect(prompts[0]?.timeZone).toBe(SHANGHAI);
    expect(prompts[0]?.audience.map((entry) => entry.member)).toEqual(["zhang-san", "li-si"]);
    const keys = jobs.map((job) => `${job.job} ${job.scheduledFor.toISOString()}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("reads a cron entry in each member's zone like a weekday and time", () => {
    const cron = plannerCampaign((file) => {
      file.schedule.prompt = { cron: "0 9 * * 5" };
      const zhang = file.members[0];
      if (zhang) zhang.timeZone = NEW_YORK;
    });
    const byCron = planBetween(cron, "2026-03-02 00:00", "2026-03-16 00:00").jobs;
    const byDay = planBetween(campaign, "2026-03-02 00:00", "2026-03-16 00:00").jobs;
    const prompts = (jobs: DueJob[]) =>
      jobs.filter((job) => job.job === "prompt").map((job) => [job.at.toISOString(), job.period]);
    expect(prompts(byCron)).toEqual(prompts(byDay));
  });
});
