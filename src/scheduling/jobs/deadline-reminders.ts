import { textReply } from "../../chat/text-reply.js";
import { t } from "../../i18n/translate.js";
import type { JobContext, JobOutcome } from "../job-context.js";
import { queueForMember } from "../queue-for-member.js";
import { reachMembers } from "../reach-members.js";

/** Reminds task owners and the lead units of each quarterly deadline ahead of its due day. */
export async function remindOfDeadlines(context: JobContext): Promise<JobOutcome> {
  const { tx, campaign, job } = context;
  const reach = await reachMembers(tx, {
    campaignId: campaign.id,
    keys: job.audience.map((entry) => entry.member),
    campaignLocale: campaign.locale,
  });
  const deliverAt = new Map(job.audience.map((entry) => [entry.member, entry.deliverAt]));
  let queued = 0;
  for (const deadline of job.deadlines ?? []) {
    for (const address of reach.addresses.values()) {
      const text = t(
        address.locale,
        "scheduler.deadline",
        {
          campaign: campaign.title,
          title: deadline.title ?? deadline.quarter,
          quarter: deadline.quarter,
          due: deadline.due,
          days: deadline.daysLeft,
        },
        address,
      );
      const when = deliverAt.get(address.key);
      queued += await queueForMember(tx, {
        campaignId: campaign.id,
        address,
        cause: `deadline:${campaign.key}:${deadline.quarter}:${deadline.daysLeft}`,
        replies: [textReply(text)],
        now: context.now,
        notBefore: when,
      });
    }
  }
  return {
    queued,
    reached: reach.addresses.size,
    unreachable: reach.unreachable,
    details: { deadlines: (job.deadlines ?? []).map((deadline) => deadline.quarter) },
  };
}
