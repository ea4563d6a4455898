import type { Form, FormErrors, FormField } from "../core/form.js";
import { applyAnswer } from "./apply-answer.js";
import type { FlowContext } from "./flow-types.js";
import { formatQuantity } from "./format-quantity.js";
import { readAnswer } from "./read-answer.js";
import {
  REPORT_FLOW_VERSION,
  type ReportConversationState,
  type ReportSnapshot,
  type ReportStep,
  TASK_HEALTH,
  type TaskAnswers,
  type TaskHealth,
} from "./report-conversation-state.js";
import { firstMissingRequired, metricIsOptional, reportSteps, stepRules } from "./report-steps.js";
import { LONG_TEXT_LENGTH } from "./typed-answer.js";

/**
 * The weekly report of one task as one form (a Slack modal), an alternative to the step by
 * step conversation. Submitting it runs each field through the conversation's own reading
 * of an answer (`readAnswer`, then `applyAnswer`), so a figure, a status word, "无" or
 * "同上周" mean in the form exactly what they mean in the chat, with the same refusals.
 */

/** Field ids; a metric's is `metric:<metric id>`. */
export const FORM_FIELDS = {
  progress: "progress",
  health: "health",
  blockedReason: "blockedReason",
  problems: "problems",
  nextSteps: "nextSteps",
} as const;

const METRIC_FIELD_PREFIX = "metric:";

export function metricFieldId(metricId: string): string {
  return `${METRIC_FIELD_PREFIX}${metricId}`;
}

/** What a form's fields said, read as the conversation would read them. */
export type FormReading = { ok: true; answers: TaskAnswers } | { ok: false; errors: FormErrors };

/** Progress items as the form shows them: one per line. */
function itemsText(items: readonly string[]): string {
  return items.map((item) => item.replace(/\s*\n\s*/g, " ")).join("\n");
}

function textOf(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === "" ? undefined : value;
}

/**
 * The form of `snapshot.tasks[taskIndex]`: the steps the campaign asks, in the order the chat
 * asks them, filled in with the task's draft or submitted answers (a correction's changes
 * first). The blocked reason is always shown, and required only when the task is blocked.
 */
export function reportForm(
  snapshot: ReportSnapshot,
  taskIndex: number,
  context: FlowContext,
  formId: string,
): Form | undefined {
  const task = snapshot.tasks[taskIndex];
  if (!task) return undefined;
  const say = (key: string, params?: Record<string, string | number>) =>
    context.translate(context.locale, key, params);
  const rules = stepRules(context.questions);
  const answers: TaskAnswers = task.existing?.correction ??
    task.existing?.answers ?? { progressItems: [], metrics: {} };
  const fields: FormField[] = [];
  const long = { maxLength: Math.min(LONG_TEXT_LENGTH, 3000) };
  if (rules.ask.progress) {
    const initial = itemsText(answers.progressItems);
    fields.push({
      id: FORM_FIELDS.progress,
      label: say("report.form.progress"),
      hint: say("report.form.progressHint"),
      kind: "multiline",
      optional: rules.optional.progress,
      ...(initial ? { initial } : {}),
      ...long,
    });
  }
  if (rules.ask.metrics) {
    for (const metric of task.metrics) {
      const answer = answers.metrics[metric.metricId];
      const hints = [
        metric.lastValue !== undefined
          ? say("report.hint.lastValue", { value: formatQuantity(metric.lastValue, metric.unit) })
          : undefined,
        metricIsOptional(metric, rules) ? say("report.form.metricOptional") : undefined,
      ].filter((hint): hint is string => hint !== undefined);
      fields.push({
        id: metricFieldId(metric.metricId),
        label: metric.unit
          ? say("report.form.metric", { metric: metric.name, unit: metric.unit })
          : say("report.form.metricNoUnit", { metric: metric.name }),
        ...(hints.length > 0 ? { hint: hints.join(" ") } : {}),
        kind: "text",
        optional: metricIsOptional(metric, rules),
        ...(answer && "value" in answer ? { initial: answer.raw } : {}),
        maxLength: 100,
      });
    }
  }
  if (rules.ask.status) {
    fields.push({
      id: FORM_FIELDS.health,
      label: say("report.form.status"),
      kind: "choice",
      optional: rules.optional.status,
      options: TASK_HEALTH.map((health) => ({
        label: say(`report.health.${health}`),
        value: health,
      })),
      ...(answers.health ? { initial: answers.health } : {}),
    });
    const reason = textOf(answers.blockedReason);
    fields.push({
      id: FORM_FIELDS.blockedReason,
      label: say("report.form.blockedReason"),
      kind: "multiline",
      optional: true,
      ...(reason ? { initial: reason } : {}),
      ...long,
    });
  }
  for (const step of ["problems", "nextSteps"] as const) {
    if (!rules.ask[step]) continue;
    const initial = textOf(answers[step]);
    const previous = textOf(task.previous?.[step]);
    fields.push({
      id: FORM_FIELDS[step],
      label: say(`report.form.${step}`),
      ...(rules.optional[step] ? { hint: say("report.form.noneHint") } : {}),
      ...(previous && !initial
        ? { hint: say("report.hint.previousText", { text: previous }) }
        : {}),
      kind: "multiline",
      optional: rules.optional[step],
      ...(initial ? { initial } : {}),
      ...long,
    });
  }
  return {
    id: formId,
    title: say("report.form.title", { number: task.number }),
    submitLabel: say("report.form.submit"),
    closeLabel: say("report.form.close"),
    intro: [
      {
        text: say("report.form.intro", {
          number: task.number,
          title: task.title,
          period: snapshot.periodLabel,
          deadline: snapshot.deadline,
        }),
      },
    ],
    fields,
  };
}

/** A conversation state standing at `step` of the task, with `answers` so far. */
function standingAt(
  snapshot: ReportSnapshot,
  taskIndex: number,
  answers: TaskAnswers,
  step: ReportStep,
  metricIndex = 0,
): ReportConversationState {
  return {
    flowVersion: REPORT_FLOW_VERSION,
    snapshot,
    taskIndex,
    step,
    metricIndex,
    itemsThisRound: 0,
    answers: snapshot.tasks.map((_, index) =>
      index === taskIndex ? answers : { progressItems: [], metrics: {} },
    ),
    returnToReview: false,
    nonce: 0,
  };
}

function isHealth(value: string): value is TaskHealth {
  return (TASK_HEALTH as readonly string[]).includes(value);
}

/**
 * Reads a submitted form of `snapshot.tasks[taskIndex]`: every field as the conversation
 * would read it typed at its step. Either the task's whole answers (what a submit stores) or
 * an error per field that needs correcting, in the member's language; nothing is half-read.
 * An empty optional field means "none" (problems, next steps) or "skipped" (a figure).
 */
export function readReportForm(
  snapshot: ReportSnapshot,
  taskIndex: number,
  values: Readonly<Record<string, string>>,
  context: FlowContext,
): FormReading {
  const task = snapshot.tasks[taskIndex];
  if (!task) return { ok: false, errors: {} };
  const say = (key: string, params?: Record<string, string>) =>
    context.translate(context.locale, key, params);
  const rules = stepRules(context.questions);
  const errors: FormErrors = {};
  let answers: TaskAnswers = { progressItems: [], metrics: {} };
  const fieldText = (field: string) => (values[field] ?? "").trim();

  /** Reads `text` at a step; records the answer, or the field's error. */
  const read = (field: string, step: ReportStep, text: string, metricIndex = 0) => {
    const state = standingAt(snapshot, taskIndex, answers, step, metricIndex);
    const intent = readAnswer(state, { kind: "text", text }, context);
    if (intent.kind === "reask") {
      errors[field] = intent.lead.join(" ") || say("report.form.invalid");
      return;
    }
    const outcome = applyAnswer(state, intent, context);
    const next = outcome.state.answers[taskIndex];
    if (outcome.state === state || !next) {
      errors[field] = outcome.lead?.join(" ") || say("report.form.invalid");
      return;
    }
    answers = next;
  };
  const required = (field: string) => {
    errors[field] = say("report.form.required");
  };

  for (const position of reportSteps({ task, answers, rules })) {
    switch (position.step) {
      case "progress": {
        const text = fieldText(FORM_FIELDS.progress);
        if (text !== "") read(FORM_FIELDS.progress, "progress", text);
        else if (!rules.optional.progress) required(FORM_FIELDS.progress);
        break;
      }
      case "metric": {
        const metric = task.metrics[position.metricIndex];
        if (!metric) break;
        const field = metricFieldId(metric.metricId);
        const text = fieldText(field);
        if (text !== "") read(field, "metric", text, position.metricIndex);
        else if (metricIsOptional(metric, rules)) {
          answers = {
            ...answers,
            metrics: { ...answers.metrics, [metric.metricId]: { skipped: true } },
          };
        } else required(field);
        break;
      }
      case "status": {
        const value = fieldText(FORM_FIELDS.health);
        if (value === "") {
          if (!rules.optional.status) required(FORM_FIELDS.health);
          break;
        }
        // The select sends the health itself; anything else is read like a typed status.
        read(FORM_FIELDS.health, "status", isHealth(value) ? say(`report.health.${value}`) : value);
        break;
      }
      default:
        break;
    }
  }
  if (answers.health === "blocked") {
    const text = fieldText(FORM_FIELDS.blockedReason);
    if (text === "") errors[FORM_FIELDS.blockedReason] = say("report.form.blockedReasonRequired");
    else read(FORM_FIELDS.blockedReason, "blockedReason", text);
  }
  for (const step of ["problems", "nextSteps"] as const) {
    if (!rules.ask[step]) continue;
    const text = fieldText(FORM_FIELDS[step]);
    if (text !== "") read(FORM_FIELDS[step], step, text);
    else if (rules.optional[step]) answers = { ...answers, [step]: null };
    else required(FORM_FIELDS[step]);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  // What the review card would refuse to submit, said on its field.
  const missing = firstMissingRequired({ task, answers, rules });
  if (missing) {
    const metric = task.metrics[missing.metricIndex];
    const field =
      missing.step === "metric" && metric
        ? metricFieldId(metric.metricId)
        : missing.step === "status"
          ? FORM_FIELDS.health
          : missing.step;
    return { ok: false, errors: { [field]: say("report.form.required") } };
  }
  return { ok: true, answers };
}
