import {
  checkMetricValue,
  type MetricValueProblem,
  STORED_DECIMAL,
} from "../domain/metric-value-rules.js";
import { parseReportedNumber } from "../domain/parse-number.js";
import { hasWords, isBlank, visibleTrim } from "../domain/visible-text.js";
import { SUPPORTED_LOCALES } from "../i18n/locales.js";
import type { Translator } from "../i18n/translate.js";
import type { EditTarget, FlowAction } from "./flow-buttons.js";
import type { FlowContext } from "./flow-types.js";
import { metricRule } from "./metric-rule.js";
import { progressItems } from "./progress-items.js";
import {
  type ReportConversationState,
  type SnapshotMetric,
  type SnapshotTask,
  TASK_HEALTH,
  type TaskHealth,
} from "./report-conversation-state.js";
import { metricIsOptional, type StepRules, stepRules } from "./report-steps.js";

/** What the member meant at the current step, whether typed or tapped. */
export type Intent =
  | { kind: "items"; items: string[] }
  | { kind: "done" }
  | { kind: "back" }
  | {
      kind: "metric";
      value: string;
      raw: string;
      /** Typed as an estimate ("约180", "180余"): the number is kept, the marker is not. */
      approximate: boolean;
    }
  | { kind: "skip" }
  | { kind: "status"; health: TaskHealth }
  | { kind: "text"; text: string }
  | { kind: "same" }
  | { kind: "edit"; target: EditTarget }
  | { kind: "submit" }
  | { kind: "cancel" }
  /** Not an answer: say `lead`, then ask the current question again. */
  | { kind: "reask"; lead: string[] };

// Typed words that mean the same as a button. Compared whole, after trimming, ignoring
// case and a closing punctuation mark, so "完成。" and "Done!" count but "完成了巡查" does not.
const DONE_WORDS = ["完成", "好了", "完毕", "没了", "就这些", "done", "finished", "that's all"];
const SKIP_WORDS = ["跳过", "略过", "不填", "skip"];
const NONE_WORDS = [
  "无",
  "没有",
  "暂无",
  "没",
  "无问题",
  "暂无问题",
  "none",
  "no",
  "nothing",
  "n/a",
];
const SAME_WORDS = ["同上周", "同上", "和上周一样", "与上周相同", "same", "same as last week"];
const SUBMIT_WORDS = ["提交", "确认提交", "确认", "确定", "submit", "confirm"];
const CANCEL_WORDS = ["取消", "cancel"];
/** Said at a figure the member does not have. */
const NO_FIGURE_WORDS = [
  "无",
  "没有",
  "暂无",
  "不知道",
  "不清楚",
  "没数据",
  "没有数据",
  "暂无数据",
  "none",
  "n/a",
  "no data",
  "don't know",
  "unknown",
];

/** Typed words as they are compared with a button: trimmed, a closing mark dropped, any case. */
export function normaliseTyped(text: string): string {
  return visibleTrim(visibleTrim(text).replace(/[。.!！~～]+$/u, "")).toLowerCase();
}

/** A dash or slash alone, as forms are filled in for "nothing": "—", "/", "无。" is a word. */
const NOTHING_MARK = /^[-‐‑–—―－_/／\\、.。…·~～]+$/u;

/** A free-text answer with no words in it: what to say back (echoing what arrived). */
function noWords(text: string, context: FlowContext): Intent {
  const shown = [...visibleTrim(text)].slice(0, 20).join("");
  return {
    kind: "reask",
    lead: [context.translate(context.locale, "report.error.noWords", { text: shown })],
  };
}

const isOneOf = (text: string, words: readonly string[]) => words.includes(normaliseTyped(text));

/**
 * A status typed as one of the button labels, in any locale ("受阻", "on track"): the member
 * may type the label of a language other than their own, so every supported one is asked.
 */
export function typedHealth(text: string, translate: Translator): TaskHealth | undefined {
  const typed = normaliseTyped(text);
  return TASK_HEALTH.find((health) =>
    SUPPORTED_LOCALES.some(
      (locale) => normaliseTyped(translate(locale, `report.health.${health}`)) === typed,
    ),
  );
}

function hasPrevious(task: SnapshotTask, step: "problems" | "nextSteps"): boolean {
  return (task.previous?.[step] ?? "").trim() !== "";
}

/** Whether the review card offers an edit button for `target`. */
function canEdit(target: EditTarget, task: SnapshotTask, rules: StepRules): boolean {
  if (target.step === "metric") {
    return rules.ask.metrics && target.metricIndex < task.metrics.length;
  }
  return rules.ask[target.step];
}

/** Whether the current question shows a button for `action`; anything else has expired. */
function offers(
  state: ReportConversationState,
  task: SnapshotTask,
  rules: StepRules,
  action: FlowAction,
): boolean {
  const step = state.step;
  switch (action.kind) {
    case "done":
      return step === "progress";
    case "back":
      if (!state.returnToReview || step === "review") return false;
      if (step === "progress") return state.itemsThisRound === 0;
      if (step === "blockedReason") {
        return (state.answers[state.taskIndex]?.blockedReason ?? "").trim() !== "";
      }
      return true;
    case "skip": {
      if (step === "metric") {
        const metric = task.metrics[state.metricIndex];
        return metric !== undefined && metricIsOptional(metric, rules);
      }
      if (step === "status" || step === "problems" || step === "nextSteps") {
        return rules.optional[step];
      }
      return false;
    }
    case "same":
      return (step === "problems" || step === "nextSteps") && hasPrevious(task, step);
    case "status":
      return step === "status";
    case "edit":
      return step === "review" && canEdit(action.target, task, rules);
    case "submit":
    case "cancel":
      return step === "review";
  }
}

/** What a tapped button means here, or a re-ask when it does not belong to this question. */
function readChoice(
  state: ReportConversationState,
  action: FlowAction,
  context: FlowContext,
): Intent {
  const task = state.snapshot.tasks[state.taskIndex];
  if (!task || !offers(state, task, stepRules(context.questions), action)) {
    return {
      kind: "reask",
      lead: [context.translate(context.locale, "report.error.expiredButton")],
    };
  }
  return action.kind === "status" ? { kind: "status", health: action.health } : action;
}

function readMetric(
  state: ReportConversationState,
  task: SnapshotTask,
  text: string,
  context: FlowContext,
): Intent {
  const say = (key: string, params?: Record<string, string>) =>
    context.translate(context.locale, key, params);
  const metric = task.metrics[state.metricIndex];
  if (!metric) return { kind: "reask", lead: [] };
  if (isOneOf(text, [...SKIP_WORDS, ...NO_FIGURE_WORDS])) {
    if (metricIsOptional(metric, stepRules(context.questions))) return { kind: "skip" };
    // Say what to do without a figure: 0 where nothing happened, else pause or ask.
    const zero = checkMetricValue("0", metricRule(metric)) === undefined;
    const key = zero ? "report.error.metricRequired" : "report.error.metricRequiredNoZero";
    return { kind: "reask", lead: [say(key, { metric: metric.name })] };
  }
  const parsed = parseReportedNumber(
    visibleTrim(text),
    metric.unit ? { expectedUnit: metric.unit } : {},
  );
  if (parsed.ok) {
    const problem = checkMetricValue(parsed.decimal, metricRule(metric));
    if (problem) return { kind: "reask", lead: [metricProblem(problem, metric, context)] };
    return {
      kind: "metric",
      value: parsed.decimal,
      raw: parsed.text,
      approximate: parsed.approximate,
    };
  }
  const why = {
    empty: say("report.error.empty"),
    not_a_number: say("report.error.notANumber"),
    ambiguous: say("report.error.ambiguous"),
    decimal_comma: say("report.error.decimalComma", { suggestion: parsed.suggestion ?? "" }),
    unit_mismatch: say("report.error.unitMismatch", {
      metric: metric.name,
      unit: metric.unit ?? "",
    }),
  }[parsed.reason];
  return { kind: "reask", lead: [why] };
}

/** Why a figure was refused, and what is allowed instead, in the member's words. */
function metricProblem(
  problem: MetricValueProblem,
  metric: SnapshotMetric,
  context: FlowContext,
): string {
  const params = { metric: metric.name, unit: metric.unit ?? "" };
  const say = (key: string, extra: Record<string, string | number> = {}) =>
    context.translate(context.locale, `report.error.value.${key}`, { ...params, ...extra });
  switch (problem.reason) {
    case "tooLarge":
      return say("tooLarge", { digits: STORED_DECIMAL.integerDigits });
    case "tooPrecise":
      return say("tooPrecise", { digits: STORED_DECIMAL.fractionDigits });
    case "notWhole":
      return say("notWhole");
    case "belowMin":
      return problem.min === "0" ? say("negative") : say("belowMin", { min: problem.min });
    case "aboveMax":
      return say("aboveMax", { max: problem.max });
  }
}

/** What a typed message means at the current step. */
function readText(state: ReportConversationState, text: string, context: FlowContext): Intent {
  const say = (key: string) => context.translate(context.locale, key);
  const task = state.snapshot.tasks[state.taskIndex];
  if (isBlank(text)) return { kind: "reask", lead: [say("report.error.empty")] };
  if (!task) return { kind: "reask", lead: [] };
  const rules = stepRules(context.questions);
  const answers = state.answers[state.taskIndex];
  switch (state.step) {
    case "progress": {
      if (isOneOf(text, DONE_WORDS)) return { kind: "done" };
      const nothingYet = state.itemsThisRound === 0 && (answers?.progressItems.length ?? 0) === 0;
      const none = isOneOf(text, NONE_WORDS) || NOTHING_MARK.test(visibleTrim(text));
      if (nothingYet && rules.optional.progress && none) return { kind: "done" };
      const items = progressItems(text, { multiLine: state.itemsThisRound === 0 });
      return items.length > 0 ? { kind: "items", items } : noWords(text, context);
    }
    case "metric":
      return readMetric(state, task, text, context);
    case "status": {
      const health = typedHealth(text, context.translate);
      if (health) return { kind: "status", health };
      if (rules.optional.status && isOneOf(text, SKIP_WORDS)) return { kind: "skip" };
      return { kind: "reask", lead: [say("report.error.pickStatus")] };
    }
    case "blockedReason":
      return hasWords(text) ? { kind: "text", text: visibleTrim(text) } : noWords(text, context);
    case "problems":
    case "nextSteps": {
      const none =
        isOneOf(text, [...NONE_WORDS, ...SKIP_WORDS]) || NOTHING_MARK.test(visibleTrim(text));
      if (rules.optional[state.step] && none) return { kind: "skip" };
      if (isOneOf(text, SAME_WORDS)) {
        // "同上周" with nothing from last week would be stored as the answer itself.
        return hasPrevious(task, state.step)
          ? { kind: "same" }
          : { kind: "reask", lead: [say("report.error.noPrevious")] };
      }
      return hasWords(text) ? { kind: "text", text: visibleTrim(text) } : noWords(text, context);
    }
    case "review":
      // Typing what a button says does what the button does.
      if (isOneOf(text, SUBMIT_WORDS)) return { kind: "submit" };
      if (isOneOf(text, CANCEL_WORDS)) return { kind: "cancel" };
      return { kind: "reask", lead: [say("report.error.pickReview")] };
    default:
      return { kind: "reask", lead: [say("report.error.pickReview")] };
  }
}

/** A typed message or a decoded button whose nonce is current. */
export type AnswerInput = { kind: "text"; text: string } | { kind: "action"; action: FlowAction };

/**
 * What the member meant at the current step: typed words that mean a button ("完成",
 * "跳过", "同上周", a status label) count as that button; a button the current question
 * does not show, and anything that is not an answer, become a re-ask saying why.
 */
export function readAnswer(
  state: ReportConversationState,
  input: AnswerInput,
  context: FlowContext,
): Intent {
  return input.kind === "text"
    ? readText(state, input.text, context)
    : readChoice(state, input.action, context);
}
