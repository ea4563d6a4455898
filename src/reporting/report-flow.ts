import { applyAnswer } from "./apply-answer.js";
import { enterTask } from "./enter-task.js";
import { decodeFlowButton } from "./flow-buttons.js";
import { settleOutcome } from "./flow-outcome.js";
import type { FlowContext, FlowInput, FlowResult } from "./flow-types.js";
import { readAnswer } from "./read-answer.js";
import {
  REPORT_FLOW_VERSION,
  type ReportConversationState,
  type ReportSnapshot,
  type TaskAnswers,
} from "./report-conversation-state.js";
import { lineMessage } from "./report-question.js";
import { applyEditedMessage, continueLongText, rememberAnswer } from "./typed-answer.js";

export type { FlowContext, FlowEffect, FlowInput, FlowResult } from "./flow-types.js";

/** A copy of stored answers, so the state never shares arrays with the snapshot. */
function copyAnswers(answers: TaskAnswers | undefined): TaskAnswers {
  if (!answers) return { progressItems: [], metrics: {} };
  return { ...answers, progressItems: [...answers.progressItems], metrics: { ...answers.metrics } };
}

/**
 * Opens the guided weekly report: a greeting naming the period, the number of tasks and the
 * deadline, then the first question of the first task (or its review card when its report
 * was already submitted, or the first unanswered step of a draft).
 *
 * `options.firstNonce` (default 1) is the nonce of the first buttons. Pass one above the
 * member's previous conversation's last nonce, so that buttons left in the chat from an
 * earlier conversation can never match this one.
 *
 * @example
 * const context = { locale: "zh-CN", translate: t };
 * const { state, replies } = startReportConversation(snapshot, context, { firstNonce: 8 });
 */
export function startReportConversation(
  snapshot: ReportSnapshot,
  context: FlowContext,
  options: { firstNonce?: number } = {},
): FlowResult {
  const firstNonce = options.firstNonce ?? 1;
  const nonce = Number.isSafeInteger(firstNonce) && firstNonce >= 1 ? firstNonce - 1 : 0;
  const initial: ReportConversationState = {
    flowVersion: REPORT_FLOW_VERSION,
    snapshot,
    taskIndex: 0,
    step: "closed",
    metricIndex: 0,
    itemsThisRound: 0,
    answers: snapshot.tasks.map((task) =>
      copyAnswers(task.existing?.correction ?? task.existing?.answers),
    ),
    returnToReview: false,
    // Entering the first task shows new buttons, which bumps the nonce to `firstNonce`.
    nonce,
  };
  if (snapshot.tasks.length === 0) {
    return {
      state: initial,
      replies: [lineMessage([context.translate(context.locale, "report.noTasks")])],
      effects: [{ kind: "finished" }],
    };
  }
  const allSubmitted = snapshot.tasks.every((task) => task.existing?.state === "submitted");
  const introKey = !context.pastDeadline
    ? "report.intro"
    : allSubmitted
      ? "report.introCorrectionAfterClose"
      : "report.introAfterClose";
  const intro = context.translate(context.locale, introKey, {
    campaign: snapshot.campaignTitle,
    period: snapshot.periodLabel,
    count: snapshot.tasks.length,
    deadline: snapshot.deadline,
  });
  // It goes on where there is something to do: the first task not submitted yet or with a
  // change not submitted; a submitted one is opened by /edit (or when all are submitted).
  const pending = snapshot.tasks.findIndex(
    (task) => task.existing?.state !== "submitted" || task.existing.correction !== undefined,
  );
  const first = enterTask(initial, Math.max(pending, 0), context);
  return settleOutcome(initial, { ...first, before: [lineMessage([intro])] }, context);
}

/**
 * Moves the conversation one input on. Pure: the same state, input and context always give
 * the same result, `state` is never modified, and no input makes it throw.
 *
 * - A button whose nonce is not the current one (stale, double-tapped) changes nothing and
 *   gets a short "already handled" reply: a double-tapped Submit submits once.
 * - A button the current question does not show, text at a button-only step, empty text and
 *   unsupported content (stickers, photos, voice …) get a short hint and the question again.
 * - An answer is recorded (effect `saveDraft`), acknowledged, and the next question asked.
 *
 * @example
 * const next = reportFlowTransition(state, { kind: "text", text: "67" }, context);
 * // next.effects: [{ kind: "saveDraft", taskIndex: 0 }]
 */
export function reportFlowTransition(
  state: ReportConversationState,
  input: FlowInput,
  context: FlowContext,
): FlowResult {
  const say = (key: string) => context.translate(context.locale, key);
  const unchanged = (key: string): FlowResult => ({
    state,
    replies: [lineMessage([say(key)])],
    effects: [],
  });
  const open = state.step !== "closed" && state.snapshot.tasks[state.taskIndex] !== undefined;

  switch (input.kind) {
    case "unsupported":
      if (!open) return unchanged("report.error.closed");
      return settleOutcome(state, { state, lead: [say("report.error.unsupported")] }, context);
    case "choice": {
      const button = decodeFlowButton(input.data);
      if (!open || (button && input.data === state.handledButton)) {
        return unchanged("report.error.stale");
      }
      if (button && button.nonce !== state.nonce) {
        // A button of an older message did nothing: say so, and show where to go on.
        const key = button.action.kind === "submit" ? "staleSubmit" : "staleButton";
        return settleOutcome(state, { state, lead: [say(`report.error.${key}`)] }, context);
      }
      if (!button) {
        return settleOutcome(state, { state, lead: [say("report.error.expiredButton")] }, context);
      }
      const intent = readAnswer(state, { kind: "action", action: button.action }, context);
      const outcome = applyAnswer(state, intent, context);
      const handled =
        intent.kind === "reask"
          ? outcome.state
          : { ...outcome.state, handledButton: input.data, lastAnswer: undefined };
      return settleOutcome(state, { ...outcome, state: handled }, context);
    }
    case "text": {
      if (!open) return unchanged("report.error.closed");
      const joined = continueLongText(state, input, context);
      if (joined) return { ...settleOutcome(state, joined, context), delivery: "replaceHeld" };
      const intent = readAnswer(state, { kind: "text", text: input.text }, context);
      const outcome = applyAnswer(state, intent, context);
      const after = rememberAnswer({ before: state, after: outcome.state, intent, input });
      const result = settleOutcome(state, { ...outcome, state: after }, context);
      return after.lastAnswer?.held ? { ...result, delivery: "hold" } : result;
    }
    case "edited":
      if (!open) return unchanged("report.error.editNotRead");
      return settleOutcome(state, applyEditedMessage(state, input, context), context);
  }
}
