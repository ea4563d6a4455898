import type { Reply } from "../core/reply.js";
import type { FlowContext, FlowEffect, FlowResult } from "./flow-types.js";
import type { ReportConversationState, TaskAnswers } from "./report-conversation-state.js";
import { lineMessage, reportQuestion } from "./report-question.js";
import type { StepPosition } from "./report-steps.js";

/**
 * What a step handler decided, before the nonce and the replies are settled by
 * {@link settleOutcome}. Handlers only say what changed; rendering happens once.
 */
export interface FlowOutcome {
  /** The new state; its nonce is still the old one. */
  state: ReportConversationState;
  /** Lines said before the current question (an acknowledgement, why an answer was refused). */
  lead?: string[];
  /** Whole messages before the question (a submit confirmation). */
  before?: Reply[];
  /** Whole messages after it (the closing message). */
  after?: Reply[];
  effects?: FlowEffect[];
  /** The answers of the task at the old `taskIndex` changed: save its draft. */
  answersChanged?: boolean;
}

/** The state with the current task's answers replaced (a copy; the input is never touched). */
export function withAnswers(
  state: ReportConversationState,
  answers: TaskAnswers,
): ReportConversationState {
  const all = state.answers.map((entry, index) => (index === state.taskIndex ? answers : entry));
  return { ...state, answers: all };
}

/** The state moved to `position` of task `taskIndex`, starting a fresh round of the question. */
export function moveTo(
  state: ReportConversationState,
  position: StepPosition,
  options: { returnToReview: boolean; taskIndex?: number },
): ReportConversationState {
  return {
    ...state,
    taskIndex: options.taskIndex ?? state.taskIndex,
    step: position.step,
    metricIndex: position.step === "metric" ? position.metricIndex : 0,
    itemsThisRound: 0,
    returnToReview: options.returnToReview,
  };
}

/**
 * What the member sees: the buttons change when the question changes, and when the first
 * progress item of a round arrives (the "keep as is" of an edit no longer applies).
 */
function view(state: ReportConversationState): string {
  const metric = state.step === "metric" ? state.metricIndex : 0;
  return `${state.taskIndex}|${state.step}|${metric}|${state.itemsThisRound > 0}`;
}

/**
 * Turns an outcome into the transition's result: bumps the nonce when the member will see
 * new buttons (so taps on older ones are recognised as stale), renders the current question
 * with its lead, and puts `saveDraft` first when answers changed (for a submitted report,
 * the save keeps the change as its pending correction, never over what was submitted).
 */
export function settleOutcome(
  previous: ReportConversationState,
  outcome: FlowOutcome,
  context: FlowContext,
): FlowResult {
  const changed = view(previous) !== view(outcome.state);
  const state = changed ? { ...outcome.state, nonce: previous.nonce + 1 } : outcome.state;

  const replies: Reply[] = [...(outcome.before ?? [])];
  const lead = outcome.lead ?? [];
  if (state.step === "closed") {
    if (lead.length > 0) replies.push(lineMessage(lead));
  } else {
    replies.push(reportQuestion(state, context, lead));
  }
  replies.push(...(outcome.after ?? []));

  const effects: FlowEffect[] = [];
  if (outcome.answersChanged) {
    effects.push({ kind: "saveDraft", taskIndex: previous.taskIndex });
  }
  effects.push(...(outcome.effects ?? []));
  return { state, replies, effects };
}
