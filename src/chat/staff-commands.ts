import type { Reply } from "../core/reply.js";
import { hasWords, visibleTrim } from "../domain/visible-text.js";
import type { Prisma } from "../generated/prisma/client.js";
import { normaliseLocale } from "../i18n/locales.js";
import { formatInstant } from "../reporting/format-instant.js";
import { SKIP_REASON_LIMIT, skipReports } from "../reports/save-report.js";
import { scheduledPeriodAt } from "../scheduling/scheduled-period.js";
import { loadCampaignContext, reportableCampaigns } from "./campaign-context.js";
import { type ChatSession, withLocale } from "./chat-session.js";
import { pauseReport, startReport } from "./report-conversation-service.js";
import { textReply } from "./text-reply.js";

type Tx = Prisma.TransactionClient;
export type BoundSession = ChatSession & {
  identity: { id: string; memberId: string };
  member: { id: string; key: string; name: string; locale: string | null };
};

/**
 * Button data of "report on this campaign": `rc|<campaign id>|<r or e>`, 41 characters, so
 * Telegram's adapter sends it as it is.
 */
export const CAMPAIGN_CHOICE_PREFIX = "rc|";

/** The data of a button that starts (`report`) or edits (`edit`) a campaign's report. */
export function reportChoiceData(campaignId: string, mode: "report" | "edit" = "report"): string {
  return `${CAMPAIGN_CHOICE_PREFIX}${campaignId}|${mode === "edit" ? "e" : "r"}`;
}

/**
 * `/report` and `/edit`: the campaign is chosen for the member when there is one; with
 * several, buttons let them choose (the choice comes back as `rc|<id>|<mode>`).
 */
export async function reportCommand(
  tx: Tx,
  session: BoundSession,
  mode: "report" | "edit",
): Promise<Reply[]> {
  const campaigns = await reportableCampaigns(tx, session.member.id);
  const only = campaigns[0];
  if (!only) return [textReply(session.tr("errors.noTasks"))];
  if (campaigns.length === 1) return startReport(tx, session, { campaignId: only.id, mode });
  const buttons = campaigns.map((campaign) => [
    {
      label: campaign.title,
      data: reportChoiceData(campaign.id, mode),
    },
  ]);
  return [textReply(session.tr("chat.chooseCampaign"), buttons)];
}

/** A campaign button from `reportCommand`. */
export async function campaignChoice(
  tx: Tx,
  session: BoundSession,
  data: string,
): Promise<Reply[]> {
  const [campaignId = "", mode] = data.slice(CAMPAIGN_CHOICE_PREFIX.length).split("|");
  const campaigns = await reportableCampaigns(tx, session.member.id);
  if (!campaigns.some((campaign) => campaign.id === campaignId)) {
    return [textReply(session.tr("chat.choiceExpired"))];
  }
  return startReport(tx, session, { campaignId, mode: mode === "e" ? "edit" : "report" });
}

/** One campaign's part of `/mytasks`: the lines it shows and the tasks they name, in order. */
export interface MyCampaignTasks {
  id: string;
  title: string;
  lines: string[];
  tasks: { taskId: string; number: number }[];
}

/**
 * The member's tasks in each campaign they report on, with this period's state: what
 * `/mytasks` says, and the tasks' ids for the buttons the home view puts beside it.
 * Empty when the member owns no active task.
 */
export async function loadMyTasks(tx: Tx, session: BoundSession): Promise<MyCampaignTasks[]> {
  const campaigns = await reportableCampaigns(tx, session.member.id);
  const mine: MyCampaignTasks[] = [];
  for (const { id } of campaigns) {
    const campaign = await loadCampaignContext(tx, id, { stamp: session.campaignStamps?.get(id) });
    const period = scheduledPeriodAt({ now: session.now, ...campaign });
    const deadline = formatInstant(period.closesAt, {
      locale: session.locale,
      timeZone: campaign.timeZone,
    });
    const lines = [
      session.tr("chat.myTasksHead", {
        campaign: campaign.title,
        period: period.week.id,
        deadline,
      }),
    ];
    const tasks = await tx.task.findMany({
      where: {
        campaignId: id,
        archivedAt: null,
        owners: { some: { memberId: session.member.id } },
      },
      orderBy: { number: "asc" },
      include: { reports: { where: { memberId: session.member.id, period: period.week.id } } },
    });
    for (const task of tasks) {
      const state = reportStateLabel(task.reports[0]);
      lines.push(
        session.tr("chat.myTaskLine", {
          number: task.number,
          title: task.title,
          state: session.tr(`chat.taskState.${state}`),
        }),
      );
    }
    const owned = tasks.map((task) => ({ taskId: task.id, number: task.number }));
    mine.push({ id, title: campaign.title, lines, tasks: owned });
  }
  return mine;
}

/** The `/mytasks` message of what `loadMyTasks` found (at least one campaign). */
export function myTasksReply(session: BoundSession, campaigns: readonly MyCampaignTasks[]): Reply {
  const lines = campaigns.flatMap((campaign) => [...campaign.lines, ""]);
  lines.push(session.tr("chat.myTasksFoot"));
  return textReply(lines.join("\n"));
}

/** `/mytasks`: each owned task with this period's state. */
export async function myTasksCommand(tx: Tx, session: BoundSession): Promise<Reply[]> {
  const campaigns = await loadMyTasks(tx, session);
  if (campaigns.length === 0) return [textReply(session.tr("errors.noTasks"))];
  return [myTasksReply(session, campaigns)];
}

/** What `/mytasks` says of a report: late and corrected ones are told apart from the rest. */
function reportStateLabel(
  report:
    | { state: string; late: boolean; correctedLate: boolean; pendingAnswers: unknown }
    | undefined,
): string {
  if (!report) return "missing";
  if (report.state !== "submitted") return report.state;
  if (report.pendingAnswers !== null) return "pendingCorrection";
  if (report.late) return "late";
  return report.correctedLate ? "correctedLate" : "submitted";
}

/** `/skip <reason>`: this period's unsubmitted reports of every campaign, with the reason. */
export async function skipCommand(tx: Tx, session: BoundSession, reason: string): Promise<Reply[]> {
  const why = visibleTrim(reason);
  if (!hasWords(why)) return [textReply(session.tr("chat.skipUsage"))];
  // A reason is kept whole or refused: never cut without saying so.
  if ([...why].length > SKIP_REASON_LIMIT) {
    return [textReply(session.tr("chat.skipTooLong", { limit: SKIP_REASON_LIMIT }))];
  }
  const campaigns = await reportableCampaigns(tx, session.member.id);
  if (campaigns.length === 0) return [textReply(session.tr("errors.noTasks"))];
  const replies: Reply[] = [];
  await pauseReport(tx, session);
  for (const { id } of campaigns) {
    const campaign = await loadCampaignContext(tx, id, { stamp: session.campaignStamps?.get(id) });
    const period = scheduledPeriodAt({ now: session.now, ...campaign });
    const tasks = await tx.task.findMany({
      where: {
        campaignId: id,
        archivedAt: null,
        owners: { some: { memberId: session.member.id } },
      },
      select: { id: true },
    });
    const count = await skipReports(tx, {
      campaignId: id,
      memberId: session.member.id,
      taskIds: tasks.map((task) => task.id),
      period,
      reason: why,
      actor: `member:${session.member.key}`,
      now: session.now,
    });
    const params = { period: period.week.id, count, reason: why };
    replies.push(textReply(session.tr(count > 0 ? "chat.skipped" : "chat.skippedNone", params)));
  }
  return replies;
}

/** `/lang [zh|en]`: shows or sets the member's language, remembered in the database. */
export async function langCommand(tx: Tx, session: BoundSession, args: string): Promise<Reply[]> {
  if (args.trim() === "") return [textReply(session.tr("chat.langCurrent"))];
  const locale = normaliseLocale(args.trim());
  if (!locale) return [textReply(session.tr("chat.langUsage"))];
  await tx.member.update({ where: { id: session.member.id }, data: { locale } });
  return [textReply(withLocale(session, locale).tr("chat.langSet"))];
}

/** `/cancel`: pause, keeping the draft. */
export async function cancelCommand(tx: Tx, session: BoundSession): Promise<Reply[]> {
  const paused = await pauseReport(tx, session);
  return [textReply(session.tr(paused === "none" ? "chat.nothingToPause" : `chat.${paused}`))];
}
