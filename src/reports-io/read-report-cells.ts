import {
  checkMetricValue,
  type MetricValueProblem,
  STORED_DECIMAL,
} from "../domain/metric-value-rules.js";
import { parseReportedNumber } from "../domain/parse-number.js";
import { hasWords, isBlank, visibleTrim } from "../domain/visible-text.js";
import { t } from "../i18n/translate.js";
import { metricRule } from "../reporting/metric-rule.js";
import { normaliseTyped, typedHealth } from "../reporting/read-answer.js";
import {
  type SnapshotMetric,
  TASK_HEALTH,
  type TaskHealth,
} from "../reporting/report-conversation-state.js";
import type { ImportMetric } from "./import-campaign-model.js";

/** A cell read: its value, or the problem (prompt key under `reportsio.problem.`, params). */
export type CellReading<T> =
  | { ok: true; value: T }
  | { ok: false; code: string; params?: Record<string, string | number> };

const fail = <T>(code: string, params: Record<string, string | number> = {}): CellReading<T> => ({
  ok: false,
  code,
  params,
});

/**
 * A health cell: `on_track`, `at_risk`, `blocked`, or a label the bot shows on its buttons in
 * any locale ("按计划推进", "存在风险", "受阻", "On track", "At risk", "Blocked").
 */
export function readHealth(cell: string): CellReading<TaskHealth> {
  const typed = normaliseTyped(cell);
  const health = TASK_HEALTH.find((value) => value === typed) ?? typedHealth(cell, t);
  if (health) return { ok: true, value: health };
  const labels = TASK_HEALTH.map((value) => t("zh-CN", `report.health.${value}`)).join("、");
  const english = TASK_HEALTH.map((value) => t("en", `report.health.${value}`)).join(", ");
  return fail("badHealth", { value: cell, labels, english });
}

/** The chat's storage for a metric: the snapshot the conversation would have asked with. */
export function snapshotMetricOf(metric: ImportMetric): SnapshotMetric {
  return {
    metricId: metric.id,
    name: metric.name,
    optional: metric.optional,
    kind: metric.kind,
    ...(metric.unit ? { unit: metric.unit } : {}),
    ...(metric.min !== undefined ? { min: metric.min } : {}),
    ...(metric.max !== undefined ? { max: metric.max } : {}),
  };
}

function valueProblem(problem: MetricValueProblem): CellReading<never> {
  switch (problem.reason) {
    case "tooLarge":
      return fail("value.tooLarge", { digits: STORED_DECIMAL.integerDigits });
    case "tooPrecise":
      return fail("value.tooPrecise", { digits: STORED_DECIMAL.fractionDigits });
    case "notWhole":
      return fail("value.notWhole");
    case "belowMin":
      return problem.min === "0" ? fail("value.negative") : fail("value.belowMin", problem);
    case "aboveMax":
      return fail("value.aboveMax", problem);
  }
}

/** Prompt keys (under `reportsio.problem.number.`) of the number parser's failures. */
const NUMBER_FAILURE = {
  empty: "notANumber",
  not_a_number: "notANumber",
  unit_mismatch: "unitMismatch",
  ambiguous: "ambiguous",
  decimal_comma: "decimalComma",
} as const;

/**
 * A metric cell read as the chat reads a typed figure: the number parser with the metric's
 * unit ("67", "67处", "5.11万方", "一百八十"), then the metric's kind, bounds and the stored
 * precision. The value is the canonical decimal; `raw` what the cell said.
 */
export function readMetricCell(
  cell: string,
  metric: ImportMetric,
): CellReading<{ value: string; raw: string }> {
  const params = { metric: metric.name, unit: metric.unit ?? "", value: visibleTrim(cell) };
  const parsed = parseReportedNumber(
    visibleTrim(cell),
    metric.unit ? { expectedUnit: metric.unit } : {},
  );
  if (!parsed.ok) {
    const withSuggestion = parsed.suggestion
      ? { ...params, suggestion: parsed.suggestion }
      : params;
    return fail(`number.${NUMBER_FAILURE[parsed.reason]}`, withSuggestion);
  }
  const problem = checkMetricValue(parsed.decimal, metricRule(snapshotMetricOf(metric)));
  if (problem) {
    const refused = valueProblem(problem);
    return refused.ok ? refused : { ...refused, params: { ...params, ...refused.params } };
  }
  return { ok: true, value: { value: parsed.decimal, raw: parsed.text } };
}

/**
 * A free-text cell (problems, next steps, a reason): trimmed of invisible characters; empty
 * or without a word in it ("—", "/") it is no answer (`null`).
 */
export function readText(cell: string): string | null {
  const text = visibleTrim(cell);
  return isBlank(text) || !hasWords(text) ? null : text;
}
