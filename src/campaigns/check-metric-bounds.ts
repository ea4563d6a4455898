import {
  checkMetricValue,
  compareDecimals,
  defaultMetricKind,
  type MetricKind,
  metricBounds,
  STORED_DECIMAL,
} from "../domain/metric-value-rules.js";

/** The fields of a campaign-file metric that {@link metricBoundProblems} reads. */
export interface MetricBoundFields {
  aggregation: Parameters<typeof defaultMetricKind>[0];
  kind?: MetricKind | undefined;
  min?: number | undefined;
  max?: number | undefined;
  target?: number | undefined;
}

/** A problem with one field of a metric: `name` is the error's name under `campaign.errors`. */
export interface MetricBoundProblem {
  field: "min" | "max" | "target";
  name: string;
  params: Record<string, string | number>;
}

/**
 * A YAML number as plain decimal text, without the exponent `String` uses for very small
 * and very large numbers: 1e-7 → "0.0000001", 1e21 → "1000000000000000000000".
 */
export function numberText(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign = "", lead = "", rest = "", exponent = "0"] = match;
  const digits = lead + rest;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Why a number cannot be kept in the Decimal(20, 6) column, if it cannot. */
function storageProblem(
  field: MetricBoundProblem["field"],
  decimal: string,
): MetricBoundProblem | undefined {
  // `index` has no bounds of its own, so only the column's limits apply.
  const problem = checkMetricValue(decimal, { kind: "index" });
  if (problem?.reason === "tooLarge") {
    const params = { value: decimal, digits: problem.integerDigits };
    return {
      field,
      name: "metricValueTooLarge",
      params: { ...params, limit: STORED_DECIMAL.integerDigits },
    };
  }
  if (problem?.reason === "tooPrecise") {
    const params = { value: decimal, digits: problem.fractionDigits };
    return {
      field,
      name: "metricValueTooPrecise",
      params: { ...params, limit: STORED_DECIMAL.fractionDigits },
    };
  }
  return undefined;
}

/** Why a bound does not suit the metric's kind: a count's fraction, a negative count or amount, a ratio outside 0..100. */
function kindProblem(
  field: "min" | "max",
  decimal: string,
  kind: MetricKind,
): MetricBoundProblem | undefined {
  const params = { value: decimal, kind };
  if (kind === "count" && decimal.includes(".")) {
    return { field, name: "metricBoundNotWhole", params };
  }
  const own = metricBounds({ kind });
  const outside =
    (own.min !== undefined && compareDecimals(decimal, own.min) < 0) ||
    (own.max !== undefined && compareDecimals(decimal, own.max) > 0);
  if (!outside) return undefined;
  return { field, name: kind === "ratio" ? "metricRatioBound" : "metricBoundNegative", params };
}

/**
 * What is wrong with a metric's `min`, `max` and `target`, at most one problem per field:
 * a number the Decimal(20, 6) column cannot store, a bound that does not suit the kind
 * (the default kind when the file gives none), `min` above `max`, a target outside the
 * bounds. Later checks wait for earlier ones, so one mistake gives one error.
 */
export function metricBoundProblems(metric: MetricBoundFields): MetricBoundProblem[] {
  const kind = metric.kind ?? defaultMetricKind(metric.aggregation);
  const problems: MetricBoundProblem[] = [];
  const decimals: Partial<Record<MetricBoundProblem["field"], string>> = {};
  for (const field of ["min", "max", "target"] as const) {
    const value = metric[field];
    if (value === undefined) continue;
    const decimal = numberText(value);
    const problem =
      storageProblem(field, decimal) ??
      (field === "target" ? undefined : kindProblem(field, decimal, kind));
    if (problem) problems.push(problem);
    else decimals[field] = decimal;
  }
  if (problems.length > 0) return problems;
  const { min, max, target } = decimals;
  if (min !== undefined && max !== undefined && compareDecimals(min, max) > 0) {
    return [{ field: "max", name: "metricMaxBelowMin", params: { value: max, min } }];
  }
  if (target === undefined) return [];
  const problem = checkMetricValue(target, { kind: "index", ...metricBounds({ kind, min, max }) });
  if (problem?.reason === "belowMin") {
    return [
      {
        field: "target",
        name: "metricTargetBelowMin",
        params: { value: target, min: problem.min, kind },
      },
    ];
  }
  if (problem?.reason === "aboveMax") {
    return [
      {
        field: "target",
        name: "metricTargetAboveMax",
        params: { value: target, max: problem.max, kind },
      },
    ];
  }
  return [];
}
