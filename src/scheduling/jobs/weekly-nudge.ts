import { loadCampaignContext } from "../../chat/campaign-context.js";
import { reportChoiceData } from "../../chat/staff-commands.js";
import { textReply } from "../../chat/text-reply.js";
import { t } from "../../i18n/translate.js";
import { formatInstant } from "../../reporting/format-instant.js";
import type { JobContext, JobOutcome } from "../job-context.js";
import { periodStatus, stillOwes } from "../period-status.js";
import { queueForMember } from "../queue-for-member.js";
import { reachMembers } from "../reach-members.js";
import { scheduledPeriodOf } from "../scheduled-period.js";

/**
 * The weekly prompt and its reminders: to every owner in the audience who still owes a report
 * this period (a reminder only to them; the prompt too, so someone who reported early is not
 * asked again), with a button that opens the report. Each message is keyed by its cause, so a
 * run repeated after a crash queues nothing twice, and it expires at the close: a prompt that
 * could not be delivered in time is dropped, not sent late.
 */
export async function sendWeeklyNudge(
  context: JobContext,
  kind: "prompt" | "remind",
): Promise<JobOutcome> {
  const { tx, campaign, job } = context;
  if (!job.period) return { queued: 0, reached: 0, unreachable: [] };
  const settings = await loadCampaignContext(tx, campaign.id);
  const period = scheduledPeriodOf({ weekId: job.period, ...settings });
  if (!period || period.closesAt <= context.now) return { queued: 0, reached: 0, unreachable: [] };
  const onDay = job.period ? period.week.end : "";
  const status = await periodStatus(tx, { campaignId: campaign.id, period: job.period, onDay });
  const owing = new Map<string, number>();
  for (const row of status) {
    if (!row.onLeave && stillOwes(row.state))
      owing.set(row.memberKey, (owing.get(row.memberKey) ?? 0) + 1);
  }
  const audience = job.audience.filter((entry) => owing.has(entry.member));
  const reach = await reachMembers(tx, {
    campaignId: campaign.id,
    keys: audience.map((entry) => entry.member),
    campaignLocale: campaign.locale,
  });
  let queued = 0;
  for (const entry of audience) {
    const address = reach.addresses.get(entry.member);
    if (!address) continue;
    const say = (key: string, params: Record<string, string | number>) =>
      t(address.locale, key, params, address);
    const deadline = formatInstant(period.closesAt, {
      locale: address.locale,
      timeZone: campaign.timeZone,
    });
    const text = say(`scheduler.${kind}`, {
      name: address.name,
      campaign: campaign.title,
      period: `${period.week.start} – ${period.week.end}`,
      count: owing.get(entry.member) ?? 0,
      deadline,
    });
    const button = {
      label: say("scheduler.startButton", {}),
      data: reportChoiceData(campaign.id),
    };
    const cause =
      kind === "prompt" ? job.period : `${job.period}:${job.scheduledFor.toISOString()}`;
    queued += await queueForMember(tx, {
      campaignId: campaign.id,
      address,
      cause: `${kind}:${campaign.key}:${cause}`,
      replies: [textReply(text, [[button]])],
      now: context.now,
      notBefore: entry.deliverAt,
      expiresAt: period.closesAt,
    });
  }
  return {
    queued,
    reached: reach.addresses.size,
    unreachable: reach.unreachable,
    details: { period: job.period, owing: owing.size },
  };
}
