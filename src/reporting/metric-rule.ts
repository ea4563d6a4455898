import { checkMetricValue, type MetricValueRule } from "../domain/metric-value-rules.js";
import type { SnapshotMetric, TaskAnswers } from "./report-conversation-state.js";

/** The values a metric allows; one stored without a kind keeps only the storage limit. */
export function metricRule(metric: SnapshotMetric): MetricValueRule {
  return {
    kind: metric.kind ?? "index",
    ...(metric.min !== undefined ? { min: metric.min } : {}),
    ...(metric.max !== undefined ? { max: metric.max } : {}),
  };
}

/**
 * The first metric whose answer may not be submitted: a figure accepted before its metric had
 * these rules (an old draft) must be asked again rather than fail at the database.
 */
export function firstInvalidMetric(
  metrics: readonly SnapshotMetric[],
  answers: TaskAnswers,
): number | undefined {
  const index = metrics.findIndex((metric) => {
    const answer = answers.metrics[metric.metricId];
    if (!answer || !("value" in answer)) return false;
    try {
      return checkMetricValue(answer.value, metricRule(metric)) !== undefined;
    } catch {
      return true; // not a decimal at all
    }
  });
  return index >= 0 ? index : undefined;
}
