import type { DirectAnswer } from "../core/direct-answer.js";
import { PLATFORM_FEATURES } from "../core/incoming.js";
import type { Reply } from "../core/reply.js";
import type { Prisma } from "../generated/prisma/client.js";
import { translatorOn } from "../i18n/translate.js";
import type { FlowContext } from "../reporting/flow-types.js";
import { readReportForm, reportForm } from "../reporting/report-form.js";
import { confirmationKey } from "../reporting/review-action.js";
import { sameAnswers } from "../reporting/same-answers.js";
import { buildReportSnapshot } from "../reports/build-report-snapshot.js";
import { discardCorrection, submitReport } from "../reports/save-report.js";
import { scheduledPeriodAt, scheduledPeriodOf } from "../scheduling/scheduled-period.js";
import { loadCampaignContext, reportableCampaigns } from "./campaign-context.js";
import { closeConversation, openConversation } from "./open-conversation.js";
import type { ChatAnswer } from "./report-conversation-service.js";
import type { BoundSession } from "./staff-commands.js";
import { textReply } from "./text-reply.js";

type Tx = Prisma.TransactionClient;

/** Button data of "fill in this task as a form": `rf|<campaign id>|<task id>`. */
export const REPORT_FORM_PREFIX = "rf|";

/** A form's id: which campaign, task and week it reports on (`rf|<campaign>|<task>|<week>`). */
const FORM_ID = /^rf\|([0-9a-f-]{36})\|([0-9a-f-]{36})\|(\d{4}-W\d{2})$/;

export function reportFormChoiceData(campaignId: string, taskId: string): string {
  return `${REPORT_FORM_PREFIX}${campaignId}|${taskId}`;
}

/** Buttons offering each task of the report as a form, on a platform that has forms. */
export function formOffer(
  session: BoundSession,
  campaignId: string,
  tasks: readonly { taskId: string; number: number }[],
): Reply[] {
  if (!PLATFORM_FEATURES[session.incoming.platform].forms || tasks.length === 0) return [];
  const buttons = tasks.map((task) => ({
    label: session.tr("report.form.button", { number: task.number }),
    data: reportFormChoiceData(campaignId, task.taskId),
  }));
  const rows = [];
  for (let index = 0; index < buttons.length; index += 3)
    rows.push(buttons.slice(index, index + 3));
  return [textReply(session.tr("report.form.offer"), rows)];
}

function flowContext(
  session: BoundSession,
  questions: FlowContext["questions"],
  pastDeadline: boolean,
): FlowContext {
  const translate = translatorOn(session.incoming.platform);
  return { locale: session.locale, translate, ...(questions ? { questions } : {}), pastDeadline };
}

/** The snapshot of one task of the member's report for `weekId` (or the current week). */
async function oneTask(
  tx: Tx,
  session: BoundSession,
  options: { campaignId: string; taskId: string; weekId?: string },
) {
  const owned = await reportableCampaigns(tx, session.member.id);
  if (!owned.some((campaign) => campaign.id === options.campaignId)) return undefined;
  const campaign = await loadCampaignContext(tx, options.campaignId, {
    stamp: session.campaignStamps?.get(options.campaignId),
  });
  const period = options.weekId
    ? scheduledPeriodOf({ weekId: options.weekId, ...campaign })
    : scheduledPeriodAt({ now: session.now, ...campaign });
  if (!period) return undefined;
  const snapshot = await buildReportSnapshot(tx, {
    campaign,
    memberId: session.member.id,
    period,
    locale: session.locale,
    taskIds: [options.taskId],
  });
  const task = snapshot?.tasks[0];
  if (!snapshot || !task || task.taskId !== options.taskId) return undefined;
  const context = flowContext(session, campaign.questions, session.now > period.closesAt);
  return { campaign, period, snapshot, task, context };
}

/** A "fill in as a form" button: the form of that task for this week, to open at once. */
export async function openReportForm(
  tx: Tx,
  session: BoundSession,
  data: string,
): Promise<ChatAnswer> {
  if (!PLATFORM_FEATURES[session.incoming.platform].forms) {
    return { replies: [textReply(session.tr("report.form.notHere"))], delivery: "now" };
  }
  const [campaignId = "", taskId = ""] = data.slice(REPORT_FORM_PREFIX.length).split("|");
  const found = await oneTask(tx, session, { campaignId, taskId });
  if (!found) return { replies: [textReply(session.tr("report.form.expired"))], delivery: "now" };
  const formId = `${REPORT_FORM_PREFIX}${campaignId}|${taskId}|${found.period.week.id}`;
  const form = reportForm(found.snapshot, 0, found.context, formId);
  if (!form) return { replies: [textReply(session.tr("report.form.expired"))], delivery: "now" };
  return { replies: [], delivery: "now", direct: { kind: "openForm", form } };
}

/**
 * A submitted form: every field read as the conversation reads it; with an error anywhere,
 * nothing is saved and the errors go back to the form. Otherwise the task's report is
 * submitted (a correction when it was already), and the member is told so in the chat, as
 * after the review card's Submit. An open chat conversation of the same campaign is closed
 * (its draft stays): it would otherwise go on from answers the form replaced.
 */
export async function submitReportForm(
  tx: Tx,
  session: BoundSession,
  content: { formId: string; values: Record<string, string> },
): Promise<ChatAnswer> {
  const match = FORM_ID.exec(content.formId);
  const [, campaignId = "", taskId = "", weekId = ""] = match ?? [];
  const found = match ? await oneTask(tx, session, { campaignId, taskId, weekId }) : undefined;
  if (!found) {
    const errors = {
      [Object.keys(content.values)[0] ?? "progress"]: session.tr("report.form.expired"),
    };
    return { replies: [], delivery: "now", direct: { kind: "formErrors", errors } };
  }
  const { campaign, period, snapshot, task, context } = found;
  const reading = readReportForm(snapshot, 0, content.values, context);
  if (!reading.ok) {
    return { replies: [], delivery: "now", direct: { kind: "formErrors", errors: reading.errors } };
  }
  const target = { campaignId: campaign.id, taskId, memberId: session.member.id, period };
  const submitted = task.existing?.state === "submitted" ? task.existing : undefined;
  const unchanged = submitted !== undefined && sameAnswers(reading.answers, submitted.answers);
  if (unchanged) await discardCorrection(tx, target);
  else {
    await submitReport(tx, {
      ...target,
      answers: reading.answers,
      metrics: task.metrics,
      now: session.now,
      actor: `member:${session.member.key}`,
    });
  }
  const open = await openConversation(tx, session.identity.id);
  if (open?.campaignId === campaign.id) {
    await closeConversation(tx, { id: open.id, reason: "form", now: session.now });
  }
  const confirmation = session.tr(confirmationKey(task, unchanged, context), {
    number: task.number,
    title: task.title,
    period: snapshot.periodLabel,
    deadline: snapshot.deadline,
  });
  const done: DirectAnswer = { kind: "formDone" };
  return { replies: [textReply(confirmation)], delivery: "now", direct: done };
}
