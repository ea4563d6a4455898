import { loadCampaignContext } from "../../chat/campaign-context.js";
import { textReply } from "../../chat/text-reply.js";
import { t } from "../../i18n/translate.js";
import { enqueueReplies } from "../../outbox/enqueue-replies.js";
import type { JobContext, JobOutcome } from "../job-context.js";
import { leadershipChannels } from "../leadership-channels.js";
import { type OwnerTaskStatus, periodStatus } from "../period-status.js";
import { reachMembers } from "../reach-members.js";
import { scheduledPeriodOf } from "../scheduled-period.js";

/** Counts of one period's reports (one per owner and task), as the escalation states them. */
export interface PeriodCounts {
  expected: number;
  submitted: number;
  late: number;
  skipped: number;
  missing: number;
  onLeave: number;
}

/** Counts a period's owner-task rows: a draft is still missing; people on leave are apart. */
export function countPeriod(rows: readonly OwnerTaskStatus[]): PeriodCounts {
  const counts: PeriodCounts = {
    expected: 0,
    submitted: 0,
    late: 0,
    skipped: 0,
    missing: 0,
    onLeave: 0,
  };
  for (const row of rows) {
    if (row.onLeave) {
      counts.onLeave += 1;
      continue;
    }
    counts.expected += 1;
    if (row.state === "submitted") counts.submitted += 1;
    else if (row.state === "late") counts.late += 1;
    else if (row.state === "skipped") counts.skipped += 1;
    else counts.missing += 1;
  }
  return counts;
}

/** Who is missing, by unit (in the organisation's order), each with their task numbers. */
export function missingByUnit(
  rows: readonly OwnerTaskStatus[],
): Array<{ unit: string; people: Array<{ name: string; key: string; tasks: number[] }> }> {
  const units = new Map<string, Map<string, { name: string; key: string; tasks: number[] }>>();
  for (const row of rows) {
    if (row.onLeave || (row.state !== "missing" && row.state !== "draft")) continue;
    const people = units.get(row.unitName) ?? new Map();
    units.set(row.unitName, people);
    const person = people.get(row.memberKey) ?? {
      name: row.memberName,
      key: row.memberKey,
      tasks: [],
    };
    person.tasks.push(row.taskNumber);
    people.set(row.memberKey, person);
  }
  return [...units].map(([unit, people]) => ({ unit, people: [...people.values()] }));
}

/**
 * At the weekly close: tells the leadership channels how the period stands (submitted, late,
 * skipped, missing) and who is missing, grouped by unit, and whom the bot cannot reach.
 */
export async function escalateAtClose(context: JobContext): Promise<JobOutcome> {
  const { tx, campaign, job } = context;
  if (!job.period) return { queued: 0, reached: 0, unreachable: [] };
  const settings = await loadCampaignContext(tx, campaign.id);
  const period = scheduledPeriodOf({ weekId: job.period, ...settings });
  if (!period) return { queued: 0, reached: 0, unreachable: [] };
  const rows = await periodStatus(tx, {
    campaignId: campaign.id,
    period: job.period,
    onDay: period.week.end,
  });
  const counts = countPeriod(rows);
  const missing = missingByUnit(rows);
  const owners = [...new Set(rows.filter((row) => !row.onLeave).map((row) => row.memberKey))];
  const { unreachable } = await reachMembers(tx, {
    campaignId: campaign.id,
    keys: owners,
    campaignLocale: campaign.locale,
  });
  const names = new Map(rows.map((row) => [row.memberKey, row.memberName]));
  const say = (key: string, params: Record<string, string | number> = {}) =>
    t(campaign.locale, key, params);
  const lines = [
    say("scheduler.close.head", {
      campaign: campaign.title,
      period: `${period.week.start} – ${period.week.end}`,
    }),
    say("scheduler.close.counts", { ...counts }),
  ];
  if (missing.length === 0) lines.push(say("scheduler.close.allIn"));
  else {
    lines.push(say("scheduler.close.missingHead"));
    for (const { unit, people } of missing) {
      const list = people.map((person) =>
        say("scheduler.close.person", { name: person.name, tasks: person.tasks.join("、") }),
      );
      lines.push(
        say("scheduler.close.unitLine", {
          unit,
          count: people.length,
          people: list.join(say("scheduler.listSeparator")),
        }),
      );
    }
  }
  if (counts.onLeave > 0) lines.push(say("scheduler.close.onLeave", { count: counts.onLeave }));
  if (unreachable.length > 0) {
    const list = unreachable
      .map((key) => names.get(key) ?? key)
      .join(say("scheduler.listSeparator"));
    lines.push(say("scheduler.close.unreachable", { count: unreachable.length, people: list }));
  }
  const channels = await leadershipChannels(tx, campaign.id);
  let queued = 0;
  for (const channel of channels) {
    queued += await enqueueReplies(tx, {
      now: context.now,
      platform: channel.platform,
      recipient: channel.chatId,
      campaignId: campaign.id,
      replies: [textReply(lines.join("\n"))],
      idempotencyKey: `close:${campaign.key}:${job.period}:${channel.key}`,
    });
  }
  return {
    queued,
    reached: channels.length,
    unreachable,
    details: { period: job.period, ...counts },
  };
}
