import { type FlowOutcome, moveTo, withAnswers } from "./flow-outcome.js";
import type { FlowContext } from "./flow-types.js";
import { formatQuantity } from "./format-quantity.js";
import type { Intent } from "./read-answer.js";
import type { ReportConversationState, TaskAnswers } from "./report-conversation-state.js";
import { nextPosition, stepRules } from "./report-steps.js";
import { reviewAction } from "./review-action.js";

const REVIEW = { step: "review", metricIndex: 0 } as const;

/** An answer to record, and what to say about it before the next question. */
interface Recorded {
  answers: TaskAnswers;
  lead?: string[];
}

/**
 * Records the answers and moves on: to the next step, or back to the review card after an
 * edit. Choosing "blocked" while editing the status still asks for the reason first.
 */
function advance(
  state: ReportConversationState,
  { answers, lead = [] }: Recorded,
  context: FlowContext,
): FlowOutcome {
  const task = state.snapshot.tasks[state.taskIndex];
  const updated = withAnswers(state, answers);
  const needsReason =
    state.step === "status" && answers.health === "blocked" && state.returnToReview;
  if (needsReason) {
    const position = { step: "blockedReason", metricIndex: 0 } as const;
    return {
      state: moveTo(updated, position, { returnToReview: true }),
      lead,
      answersChanged: true,
    };
  }
  if (state.returnToReview || !task) {
    const said = lead.length > 0 ? lead : [context.translate(context.locale, "report.ack.updated")];
    return {
      state: moveTo(updated, REVIEW, { returnToReview: false }),
      lead: said,
      answersChanged: true,
    };
  }
  const view = { task, answers, rules: stepRules(context.questions) };
  const position = nextPosition(view, { step: state.step, metricIndex: state.metricIndex });
  return {
    state: moveTo(updated, position, { returnToReview: false }),
    lead,
    answersChanged: true,
  };
}

/** The echo of a split message only shows where it was cut; the stored items stay whole. */
const GLIMPSE_LIMIT = 80;

function glimpse(item: string): string {
  const chars = [...item.replace(/\s+/g, " ")];
  return chars.length > GLIMPSE_LIMIT ? `${chars.slice(0, GLIMPSE_LIMIT - 1).join("")}…` : item;
}

/** Progress items received: the first of a round replaces what was there, later ones add. */
function addItems(
  state: ReportConversationState,
  items: string[],
  context: FlowContext,
): FlowOutcome {
  const answers = state.answers[state.taskIndex] ?? { progressItems: [], metrics: {} };
  const say = (key: string, params: Record<string, number>) =>
    context.translate(context.locale, key, params);
  const progressItems = state.itemsThisRound === 0 ? items : [...answers.progressItems, ...items];
  const lead =
    items.length === 1
      ? [say("report.ack.item", { count: progressItems.length })]
      : [
          say("report.ack.items", { count: items.length }),
          ...items.map(
            (item, index) => `${progressItems.length - items.length + index + 1}. ${glimpse(item)}`,
          ),
        ];
  const next = withAnswers(state, { ...answers, progressItems });
  return {
    state: { ...next, itemsThisRound: state.itemsThisRound + items.length },
    lead,
    answersChanged: true,
  };
}

/** "Done" with the progress items: required ones need at least one; an edit may keep the old. */
function finishProgress(
  state: ReportConversationState,
  answers: TaskAnswers,
  context: FlowContext,
): FlowOutcome {
  const count = answers.progressItems.length;
  if (state.returnToReview && state.itemsThisRound === 0 && count > 0) {
    return { state: moveTo(state, REVIEW, { returnToReview: false }) };
  }
  if (count === 0 && !stepRules(context.questions).optional.progress) {
    return { state, lead: [context.translate(context.locale, "report.error.progressRequired")] };
  }
  const task = state.snapshot.tasks[state.taskIndex];
  if (state.returnToReview || !task) {
    return { state: moveTo(state, REVIEW, { returnToReview: false }) };
  }
  const view = { task, answers, rules: stepRules(context.questions) };
  const position = nextPosition(view, { step: "progress", metricIndex: 0 });
  return { state: moveTo(state, position, { returnToReview: false }) };
}

/** Skip an optional metric or status, or answer "none" to problems or next steps. */
function skip(
  state: ReportConversationState,
  answers: TaskAnswers,
  context: FlowContext,
): FlowOutcome {
  const skipped = [context.translate(context.locale, "report.ack.skipped")];
  switch (state.step) {
    case "metric": {
      const metric = state.snapshot.tasks[state.taskIndex]?.metrics[state.metricIndex];
      if (!metric) return { state };
      const metrics = { ...answers.metrics, [metric.metricId]: { skipped: true as const } };
      return advance(state, { answers: { ...answers, metrics }, lead: skipped }, context);
    }
    case "status": {
      const { health: _health, blockedReason: _reason, ...rest } = answers;
      return advance(state, { answers: rest, lead: skipped }, context);
    }
    case "problems":
    case "nextSteps":
      return advance(state, { answers: { ...answers, [state.step]: null } }, context);
    default:
      return { state };
  }
}

/**
 * Applies what the member meant (see `readAnswer`) to the state: records the answer, says
 * what was recorded, and moves on. Never touches `state`; returns a new one.
 */
export function applyAnswer(
  state: ReportConversationState,
  intent: Intent,
  context: FlowContext,
): FlowOutcome {
  const answers = state.answers[state.taskIndex];
  const task = state.snapshot.tasks[state.taskIndex];
  if (!answers || !task) return { state };
  switch (intent.kind) {
    case "reask":
      return { state, lead: intent.lead };
    case "items":
      return addItems(state, intent.items, context);
    case "done":
      return finishProgress(state, answers, context);
    case "back":
      return { state: moveTo(state, REVIEW, { returnToReview: false }) };
    case "skip":
      return skip(state, answers, context);
    case "metric": {
      const metric = task.metrics[state.metricIndex];
      if (!metric) return { state };
      const metrics = {
        ...answers.metrics,
        [metric.metricId]: { value: intent.value, raw: intent.raw },
      };
      // An estimate is stored as its number: say so, so nobody reads "约180" back as exact.
      const key = intent.approximate ? "report.ack.metricApproximate" : "report.ack.metric";
      const recorded = context.translate(context.locale, key, {
        value: formatQuantity(intent.value, metric.unit),
        typed: intent.raw,
      });
      return advance(state, { answers: { ...answers, metrics }, lead: [recorded] }, context);
    }
    case "status": {
      const { blockedReason, ...rest } = answers;
      const keepReason = intent.health === "blocked" && blockedReason !== undefined;
      const next = { ...rest, health: intent.health, ...(keepReason ? { blockedReason } : {}) };
      return advance(state, { answers: next }, context);
    }
    case "text": {
      const step = state.step;
      if (step !== "blockedReason" && step !== "problems" && step !== "nextSteps") return { state };
      return advance(state, { answers: { ...answers, [step]: intent.text } }, context);
    }
    case "same": {
      const step = state.step;
      if (step !== "problems" && step !== "nextSteps") return { state };
      const previous = task.previous?.[step];
      return previous
        ? advance(state, { answers: { ...answers, [step]: previous } }, context)
        : { state };
    }
    case "edit":
    case "submit":
    case "cancel":
      return reviewAction(state, intent, context);
  }
}
