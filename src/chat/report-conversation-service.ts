import type { DirectAnswer } from "../core/direct-answer.js";
import type { IncomingContent } from "../core/incoming.js";
import type { Reply } from "../core/reply.js";
import type { Prisma } from "../generated/prisma/client.js";
import { translatorOn } from "../i18n/translate.js";
import { replyKeyOf, replyKeyPrefix } from "../outbox/enqueue-replies.js";
import type { FlowDelivery } from "../reporting/flow-types.js";
import { formatInstant } from "../reporting/format-instant.js";
import type { ReportConversationState } from "../reporting/report-conversation-state.js";
import {
  REPORT_FLOW_VERSION,
  ZReportConversationState,
} from "../reporting/report-conversation-state.js";
import {
  type FlowContext,
  type FlowInput,
  type FlowResult,
  reportFlowTransition,
  startReportConversation,
} from "../reporting/report-flow.js";
import type { ReportingPeriod } from "../reporting/reporting-period.js";
import { sameAnswers } from "../reporting/same-answers.js";
import { buildReportSnapshot } from "../reports/build-report-snapshot.js";
import {
  discardCorrection,
  type ReportTarget,
  saveReportDraft,
  submitReport,
} from "../reports/save-report.js";
import { scheduledPeriodAt, scheduledPeriodOf } from "../scheduling/scheduled-period.js";
import { type CampaignContext, loadCampaignContext } from "./campaign-context.js";
import type { ChatSession, OpenConversationRow } from "./chat-session.js";
import {
  closeConversation,
  closeOpenConversations,
  openConversation,
  REPORT_CONVERSATION_KIND,
} from "./open-conversation.js";
import { formOffer } from "./report-form-service.js";
import { textReply } from "./text-reply.js";
import type { ConversationStepWrite } from "./write-conversation-step.js";

type Tx = Prisma.TransactionClient;
type Bound = ChatSession & { identity: { id: string; memberId: string }; member: { key: string } };

/**
 * Starts (or restarts) the weekly report for a campaign. Answers live in the reports as
 * drafts, so restarting resumes where the member stopped. `edit` limits it to the tasks
 * already submitted this period.
 */
export async function startReport(
  tx: Tx,
  session: Bound,
  options: { campaignId: string; mode: "report" | "edit" },
): Promise<Reply[]> {
  const { now } = session;
  const campaign = await loadCampaignContext(tx, options.campaignId, {
    stamp: session.campaignStamps?.get(options.campaignId),
  });
  const period = scheduledPeriodAt({ now, ...campaign });
  let taskIds: string[] | undefined;
  if (options.mode === "edit") {
    const submitted = await tx.report.findMany({
      where: {
        campaignId: campaign.id,
        memberId: session.member.id,
        period: period.week.id,
        state: "submitted",
        task: { archivedAt: null },
      },
      select: { taskId: true },
    });
    if (submitted.length === 0)
      return [textReply(session.tr("chat.nothingToEdit", { period: period.week.id }))];
    taskIds = submitted.map((report) => report.taskId);
  }
  const snapshot = await buildReportSnapshot(tx, {
    campaign,
    memberId: session.member.id,
    period,
    locale: session.locale,
    ...(taskIds ? { taskIds } : {}),
  });
  if (!snapshot) return [textReply(session.tr("errors.noTasks"))];
  const { lastNonce } = await closeOpenConversations(tx, {
    identityId: session.identity.id,
    reason: "restarted",
    now,
  });
  // Buttons of an earlier conversation must never match this one: continue its nonces.
  const result = startReportConversation(snapshot, flowContext(session, campaign, period), {
    firstNonce: lastNonce + 1,
  });
  const conversation = await tx.conversation.create({
    data: {
      identityId: session.identity.id,
      memberId: session.member.id,
      campaignId: campaign.id,
      chatId: session.incoming.chat.id,
      kind: REPORT_CONVERSATION_KIND,
      period: period.week.id,
      step: result.state.step,
      answers: result.state as unknown as Prisma.InputJsonValue,
      flowVersion: REPORT_FLOW_VERSION,
      version: result.state.nonce,
      expiresAt: period.closesAt > now ? period.closesAt : null,
    },
  });
  await applyEffects(tx, { session, campaign, period, result, conversationId: conversation.id });
  session.onConversationOpened?.({
    id: conversation.id,
    campaignId: conversation.campaignId,
    answers: conversation.answers,
    flowVersion: conversation.flowVersion,
    version: conversation.version,
    expiresAt: conversation.expiresAt,
  });
  // Where forms open (Slack), each task can also be reported in one go: offered after the
  // introduction, before the first question.
  const offer = formOffer(session, campaign.id, snapshot.tasks);
  const [introduction, ...steps] = result.replies;
  return introduction && steps.length > 0
    ? [introduction, ...offer, ...steps]
    : [...offer, ...result.replies];
}

/**
 * What to send back, and how: `hold` waits a moment for more parts of a long text,
 * `replaceHeld` drops the replies held for the part before, `releaseHeld` sends them now
 * (something else came, and must not overtake them).
 */
export interface ChatAnswer {
  replies: Reply[];
  delivery: FlowDelivery | "releaseHeld";
  /** The key prefix of the replies held before this input, for `replaceHeld`/`releaseHeld`. */
  held?: string;
  /** What the adapter shows at once (a form to open, a form's errors); see `DirectAnswer`. */
  direct?: DirectAnswer;
  /** The conversation's step, not written yet: the caller writes it with the replies (see
   * `writeConversationStep`), and asks again with a fresh read when that finds it stale. */
  write?: ConversationStepWrite;
}

/** The flow's view of what the member sent (the clock and message id come with text). */
function flowInput(content: ReportContent, now: Date): FlowInput {
  const at = now.toISOString();
  switch (content.kind) {
    case "text":
      return {
        kind: "text",
        text: content.text,
        at,
        ...(content.messageId ? { messageId: content.messageId } : {}),
      };
    case "edited":
      return { kind: "edited", text: content.text, messageId: content.messageId, at };
    default:
      return content;
  }
}

/** What the conversation reads: everything but commands, forms and the home view. */
export type ReportContent = Exclude<IncomingContent, { kind: "command" | "form" | "home" }>;

/**
 * Moves the open conversation one input on; undefined when there is none. An expired
 * conversation is closed (its draft stays) and the member told how to go on.
 *
 * The conversation read with the member's lock is used when the step ends in a write guarded
 * by its version, which proves it current; any other outcome, or a guard that finds it
 * changed (this step waited for the lock while another step of the member moved it on), reads
 * it again first. Nothing is written before that is known.
 */
export async function continueReport(
  tx: Tx,
  session: Bound,
  content: ReportContent,
): Promise<ChatAnswer | undefined> {
  const preloaded = session.openConversation;
  if (preloaded) {
    const answer = await continueConversation(tx, session, content, preloaded, true);
    if (answer !== UNCONFIRMED) return answer;
  }
  const conversation = await openConversation(tx, session.identity.id);
  const answer = await continueConversation(tx, session, content, conversation, false);
  if (answer === UNCONFIRMED) throw new Error("a fresh conversation read came back unconfirmed");
  return answer;
}

/** What `continueConversation` says when a possibly stale row would decide the outcome. */
const UNCONFIRMED = Symbol("unconfirmed");

async function continueConversation(
  tx: Tx,
  session: Bound,
  content: ReportContent,
  conversation: OpenConversationRow | null,
  mayBeStale: boolean,
): Promise<ChatAnswer | undefined | typeof UNCONFIRMED> {
  const input = flowInput(content, session.now);
  if (!conversation?.campaignId) return mayBeStale ? UNCONFIRMED : undefined;
  const campaign = await loadCampaignContext(tx, conversation.campaignId, {
    stamp: session.campaignStamps?.get(conversation.campaignId),
  });
  if (conversation.expiresAt && conversation.expiresAt <= session.now) {
    if (mayBeStale) return UNCONFIRMED;
    await closeConversation(tx, { id: conversation.id, reason: "expired", now: session.now });
    const deadline = formatInstant(conversation.expiresAt, {
      locale: session.locale,
      timeZone: campaign.timeZone,
    });
    return {
      replies: [textReply(session.tr("chat.conversationExpired", { deadline }))],
      delivery: "now",
    };
  }
  const stored = ZReportConversationState.safeParse(conversation.answers);
  if (conversation.flowVersion !== REPORT_FLOW_VERSION || !stored.success) {
    if (mayBeStale) return UNCONFIRMED;
    await closeConversation(tx, { id: conversation.id, reason: "incompatible", now: session.now });
    return { replies: [textReply(session.tr("chat.restartNeeded"))], delivery: "now" };
  }
  const period = scheduledPeriodOf({ weekId: stored.data.snapshot.period, ...campaign });
  const context = flowContext(session, campaign, period);
  const result = heldBy(
    reportFlowTransition(stored.data, input, context),
    replyKeyPrefix(replyKeyOf(session.incoming)),
  );
  let closedBy: "finished" | "cancelled" | undefined;
  if (result.state === stored.data) {
    if (mayBeStale) return UNCONFIRMED;
  } else {
    const nextVersion = Math.max(conversation.version + 1, result.state.nonce);
    const draft = onlyDraftOf(result, { session, campaign, period });
    if (draft) {
      // The common step: its state, draft and replies go in one statement, by the caller.
      const write: ConversationStepWrite = {
        conversationId: conversation.id,
        version: conversation.version,
        nextVersion,
        state: result.state,
        ...(draft.target ? { draft: draft.target } : {}),
        mayBeStale,
      };
      return { ...answerOf(result, stored.data), write };
    }
    // Guarded by the version read: a concurrent writer makes this a no-op we detect. A closed
    // conversation keeps its version, hence `closedAt`. A step that ends the conversation
    // closes it in the same statement.
    closedBy = result.effects.findLast(
      (effect) => effect.kind === "finished" || effect.kind === "cancelled",
    )?.kind;
    const written = await tx.conversation.updateMany({
      where: { id: conversation.id, version: conversation.version, closedAt: null },
      data: {
        step: result.state.step,
        answers: result.state as unknown as Prisma.InputJsonValue,
        version: nextVersion,
        ...(closedBy ? { closedAt: session.now, closeReason: closedBy } : {}),
      },
    });
    if (written.count === 0) {
      if (mayBeStale) return UNCONFIRMED;
      throw new Error(`conversation ${conversation.id} changed concurrently`);
    }
  }
  await applyEffects(tx, {
    session,
    campaign,
    period,
    result,
    conversationId: conversation.id,
    closed: closedBy !== undefined,
  });
  return answerOf(result, stored.data);
}

/** The replies of a step and how they go out, given the state it started from. */
function answerOf(result: FlowResult, before: ReportConversationState): ChatAnswer {
  const delivery = result.delivery ?? "now";
  const held = before.lastAnswer?.heldReplies;
  if (!held)
    return { replies: result.replies, delivery: delivery === "replaceHeld" ? "hold" : delivery };
  return {
    replies: result.replies,
    delivery: delivery === "now" ? "releaseHeld" : delivery,
    held,
  };
}

/**
 * When a step's only effect is saving one draft (or it has none), that draft (`target`
 * undefined: none to save); undefined when the step does more (a submit, a close), whose
 * effects are applied one by one after the guarded write.
 */
function onlyDraftOf(
  result: FlowResult,
  options: { session: Bound; campaign: CampaignContext; period: ReportingPeriod | undefined },
): { target: ConversationStepWrite["draft"] } | undefined {
  const [effect, ...others] = result.effects;
  if (!effect) return { target: undefined };
  if (others.length > 0 || effect.kind !== "saveDraft") return undefined;
  const report = reportOfEffect(effect.taskIndex, result.state, options);
  return { target: report && { ...report.target, answers: report.answers } };
}

/** The report an effect on task `taskIndex` writes, with its task and answers; undefined
 * when the state has no such task or answers, or there is no reporting period. */
function reportOfEffect(
  taskIndex: number,
  state: ReportConversationState,
  options: { session: Bound; campaign: CampaignContext; period: ReportingPeriod | undefined },
) {
  const task = state.snapshot.tasks[taskIndex];
  const answers = state.answers[taskIndex];
  if (!task || !answers || !options.period) return undefined;
  const target: ReportTarget = {
    campaignId: options.campaign.id,
    taskId: task.taskId,
    memberId: options.session.member.id,
    period: options.period,
  };
  return { task, answers, target };
}

/** Notes in the state which queued replies are held, so the next input can find them. */
function heldBy(result: FlowResult, keyPrefix: string): FlowResult {
  const last = result.state.lastAnswer;
  const holds = result.delivery === "hold" || result.delivery === "replaceHeld";
  if (!holds || !last) return result;
  return { ...result, state: { ...result.state, lastAnswer: { ...last, heldReplies: keyPrefix } } };
}

/**
 * `/cancel`: closes the open conversation; its answers stay (drafts, and changes to
 * submitted reports as their pending corrections). Says which of these it kept.
 */
export async function pauseReport(
  tx: Tx,
  session: Bound,
): Promise<"none" | "paused" | "pausedCorrection"> {
  const conversation = await openConversation(tx, session.identity.id);
  if (!conversation) return "none";
  await closeConversation(tx, { id: conversation.id, reason: "paused", now: session.now });
  const stored = ZReportConversationState.safeParse(conversation.answers);
  return stored.success && hasPendingCorrection(stored.data) ? "pausedCorrection" : "paused";
}

/** A submitted report whose answers in the conversation differ from what was submitted. */
function hasPendingCorrection(state: ReportConversationState): boolean {
  return state.snapshot.tasks.some((task, index) => {
    const answers = state.answers[index];
    return task.existing?.state === "submitted" && answers !== undefined
      ? !sameAnswers(answers, task.existing.answers)
      : false;
  });
}

function flowContext(
  session: ChatSession,
  campaign: CampaignContext,
  period: ReportingPeriod | undefined,
): FlowContext {
  return {
    locale: session.locale,
    translate: translatorOn(session.incoming.platform),
    questions: campaign.questions,
    pastDeadline: period !== undefined && session.now > period.closesAt,
  };
}

async function applyEffects(
  tx: Tx,
  options: {
    session: Bound;
    campaign: CampaignContext;
    /** The conversation's week, as the caller already worked it out. */
    period: ReportingPeriod | undefined;
    result: FlowResult;
    conversationId: string;
    /** Closed already, by the write of the step's state. */
    closed?: boolean;
  },
) {
  const { session, campaign, period, result } = options;
  const state: ReportConversationState = result.state;
  for (const effect of result.effects) {
    if (effect.kind === "finished" || effect.kind === "cancelled") {
      if (options.closed) continue;
      await closeConversation(tx, {
        id: options.conversationId,
        reason: effect.kind,
        now: session.now,
      });
      continue;
    }
    const report = reportOfEffect(effect.taskIndex, state, { session, campaign, period });
    if (!report) continue;
    const { task, answers, target } = report;
    if (effect.kind === "saveDraft") {
      await saveReportDraft(tx, { ...target, answers });
    } else if (effect.kind === "discardCorrection") {
      await discardCorrection(tx, target);
    } else {
      await submitReport(tx, {
        ...target,
        answers,
        metrics: task.metrics,
        now: session.now,
        actor: `member:${session.member.key}`,
      });
    }
  }
}
