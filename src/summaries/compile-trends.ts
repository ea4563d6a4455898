import { quarterOfWeek, weeksInQuarter } from "../domain/periods.js";
import { type AggregatedFigure, aggregateMetric } from "./aggregate-metric.js";
import type { SummaryInput, SummaryMetric, SummaryTask } from "./summary-input.js";
import { visibleTasks } from "./task-lights.js";
import { submissionRate, weekSubmission } from "./week-submission.js";

/**
 * A metric's figure over its quarter up to and including `week`: a sum of the weeks so far, or
 * (latest, cumulative, max, min, mean) the level so far. What `/status` shows for a metric.
 */
export function figureToDate(
  input: SummaryInput,
  options: { task: SummaryTask; metric: SummaryMetric; week: string },
): AggregatedFigure {
  const weeks = new Set(
    weeksInQuarter(quarterOfWeek(options.week))
      .map((week) => week.id)
      .filter((week) => week <= options.week),
  );
  const reports = input.reports.filter((report) => weeks.has(report.period));
  return aggregateMetric(options.metric, options.task, reports, input.members, input.units);
}

/** One week's submission, as the digest counts it. */
export interface WeekSubmissionPoint {
  week: string;
  expected: number;
  submitted: number;
  late: number;
  /** Whole percentage submitted (100 when nothing was expected). */
  rate: number;
}

/** The submission of each of `weeks` for the visible tasks, counted as the digest counts it. */
export function compileSubmissionTrend(
  input: SummaryInput,
  options: { weeks: readonly string[]; visibleTaskKeys: ReadonlySet<string> },
): WeekSubmissionPoint[] {
  return options.weeks.map((week) => {
    const statuses = weekSubmission(input, week, options.visibleTaskKeys);
    const submitted = statuses.filter((status) => status.status === "submitted");
    return {
      week,
      expected: statuses.length,
      submitted: submitted.length,
      late: submitted.filter((status) => status.late).length,
      rate: submissionRate(statuses),
    };
  });
}

/** One metric's figure to date at the end of each week, with its target. */
export interface MetricTrend {
  taskKey: string;
  taskNumber: number;
  taskTitle: string;
  metricKey: string;
  name: string;
  unit?: string;
  target?: string;
  direction?: "higher" | "lower";
  /** `value`/`display` absent for a week before anyone reported the metric. */
  points: { week: string; value?: string; display?: string; meetsTarget?: boolean }[];
}

/**
 * For each visible task's metric, its figure to date ({@link figureToDate}) at each of `weeks`,
 * against its target. Metrics nobody has reported in those weeks are left out. Pure.
 */
export function compileMetricTrends(
  input: SummaryInput,
  options: { weeks: readonly string[]; visibleTaskKeys: ReadonlySet<string> },
): MetricTrend[] {
  return visibleTasks(input, options.visibleTaskKeys).flatMap((task) =>
    task.metrics.flatMap((metric) => {
      const points = options.weeks.map((week) => {
        const figure = figureToDate(input, { task, metric, week });
        return {
          week,
          ...(figure.value === undefined ? {} : { value: figure.value }),
          ...(figure.display === undefined ? {} : { display: figure.display }),
          ...(figure.meetsTarget === undefined ? {} : { meetsTarget: figure.meetsTarget }),
        };
      });
      if (points.every((point) => point.value === undefined)) return [];
      return [
        {
          taskKey: task.key,
          taskNumber: task.number,
          taskTitle: task.title,
          metricKey: metric.key,
          name: metric.name,
          ...(metric.unit ? { unit: metric.unit } : {}),
          ...(metric.target ? { target: metric.target } : {}),
          ...(metric.direction ? { direction: metric.direction } : {}),
          points,
        },
      ];
    }),
  );
}
