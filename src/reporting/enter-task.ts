import type { FlowOutcome } from "./flow-outcome.js";
import { moveTo } from "./flow-outcome.js";
import type { FlowContext } from "./flow-types.js";
import type { ReportConversationState } from "./report-conversation-state.js";
import { firstUnanswered, reportSteps, stepRules } from "./report-steps.js";

/**
 * Moves to the first question of task `taskIndex`: the review card when its report of this
 * period was submitted (an edit), the first unanswered step of a draft, else the first step.
 * The lead line tells the member which of these it is.
 */
export function enterTask(
  state: ReportConversationState,
  taskIndex: number,
  context: FlowContext,
): FlowOutcome {
  const task = state.snapshot.tasks[taskIndex];
  const answers = state.answers[taskIndex];
  if (!task || !answers) {
    return { state: { ...state, step: "closed", returnToReview: false, itemsThisRound: 0 } };
  }
  const rules = stepRules(context.questions);
  const params = { number: task.number, title: task.title };
  const options = { returnToReview: false, taskIndex };
  switch (task.existing?.state) {
    case "submitted": {
      const key = task.existing.correction ? "report.resumeCorrection" : "report.editSubmitted";
      return {
        state: moveTo(state, { step: "review", metricIndex: 0 }, options),
        lead: [context.translate(context.locale, key, params)],
      };
    }
    case "draft":
      return {
        state: moveTo(state, firstUnanswered({ task, answers, rules }), options),
        lead: [context.translate(context.locale, "report.resumeDraft", params)],
      };
    default: {
      const first = reportSteps({ task, answers, rules })[0] ?? { step: "review", metricIndex: 0 };
      return { state: moveTo(state, first, options) };
    }
  }
}
