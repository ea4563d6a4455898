/**
 * The columns of a reports file (`duban export`, `duban reports import`), in their order:
 * the eight fixed ones, then one `metric:<metric key>` column per metric of the campaign.
 */
export const FIXED_COLUMNS = [
  "period",
  "task",
  "member",
  "state",
  "health",
  "progress",
  "problems",
  "next_steps",
] as const;
export type FixedColumn = (typeof FIXED_COLUMNS)[number];

const METRIC_PREFIX = "metric:";

/** The column of a metric: `metric:fire-points`. */
export function metricColumn(metricKey: string): string {
  return `${METRIC_PREFIX}${metricKey}`;
}

/** The metric key a column names, or undefined when it is not a metric column. */
export function metricKeyOf(column: string): string | undefined {
  return column.startsWith(METRIC_PREFIX) ? column.slice(METRIC_PREFIX.length) : undefined;
}

/**
 * The metric keys of a campaign as columns: tasks by number, metrics by position, each key
 * once (two tasks may have a metric of the same key; they share its column).
 */
export function metricColumnKeys(
  tasks: readonly { number: number; metrics: readonly { key: string; position: number }[] }[],
): string[] {
  const keys: string[] = [];
  const ordered = [...tasks].sort((a, b) => a.number - b.number);
  for (const task of ordered) {
    const metrics = [...task.metrics].sort((a, b) => a.position - b.position);
    for (const metric of metrics) if (!keys.includes(metric.key)) keys.push(metric.key);
  }
  return keys;
}

/** One report as a row of the file: the fixed cells, and metric values by metric key. */
export interface ReportRow {
  period: string;
  task: string;
  member: string;
  state: "submitted" | "skipped";
  health: string;
  progress: string;
  problems: string;
  next_steps: string;
  /** Metric key → decimal text as stored ("3.264"); absent when not reported. */
  metrics: Record<string, string>;
}

/** A reports file's content: the metric keys of its columns and its rows. */
export interface ReportTable {
  metricKeys: string[];
  rows: ReportRow[];
}

/** The header row: the fixed columns, then the metric columns. */
export function headerOf(table: ReportTable): string[] {
  return [...FIXED_COLUMNS, ...table.metricKeys.map(metricColumn)];
}

/** A row's cells in header order (empty strings where nothing is reported). */
export function cellsOf(table: ReportTable, row: ReportRow): string[] {
  return [
    ...FIXED_COLUMNS.map((column) => (column === "state" ? row.state : row[column])),
    ...table.metricKeys.map((key) => row.metrics[key] ?? ""),
  ];
}
