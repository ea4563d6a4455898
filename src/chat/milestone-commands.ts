import { leadsCampaign } from "../commands/campaign-roles.js";
import type { Reply } from "../core/reply.js";
import { dateColumn, dateText } from "../db/calendar-date.js";
import { zonedParts } from "../domain/periods.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { BoundSession } from "./staff-commands.js";
import { textReply } from "./text-reply.js";

type Tx = Prisma.TransactionClient;

/**
 * Button data: mark a milestone done (`md|<id>`), reopen one (`mr|<id>`); 39 characters, so
 * Telegram's adapter sends it as it is.
 */
export const MILESTONE_DONE_PREFIX = "md|";
export const MILESTONE_REOPEN_PREFIX = "mr|";

/**
 * `/done`: the member's open milestones (on tasks they own) as buttons to mark one done;
 * leaders and admins also get the campaign's done milestones, to reopen one marked by mistake.
 */
export async function doneCommand(tx: Tx, session: BoundSession): Promise<Reply[]> {
  const memberId = session.member.id;
  const open = await tx.milestone.findMany({
    where: {
      archivedAt: null,
      doneOn: null,
      task: { archivedAt: null, campaign: { archivedAt: null }, owners: { some: { memberId } } },
    },
    include: { task: true },
    orderBy: [{ dueOn: "asc" }, { position: "asc" }],
    take: 20,
  });
  const replies: Reply[] = [];
  if (open.length > 0) {
    const buttons = open.map((milestone) => [
      {
        label: session.tr("chat.done.button", {
          due: dateText(milestone.dueOn),
          title: milestone.title,
        }),
        data: `${MILESTONE_DONE_PREFIX}${milestone.id}`,
      },
    ]);
    replies.push(textReply(session.tr("chat.done.choose"), buttons));
  }
  // Leaders and admins may reopen milestones of the campaigns they lead.
  const led = await tx.campaignMember.findMany({
    where: { memberId, archivedAt: null, role: { in: ["leader", "admin"] } },
    select: { campaignId: true },
  });
  if (led.length > 0) {
    const done = await tx.milestone.findMany({
      where: {
        archivedAt: null,
        doneOn: { not: null },
        task: {
          archivedAt: null,
          campaign: { archivedAt: null, id: { in: led.map((row) => row.campaignId) } },
        },
      },
      include: { task: true },
      orderBy: { doneOn: "desc" },
      take: 10,
    });
    if (done.length > 0) {
      const buttons = done.map((milestone) => [
        {
          label: session.tr("chat.done.reopenButton", { title: milestone.title }),
          data: `${MILESTONE_REOPEN_PREFIX}${milestone.id}`,
        },
      ]);
      replies.push(textReply(session.tr("chat.done.chooseReopen"), buttons));
    }
  }
  return replies.length > 0 ? replies : [textReply(session.tr("chat.done.none"))];
}

/** A tap on a `/done` button: marks the milestone done today, or reopens it; both audited. */
export async function milestoneChoice(
  tx: Tx,
  session: BoundSession,
  data: string,
): Promise<Reply[]> {
  const reopen = data.startsWith(MILESTONE_REOPEN_PREFIX);
  const id = data.slice((reopen ? MILESTONE_REOPEN_PREFIX : MILESTONE_DONE_PREFIX).length);
  const memberId = session.member.id;
  const milestone = /^[0-9a-f-]{36}$/.test(id)
    ? await tx.milestone.findFirst({
        where: { id, archivedAt: null },
        include: { task: { include: { campaign: true, owners: true } } },
      })
    : null;
  if (!milestone) return [textReply(session.tr("chat.choiceExpired"))];
  const allowed = reopen
    ? await leadsCampaign(tx, memberId, milestone.task.campaignId)
    : milestone.task.owners.some((owner) => owner.memberId === memberId);
  if (!allowed) return [textReply(session.tr("chat.done.notAllowed"))];
  const params = { title: milestone.title, number: milestone.task.number };
  if (reopen ? milestone.doneOn === null : milestone.doneOn !== null) {
    return [
      textReply(session.tr(reopen ? "chat.done.alreadyOpen" : "chat.done.alreadyDone", params)),
    ];
  }
  const today = zonedParts(session.now, milestone.task.campaign.timeZone).date;
  const changed = await tx.milestone.updateMany({
    where: { id: milestone.id, doneOn: reopen ? { not: null } : null },
    data: { doneOn: reopen ? null : dateColumn(today) },
  });
  if (changed.count === 0) return [textReply(session.tr("chat.choiceExpired"))];
  await tx.auditEvent.create({
    data: {
      actor: `member:${session.member.key}`,
      action: reopen ? "milestone.reopened" : "milestone.done",
      entity: "milestone",
      entityId: milestone.id,
      campaignId: milestone.task.campaignId,
      before: { doneOn: milestone.doneOn ? dateText(milestone.doneOn) : null },
      after: { doneOn: reopen ? null : today },
    },
  });
  return [
    textReply(
      reopen
        ? session.tr("chat.done.reopened", params)
        : session.tr("chat.done.marked", { ...params, date: today }),
    ),
  ];
}
