import { describe, expect, it } from "vitest";
import type { CampaignFileInput } from "../../src/campaigns/campaign-file-schema.js";
import type { DueJob } from "../../src/scheduling/plan-jobs.js";
import { local, planBetween, plannerCampaign } from "../fixtures/planner.js";

const NEW_YORK = "America/New_York";

const member = (file: CampaignFileInput, key: string) => {
  const found = file.members.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no member ${key}`);
  return found;
};

/** Who a run reaches, each with the wall-clock time of delivery in Shanghai. */
const reach = (job: DueJob | undefined) =>
  Object.fromEntries((job?.audience ?? []).map((entry) => [entry.member, local(entry.deliverAt)]));

const at = (jobs: DueJob[], job: DueJob["job"], when: string) =>
  jobs.find((candidate) => candidate.job === job && local(candidate.at) === when);

describe("planJobs: members on leave", () => {
  const campaign = plannerCampaign((file) => {
    member(file, "zhang-san").exemptUntil = "2022-06-15";
    file.schedule.reminders = [
      { day: "wednesday", time: "16:00" },
      { day: "thursday", time: "09:00" },
    ];
  });
  const { jobs } = planBetween(campaign, "2022-06-06 00:00", "2022-06-21 00:00");
  const members = (job: DueJob | undefined) => job?.audience.map((entry) => entry.member);

  it("leaves them out of every run up to and including exemptUntil", () => {
    expect(members(at(jobs, "prompt", "2022-06-10 09:00"))).toEqual(["li-si"]);
    expect(members(at(jobs, "close", "2022-06-13 12:00"))).toEqual(["li-si"]);
    expect(members(at(jobs, "remind", "2022-06-15 16:00"))).toEqual(["li-si"]);
  });

  it("reaches them again from the day after", () => {
    expect(members(at(jobs, "remind", "2022-06-16 09:00"))).toEqual(["zhang-san", "li-si"]);
    expect(members(at(jobs, "prompt", "2022-06-17 09:00"))).toEqual(["zhang-san", "li-si"]);
  });

  it("counts the day in the member's own zone", () => {
    const abroad = plannerCampaign((file) => {
      member(file, "zhang-san").exemptUntil = "2022-06-15";
      member(file, "zhang-san").timeZone = NEW_YORK;
      member(file, "li-si").exemptUntil = "2022-06-15";
      file.schedule.close = { day: "thursday", time: "09:00" };
    });
    const close = at(
      planBetween(abroad, "2022-06-16 00:00", "2022-06-17 00:00").jobs,
      "close",
      "2022-06-16 09:00",
    );
    // Thursday 09:00 in Shanghai is still Wednesday 06-15 in New York: Zhang San is on leave.
    expect(members(close)).toEqual(["li-si"]);
  });
});

describe("planJobs: quiet hours", () => {
  const campaign = plannerCampaign((file) => {
    file.schedule.quietHours = "21:00-07:00";
    member(file, "li-si").quietHours = "22:00-08:00";
    file.schedule.reminders = [
      { day: "friday", time: "06:30" },
      { day: "friday", time: "21:30" },
      { day: "friday", time: "23:00" },
    ];
  });
  const { jobs } = planBetween(campaign, "2022-06-10 00:00", "2022-06-11 00:00");

  it("delivers a 21:30 reminder at 21:30 to a member whose quiet hours are 22:00-08:00", () => {
    expect(reach(at(jobs, "remind", "2022-06-10 21:30"))["li-si"]).toBe("2022-06-10 21:30");
  });

  it("holds a 23:00 reminder until 08:00 the next morning", () => {
    expect(reach(at(jobs, "remind", "2022-06-10 23:00"))["li-si"]).toBe("2022-06-11 08:00");
  });

  it("holds one in the morning part of the range until it ends that day", () => {
    expect(reach(at(jobs, "remind", "2022-06-10 06:30"))["li-si"]).toBe("2022-06-10 08:00");
  });

  it("lets the member's own quiet hours win over the campaign's", () => {
    // Zhang San has none of his own: the campaign's 21:00-07:00 holds him at 21:30 and 23:00.
    expect(reach(at(jobs, "remind", "2022-06-10 21:30"))).toEqual({
      "zhang-san": "2022-06-11 07:00",
      "li-si": "2022-06-10 21:30",
    });
    expect(reach(at(jobs, "remind", "2022-06-10 23:00"))).toEqual({
      "zhang-san": "2022-06-11 07:00",
      "li-si": "2022-06-11 08:00",
    });
  });

  it("delivers at once to a member with none, and to all when the campaign has none", () => {
    const none = plannerCampaign((file) => {
      member(file, "li-si").quietHours = "none";
      file.schedule.reminders = [{ day: "friday", time: "23:00" }];
    });
    const late = at(
      planBetween(none, "2022-06-10 00:00", "2022-06-11 00:00").jobs,
      "remind",
      "2022-06-10 23:00",
    );
    expect(reach(late)).toEqual({ "zhang-san": "2022-06-11 08:00", "li-si": "2022-06-10 23:00" });
    const nobody = plannerCampaign((file) => {
      file.schedule.quietHours = "none";
      file.schedule.reminders = [{ day: "friday", time: "23:00" }];
    });
    const all = at(
      planBetween(nobody, "2022-06-10 00:00", "2022-06-11 00:00").jobs,
      "remind",
      "2022-06-10 23:00",
    );
    expect(reach(all)).toEqual({ "zhang-san": "2022-06-10 23:00", "li-si": "2022-06-10 23:00" });
  });

  it("reads a range within one day: quiet from its start, not at its end", () => {
    const lunch = plannerCampaign((file) => {
      file.schedule.quietHours = "12:00-14:00";
      file.schedule.reminders = [
        { day: "friday", time: "12:00" },
        { day: "friday", time: "14:00" },
      ];
    });
    const { jobs: lunchJobs } = planBetween(lunch, "2022-06-10 00:00", "2022-06-11 00:00");
    expect(reach(at(lunchJobs, "remind", "2022-06-10 12:00"))["li-si"]).toBe("2022-06-10 14:00");
    expect(reach(at(lunchJobs, "remind", "2022-06-10 14:00"))["li-si"]).toBe("2022-06-10 14:00");
  });

  it("waits for the end in the member's zone", () => {
    const abroad = plannerCampaign((file) => {
      member(file, "zhang-san").timeZone = NEW_YORK;
    });
    const { jobs: abroadJobs } = planBetween(abroad, "2022-06-13 00:00", "2022-06-14 00:00");
    const close = at(abroadJobs, "close", "2022-06-13 12:00");
    const zhang = close?.audience.find((entry) => entry.member === "zhang-san");
    // 12:00 in Shanghai is 00:00 in New York (EDT): held until 08:00 there.
    expect(zhang && local(zhang.deliverAt, NEW_YORK)).toBe("2022-06-13 08:00");
  });
});
