import type { QuestionOverrides } from "../campaigns/campaign-file-schema.js";
import type { ButtonRows, Reply, ReplyButton } from "../core/reply.js";
import type { PromptParams } from "../i18n/translate.js";
import { encodeFlowButton, type FlowAction } from "./flow-buttons.js";
import type { FlowContext } from "./flow-types.js";
import { formatQuantity } from "./format-quantity.js";
import {
  type ReportConversationState,
  type SnapshotTask,
  TASK_HEALTH,
  type TaskAnswers,
} from "./report-conversation-state.js";
import { metricIsOptional, stepRules } from "./report-steps.js";
import { reviewCard } from "./review-card.js";

/** Previous answers are shown in full up to this length, then cut (the stored text is not). */
const PREVIEW_LIMIT = 500;

const EMPTY_ANSWERS: TaskAnswers = { progressItems: [], metrics: {} };

function preview(text: string): string {
  const chars = [...text.trim()];
  return chars.length > PREVIEW_LIMIT
    ? `${chars.slice(0, PREVIEW_LIMIT).join("")}…`
    : chars.join("");
}

/** The campaign's own wording for a step in this locale, else the catalogue's. */
function questionText(
  context: FlowContext,
  step: keyof QuestionOverrides,
  key: string,
  params: PromptParams,
): string {
  const override = context.questions?.[step]?.text?.[context.locale];
  if (override === undefined) return context.translate(context.locale, key, params);
  return override.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A message of lines, with buttons when there are any. */
export function lineMessage(lines: readonly string[], buttons: ButtonRows = []): Reply {
  const text = [{ text: lines.filter((line) => line !== "").join("\n") }];
  const rows = buttons.filter((row) => row.length > 0);
  return rows.length > 0 ? { kind: "message", text, buttons: rows } : { kind: "message", text };
}

interface Parts {
  lines: string[];
  buttons: ButtonRows;
}

function stepParts(
  state: ReportConversationState,
  task: SnapshotTask,
  context: FlowContext,
): Parts {
  const { locale, translate } = context;
  const say = (key: string, params?: PromptParams) => translate(locale, key, params);
  const button = (labelKey: string, action: FlowAction): ReplyButton => ({
    label: say(labelKey),
    data: encodeFlowButton(state.nonce, action),
  });
  const rules = stepRules(context.questions);
  const answers = state.answers[state.taskIndex] ?? EMPTY_ANSWERS;
  const params = { number: task.number, title: task.title };
  const editing = state.returnToReview;
  const back = editing ? [button("report.button.back", { kind: "back" })] : [];
  const previous = task.previous;

  switch (state.step) {
    case "progress": {
      if (state.itemsThisRound > 0) {
        return {
          lines: [say("report.hint.progressMore")],
          buttons: [[button("report.button.done", { kind: "done" })]],
        };
      }
      const lines = [questionText(context, "progress", "report.question.progress", params)];
      const buttons: ButtonRows = [];
      if (editing && answers.progressItems.length > 0) {
        lines.push(say("report.hint.progressReplace", { count: answers.progressItems.length }));
        buttons.push(back);
      } else if (rules.optional.progress) {
        lines.push(say("report.hint.progressOptional"));
        buttons.push([button("report.button.noProgress", { kind: "done" })]);
      }
      return { lines, buttons };
    }
    case "metric": {
      const metric = task.metrics[state.metricIndex];
      if (!metric) return { lines: [], buttons: [] };
      const metricParams = { ...params, metric: metric.name, unit: metric.unit ?? "" };
      const key = metric.unit ? "report.question.metric" : "report.question.metricNoUnit";
      const lines = [questionText(context, "metrics", key, metricParams)];
      if (metric.lastValue !== undefined) {
        lines.push(
          say("report.hint.lastValue", { value: formatQuantity(metric.lastValue, metric.unit) }),
        );
      }
      const optional = metricIsOptional(metric, rules);
      if (optional) lines.push(say("report.hint.metricOptional"));
      if (editing) lines.push(say("report.hint.keepCurrent"));
      const skip = optional ? [button("report.button.skip", { kind: "skip" })] : [];
      return { lines, buttons: [[...skip, ...back]] };
    }
    case "status": {
      const lines = [questionText(context, "status", "report.question.status", params)];
      if (previous?.health) {
        lines.push(
          say("report.hint.previousStatus", { status: say(`report.health.${previous.health}`) }),
        );
      }
      const choices = TASK_HEALTH.map((health) =>
        button(`report.health.${health}`, { kind: "status", health }),
      );
      const skip = rules.optional.status ? [button("report.button.skip", { kind: "skip" })] : [];
      return { lines, buttons: [choices, [...skip, ...back]] };
    }
    case "blockedReason": {
      // The status asks for a reason; keeping the old one is only possible if there is one.
      const canKeep = editing && (answers.blockedReason ?? "").trim() !== "";
      return {
        lines: [say("report.question.blockedReason")],
        buttons: canKeep ? [back] : [],
      };
    }
    case "problems":
    case "nextSteps": {
      const step = state.step;
      const lines = [questionText(context, step, `report.question.${step}`, params)];
      const before = previous?.[step]?.trim();
      const buttons: ReplyButton[] = [];
      if (rules.optional[step]) {
        lines.push(say("report.hint.optionalText"));
        buttons.push(button("report.button.none", { kind: "skip" }));
      }
      if (before) {
        lines.push(say("report.hint.previousText", { text: preview(before) }));
        lines.push(say("report.hint.sameAsLastWeek"));
        buttons.push(button("report.button.same", { kind: "same" }));
      }
      return { lines, buttons: [buttons, back] };
    }
    default:
      return { lines: [], buttons: [] };
  }
}

/**
 * The current question as one message: `lead` lines first (an acknowledgement or why the
 * last answer was not taken), then the question, its hints and the buttons for this step.
 * At the review step it is the review card; at `closed` a hint to start again.
 */
export function reportQuestion(
  state: ReportConversationState,
  context: FlowContext,
  lead: readonly string[] = [],
): Reply {
  const task = state.snapshot.tasks[state.taskIndex];
  if (state.step === "closed" || !task) {
    return lineMessage([...lead, context.translate(context.locale, "report.error.closed")]);
  }
  if (state.step === "review") return reviewCard(state, context, lead);
  const { lines, buttons } = stepParts(state, task, context);
  return lineMessage([...lead, ...lines], buttons);
}
