import { isBlank, visibleTrim } from "../domain/visible-text.js";
import { type FlowOutcome, withAnswers } from "./flow-outcome.js";
import type { FlowContext } from "./flow-types.js";
import { formatQuantity } from "./format-quantity.js";
import { progressItems } from "./progress-items.js";
import type { Intent } from "./read-answer.js";
import { readAnswer } from "./read-answer.js";
import type {
  LastAnswer,
  ReportConversationState,
  TaskAnswers,
} from "./report-conversation-state.js";

/**
 * A text this long may be one part of a longer one: Telegram's apps split a pasted text over
 * 4,096 characters into several messages, cutting at a paragraph or a space before the limit.
 */
export const LONG_TEXT_LENGTH = 2_000;
/** The parts of one split text arrive back to back; an answer to the next question cannot. */
export const CONTINUATION_WINDOW_MS = 3_000;

type TextInput = { text: string; at?: string; messageId?: string };

/**
 * The state after a typed answer was applied, remembering it as the last answer (so the next
 * part of a split text continues it, and an edit of its message replaces it). Anything but a
 * recorded answer forgets it, except a refused one: the answer before is still the latest.
 */
export function rememberAnswer(options: {
  before: ReportConversationState;
  after: ReportConversationState;
  intent: Intent;
  input: TextInput;
}): ReportConversationState {
  const { before, after, intent, input } = options;
  if (intent.kind === "reask") return after;
  const step = before.step;
  const recorded =
    (intent.kind === "items" && step === "progress") ||
    (intent.kind === "metric" && step === "metric") ||
    (intent.kind === "text" &&
      (step === "blockedReason" || step === "problems" || step === "nextSteps"));
  if (!recorded || input.at === undefined) return { ...after, lastAnswer: undefined };
  const itemsBefore = before.answers[before.taskIndex]?.progressItems.length ?? 0;
  const items =
    intent.kind === "items"
      ? {
          start: before.itemsThisRound === 0 ? 0 : itemsBefore,
          count: intent.items.length,
          multiLine: before.itemsThisRound === 0,
        }
      : undefined;
  const lastAnswer: LastAnswer = {
    at: input.at,
    length: input.text.length,
    ...(input.messageId ? { messageId: input.messageId } : {}),
    taskIndex: before.taskIndex,
    step,
    metricIndex: step === "metric" ? before.metricIndex : 0,
    ...(items ? { items } : {}),
    parts: 1,
    held: step !== "metric" && input.text.length >= LONG_TEXT_LENGTH,
  };
  return { ...after, lastAnswer };
}

/** The answers of the last answer's task, or undefined when the member has moved on. */
function lastAnswers(state: ReportConversationState, last: LastAnswer): TaskAnswers | undefined {
  return last.taskIndex === state.taskIndex ? state.answers[last.taskIndex] : undefined;
}

/**
 * A text arriving right after a long typed answer is its next part: it is added to that
 * answer (new lines of a list as new items, else after a line break), nothing is cut, and
 * the member is told how long the whole answer now is. Undefined when it is no such part.
 */
export function continueLongText(
  state: ReportConversationState,
  input: TextInput,
  context: FlowContext,
): FlowOutcome | undefined {
  const last = state.lastAnswer;
  if (!last || last.step === "metric" || input.at === undefined || isBlank(input.text)) {
    return undefined;
  }
  const gap = Date.parse(input.at) - Date.parse(last.at);
  if (last.length < LONG_TEXT_LENGTH || !(gap >= 0 && gap <= CONTINUATION_WINDOW_MS)) {
    return undefined;
  }
  const answers = lastAnswers(state, last);
  if (!answers) return undefined;
  const part = visibleTrim(input.text);
  let updated: TaskAnswers;
  let items = last.items;
  let total: number;
  if (last.step === "progress" && items) {
    const all = [...answers.progressItems];
    const end = items.start + items.count;
    if (items.multiLine) {
      const added = progressItems(part, { multiLine: true });
      all.splice(end, 0, ...added);
      items = { ...items, count: items.count + added.length };
    } else {
      all[end - 1] = `${all[end - 1] ?? ""}\n${part}`;
    }
    updated = { ...answers, progressItems: all };
    total = all.slice(items.start, items.start + items.count).join("\n").length;
  } else if (last.step !== "progress") {
    const before = answers[last.step];
    const text = typeof before === "string" ? `${before}\n${part}` : part;
    updated = { ...answers, [last.step]: text };
    total = text.length;
  } else {
    return undefined;
  }
  const parts = last.parts + 1;
  const { messageId: _joined, ...rest } = last;
  const lastAnswer: LastAnswer = {
    ...rest,
    at: input.at,
    length: input.text.length,
    ...(items ? { items } : {}),
    parts,
    held: true,
  };
  return {
    state: { ...withAnswers(state, updated), lastAnswer },
    lead: [context.translate(context.locale, "report.ack.continued", { parts, length: total })],
    answersChanged: true,
  };
}

/**
 * A sent message the member edited. The edit of the latest answer, while nothing was answered
 * after it, replaces that answer (checked like the answer itself); any other edit is not read,
 * and the member is told how to correct instead. The conversation stays where it is.
 */
export function applyEditedMessage(
  state: ReportConversationState,
  input: { text: string; messageId: string },
  context: FlowContext,
): FlowOutcome {
  const say = (key: string, params?: Record<string, string | number>) =>
    context.translate(context.locale, key, params);
  const last = state.lastAnswer;
  const answers = last && lastAnswers(state, last);
  if (!last || !answers || last.messageId !== input.messageId) {
    return { state, lead: [say("report.error.editNotRead")] };
  }
  const task = state.snapshot.tasks[last.taskIndex];
  // Read the new text as an answer to the question it answered, without moving there.
  const asked: ReportConversationState = {
    ...state,
    step: last.step,
    metricIndex: last.metricIndex,
    itemsThisRound: last.items?.multiLine === false ? 1 : 0,
  };
  const intent = readAnswer(asked, { kind: "text", text: input.text }, context);
  const refused = (lead: string[]) => ({
    state,
    lead: [say("report.error.editRefused"), ...lead],
  });
  let updated: TaskAnswers;
  let shown: string;
  let items = last.items;
  if (intent.kind === "metric" && last.step === "metric") {
    const metric = task?.metrics[last.metricIndex];
    if (!metric) return refused([]);
    updated = {
      ...answers,
      metrics: { ...answers.metrics, [metric.metricId]: { value: intent.value, raw: intent.raw } },
    };
    shown = `${metric.name}：${formatQuantity(intent.value, metric.unit)}`;
  } else if (intent.kind === "items" && last.step === "progress" && items) {
    const all = [...answers.progressItems];
    all.splice(items.start, items.count, ...intent.items);
    items = { ...items, count: intent.items.length };
    updated = { ...answers, progressItems: all };
    shown = intent.items.join("；");
  } else if (intent.kind === "text" && last.step !== "metric" && last.step !== "progress") {
    updated = { ...answers, [last.step]: intent.text };
    shown = intent.text;
  } else if (intent.kind === "skip" && (last.step === "problems" || last.step === "nextSteps")) {
    updated = { ...answers, [last.step]: null };
    shown = say("report.review.none");
  } else {
    return refused(intent.kind === "reask" ? intent.lead : []);
  }
  const glimpse = [...shown].length > 60 ? `${[...shown].slice(0, 59).join("")}…` : shown;
  const lastAnswer: LastAnswer = {
    ...last,
    length: input.text.length,
    ...(items ? { items } : {}),
  };
  return {
    state: { ...withAnswers(state, updated), lastAnswer },
    lead: [say("report.ack.editApplied", { answer: glimpse })],
    answersChanged: true,
  };
}
