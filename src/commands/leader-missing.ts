import { z } from "zod";
import { parseQuietHours } from "../campaigns/quiet-hours.js";
import type { ChatSession } from "../chat/chat-session.js";
import { reportChoiceData } from "../chat/staff-commands.js";
import { textReply } from "../chat/text-reply.js";
import type { Reply } from "../core/reply.js";
import { parseIsoWeekId } from "../domain/periods.js";
import type { Prisma } from "../generated/prisma/client.js";
import { t } from "../i18n/translate.js";
import { summaryReplies } from "../platforms/telegram/render-summary.js";
import { formatInstant } from "../reporting/format-instant.js";
import { deliveryTime } from "../scheduling/delivery-time.js";
import { queueForMember } from "../scheduling/queue-for-member.js";
import { reachMembers } from "../scheduling/reach-members.js";
import { scheduledPeriodOf } from "../scheduling/scheduled-period.js";
import { compileMissing } from "../summaries/compile-status.js";
import type { LeaderView } from "./leader-access.js";

type Tx = Prisma.TransactionClient;

/** Button data of "nudge the missing": `ln|<campaign id>|<week>` (48 bytes). */
export const NUDGE_PREFIX = "ln|";

/** A nudge waits at most this long for the member's quiet hours, then is dropped. */
const NUDGE_LIFETIME_MS = 24 * 3_600_000;

const ZNudgeData = z
  .string()
  .regex(/^ln\|[0-9a-f-]{36}\|\d{4}-W\d{2}$/)
  .transform((data) => {
    const [, campaignId = "", week = ""] = data.split("|");
    return { campaignId, week };
  })
  .refine((data) => parseIsoWeekId(data.week) !== undefined);

/** The campaign and week a nudge button names, or undefined for data that is not one. */
export function parseNudgeData(data: string): { campaignId: string; week: string } | undefined {
  const parsed = ZNudgeData.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** The members still owing a report this week on the tasks the leader may see. */
function missingOf(session: ChatSession, view: LeaderView) {
  return compileMissing(view.input, {
    week: view.week,
    visibleTaskKeys: view.visible,
    locale: session.locale,
  });
}

/** `/missing`: who has not reported this week, by unit, with a button to nudge them. */
export function missingCommand(session: ChatSession, view: LeaderView): Reply[] {
  const { document, missing } = missingOf(session, view);
  const replies = summaryReplies(document);
  if (missing.length === 0) return replies;
  const button = {
    label: session.tr("leader.missing.nudgeButton", { count: missing.length }),
    data: `${NUDGE_PREFIX}${view.role.campaignId}|${view.week}`,
  };
  return [...replies, textReply(session.tr("leader.missing.nudgeOffer"), [[button]])];
}

const ZNudgeAudit = z.object({ period: z.string(), members: z.array(z.string()) });

/**
 * A tap on "nudge": a reminder, with the button that opens the report, to each member still
 * missing on a task the leader may see, in the member's language and after their quiet hours.
 * Each person is nudged once per campaign and week (`nudge:<campaign>:<week>:<member>`),
 * whoever taps; what was queued is audited.
 */
export async function nudgeMissing(
  tx: Tx,
  options: { session: ChatSession & { member: { key: string; name: string } }; view: LeaderView },
): Promise<Reply[]> {
  const { session, view } = options;
  const { campaign, role } = view;
  const { missing } = missingOf(session, view);
  if (missing.length === 0) {
    return [textReply(session.tr("leader.nudge.nobody", { period: view.week }))];
  }
  const period = scheduledPeriodOf({ weekId: view.week, ...campaign }) ?? view.period;
  const reach = await reachMembers(tx, {
    campaignId: role.campaignId,
    keys: missing.map((person) => person.memberKey),
    campaignLocale: view.input.campaign.locale,
  });
  const habits = await tx.member.findMany({
    where: { key: { in: missing.map((person) => person.memberKey) } },
    select: { key: true, quietHours: true, timeZone: true },
  });
  const habitOf = new Map(habits.map((habit) => [habit.key, habit]));
  const sent: string[] = [];
  const already: string[] = [];
  for (const person of missing) {
    const address = reach.addresses.get(person.memberKey);
    if (!address) continue;
    const habit = habitOf.get(person.memberKey);
    const timeZone = habit?.timeZone ?? campaign.timeZone;
    const quiet = parseQuietHours(habit?.quietHours ?? campaign.schedule.quietHours);
    const deliverAt = deliveryTime(session.now, quiet, timeZone);
    const late = period.closesAt <= session.now;
    const text = t(
      address.locale,
      late ? "leader.nudge.messageLate" : "leader.nudge.message",
      {
        name: address.name,
        leader: session.member.name,
        campaign: campaign.title,
        period: `${period.week.start} – ${period.week.end}`,
        count: person.taskNumbers.length,
        tasks: person.taskNumbers.join(t(address.locale, "leader.listSeparator")),
        deadline: formatInstant(period.closesAt, { locale: address.locale, timeZone }),
      },
      address,
    );
    const button = {
      label: t(address.locale, "scheduler.startButton"),
      data: reportChoiceData(role.campaignId),
    };
    const queued = await queueForMember(tx, {
      campaignId: role.campaignId,
      address,
      cause: `nudge:${role.campaignKey}:${view.week}`,
      replies: [textReply(text, [[button]])],
      now: session.now,
      notBefore: deliverAt,
      expiresAt: new Date(deliverAt.getTime() + NUDGE_LIFETIME_MS),
    });
    (queued > 0 ? sent : already).push(person.memberKey);
  }
  const nameOf = new Map(missing.map((person) => [person.memberKey, person.memberName]));
  const names = (keys: readonly string[]) =>
    keys.map((key) => nameOf.get(key) ?? key).join(session.tr("leader.listSeparator"));
  const lines: string[] = [];
  if (sent.length > 0) {
    await tx.auditEvent.create({
      data: {
        at: session.now,
        actor: `member:${session.member.key}`,
        action: "missing.nudged",
        entity: "campaign",
        entityId: role.campaignId,
        campaignId: role.campaignId,
        after: { period: view.week, members: sent, unreachable: reach.unreachable },
      },
    });
    lines.push(session.tr("leader.nudge.sent", { count: sent.length, people: names(sent) }));
    if (already.length > 0) {
      lines.push(session.tr("leader.nudge.alreadyAlso", { count: already.length }));
    }
  } else if (already.length > 0) {
    const first = await firstNudge(tx, { campaignId: role.campaignId, week: view.week });
    const at = formatInstant(first ?? session.now, {
      locale: session.locale,
      timeZone: campaign.timeZone,
    });
    lines.push(
      session.tr("leader.nudge.already", { period: view.week, count: already.length, at }),
    );
  }
  const unreachable = reach.unreachable.filter((key) => nameOf.has(key));
  if (unreachable.length > 0) {
    lines.push(
      session.tr("leader.nudge.unreachable", {
        count: unreachable.length,
        people: names(unreachable),
      }),
    );
  }
  return [textReply(lines.join("\n"))];
}

/** When the members of this week were first nudged, from the audit trail. */
async function firstNudge(tx: Tx, options: { campaignId: string; week: string }) {
  const events = await tx.auditEvent.findMany({
    where: { campaignId: options.campaignId, action: "missing.nudged" },
    orderBy: { at: "asc" },
    select: { at: true, after: true },
  });
  return events.find((event) => ZNudgeAudit.safeParse(event.after).data?.period === options.week)
    ?.at;
}
