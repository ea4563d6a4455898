import { issueWeeklyDigest } from "../../publications/issue-digest.js";
import type { JobContext, JobOutcome } from "../job-context.js";

/** The digest job: issues the closed week's digest and posts it to the leadership channels. */
export async function postWeeklyDigest(context: JobContext): Promise<JobOutcome> {
  const week = context.job.period;
  if (!week) return { queued: 0, reached: 0, unreachable: [] };
  const issued = await issueWeeklyDigest(context.tx, {
    campaignId: context.campaign.id,
    week,
    now: context.now,
  });
  return {
    queued: issued.queued,
    reached: issued.channels,
    unreachable: [],
    details: { period: week, publicationId: issued.publicationId, number: issued.number },
  };
}
