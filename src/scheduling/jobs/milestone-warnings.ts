import { textReply } from "../../chat/text-reply.js";
import { t } from "../../i18n/translate.js";
import { enqueueReplies } from "../../outbox/enqueue-replies.js";
import type { JobContext, JobOutcome } from "../job-context.js";
import { leadershipChannels } from "../leadership-channels.js";
import { queueForMember } from "../queue-for-member.js";
import { reachMembers } from "../reach-members.js";
import { LIGHT_SYMBOL, warningLight } from "../warning-light.js";

/**
 * Warns each milestone's task owners ahead of its due day (with its light), and after it the
 * owners and the leadership channels that it is overdue. A milestone marked done since the
 * plan was made is left out: the database, not the plan, says what is open.
 */
export async function warnOfMilestones(context: JobContext): Promise<JobOutcome> {
  const { tx, campaign, job } = context;
  const items = job.milestones ?? [];
  const warningDays = campaign.file.schedule.milestoneWarningDays;
  const open = await tx.milestone.findMany({
    where: {
      archivedAt: null,
      doneOn: null,
      task: { campaignId: campaign.id, archivedAt: null },
      key: { in: items.map((item) => item.milestone) },
    },
    include: { task: { include: { owners: { include: { member: true } } } } },
  });
  const openByKey = new Map(
    open.map((milestone) => [`${milestone.task.key}/${milestone.key}`, milestone]),
  );
  const audience = new Set(job.audience.map((entry) => entry.member));
  const deliverAt = new Map(job.audience.map((entry) => [entry.member, entry.deliverAt]));
  let queued = 0;
  let reached = 0;
  const unreachable = new Set<string>();
  const channels = job.leadership ? await leadershipChannels(tx, campaign.id) : [];
  for (const item of items) {
    const milestone = openByKey.get(`${item.task}/${item.milestone}`);
    if (!milestone) continue;
    const light = warningLight(item.daysLeft, warningDays);
    const owners = milestone.task.owners
      .map((owner) => owner.member.key)
      .filter((key) => audience.has(key));
    const reach = await reachMembers(tx, {
      campaignId: campaign.id,
      keys: owners,
      campaignLocale: campaign.locale,
    });
    for (const key of reach.unreachable) unreachable.add(key);
    const message = (locale: typeof campaign.locale) =>
      t(
        locale,
        item.daysLeft < 0
          ? "scheduler.milestone.overdue"
          : item.daysLeft === 0
            ? "scheduler.milestone.dueToday"
            : "scheduler.milestone.ahead",
        {
          light: LIGHT_SYMBOL[light],
          number: milestone.task.number,
          task: milestone.task.title,
          milestone: item.title,
          due: item.due,
          days: Math.abs(item.daysLeft),
        },
      );
    const cause = `milestone:${campaign.key}:${item.task}/${item.milestone}:${item.daysLeft}`;
    for (const address of reach.addresses.values()) {
      reached += 1;
      const text = `${message(address.locale)}\n${t(address.locale, "scheduler.milestone.markDone", {}, address)}`;
      queued += await queueForMember(tx, {
        campaignId: campaign.id,
        address,
        cause,
        replies: [textReply(text)],
        now: context.now,
        notBefore: deliverAt.get(address.key),
      });
    }
    if (item.daysLeft < 0) {
      for (const channel of channels) {
        reached += 1;
        queued += await enqueueReplies(tx, {
          now: context.now,
          platform: channel.platform,
          recipient: channel.chatId,
          campaignId: campaign.id,
          replies: [textReply(message(campaign.locale))],
          idempotencyKey: `${cause}:#${channel.key}`,
        });
      }
    }
  }
  return {
    queued,
    reached,
    unreachable: [...unreachable].sort(),
    details: { milestones: items.length },
  };
}
