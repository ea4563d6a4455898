import { enterTask } from "./enter-task.js";
import type { EditTarget } from "./flow-buttons.js";
import { type FlowOutcome, moveTo } from "./flow-outcome.js";
import type { FlowContext, FlowEffect } from "./flow-types.js";
import { firstInvalidMetric } from "./metric-rule.js";
import type { ReportConversationState, SnapshotTask } from "./report-conversation-state.js";
import { lineMessage } from "./report-question.js";
import { firstMissingRequired, stepRules } from "./report-steps.js";
import { sameAnswers } from "./same-answers.js";

/** A button of the review card. */
export type ReviewIntent =
  | { kind: "edit"; target: EditTarget }
  | { kind: "submit" }
  | { kind: "cancel" };

/** What a submit says: a first submission or a correction, before or after the close. */
export function confirmationKey(
  task: SnapshotTask,
  unchanged: boolean,
  context: FlowContext,
): string {
  if (unchanged) return "report.unchanged";
  const correction = task.existing?.state === "submitted";
  if (!context.pastDeadline) return correction ? "report.corrected" : "report.submitted";
  return correction ? "report.correctedAfterClose" : "report.submittedLate";
}

function closed(state: ReportConversationState): ReportConversationState {
  return { ...state, step: "closed", metricIndex: 0, itemsThisRound: 0, returnToReview: false };
}

/**
 * Edit: ask that one step again, then come back to the card. Submit: refuse while a
 * required answer is missing (and ask it), else confirm, then go on to the next task or
 * finish. Cancel: close, keeping the draft (or the submitted report, when this was an edit).
 */
export function reviewAction(
  state: ReportConversationState,
  intent: ReviewIntent,
  context: FlowContext,
): FlowOutcome {
  const say = (key: string, params?: Record<string, string | number>) =>
    context.translate(context.locale, key, params);
  const task = state.snapshot.tasks[state.taskIndex];
  const answers = state.answers[state.taskIndex];
  if (!task || !answers) return { state: closed(state) };

  switch (intent.kind) {
    case "edit": {
      const { target } = intent;
      const position = {
        step: target.step,
        metricIndex: target.step === "metric" ? target.metricIndex : 0,
      };
      return { state: moveTo(state, position, { returnToReview: true }) };
    }
    case "cancel": {
      // Cancel on a submitted report's card means "forget my changes"; on a draft, "later".
      const correcting = task.existing?.state === "submitted";
      return {
        state: closed(state),
        before: [lineMessage([say(correcting ? "report.cancelledEdit" : "report.cancelled")])],
        effects: [
          ...(correcting
            ? [{ kind: "discardCorrection", taskIndex: state.taskIndex } as const]
            : []),
          { kind: "cancelled" },
        ],
      };
    }
    case "submit": {
      const missing = firstMissingRequired({ task, answers, rules: stepRules(context.questions) });
      if (missing) {
        return {
          state: moveTo(state, missing, { returnToReview: true }),
          lead: [say("report.error.missingBeforeSubmit")],
        };
      }
      const invalid = firstInvalidMetric(task.metrics, answers);
      if (invalid !== undefined) {
        return {
          state: moveTo(state, { step: "metric", metricIndex: invalid }, { returnToReview: true }),
          lead: [say("report.error.invalidBeforeSubmit")],
        };
      }
      const params = {
        number: task.number,
        title: task.title,
        period: state.snapshot.periodLabel,
        deadline: state.snapshot.deadline,
      };
      const submitted = task.existing?.state === "submitted" ? task.existing : undefined;
      const unchanged = submitted !== undefined && sameAnswers(answers, submitted.answers);
      const confirmation = lineMessage([say(confirmationKey(task, unchanged, context), params)]);
      // Submitting what was already submitted makes no revision; a pending copy is dropped.
      const effects: FlowEffect[] = [
        { kind: unchanged ? "discardCorrection" : "submit", taskIndex: state.taskIndex },
      ];
      const nextIndex = state.taskIndex + 1;
      if (nextIndex < state.snapshot.tasks.length) {
        const next = enterTask(state, nextIndex, context);
        return { ...next, before: [confirmation], effects };
      }
      const count = state.snapshot.tasks.length;
      return {
        state: closed(state),
        before: [confirmation],
        after: [lineMessage([say("report.finished", { count })])],
        effects: [...effects, { kind: "finished" }],
      };
    }
  }
}
