import { isoWeekRange, parseIsoWeekId } from "../domain/periods.js";
import { hasWords, isBlank, visibleTrim } from "../domain/visible-text.js";
import { progressItems } from "../reporting/progress-items.js";
import type {
  MetricAnswer,
  SnapshotMetric,
  TaskAnswers,
} from "../reporting/report-conversation-state.js";
import { SKIP_REASON_LIMIT } from "../reports/save-report.js";
import type { ImportCampaign, ImportTask } from "./import-campaign-model.js";
import { unfoldBlockedReason } from "./problems-cell.js";
import { columnLetter, type HeaderLayout, readHeader } from "./read-header.js";
import { readHealth, readMetricCell, readText, snapshotMetricOf } from "./read-report-cells.js";
import { type FixedColumn, metricColumn } from "./report-columns.js";
import type { RowProblem } from "./row-problem.js";
import type { SheetRow } from "./sheet.js";

/** A good row: whose report, and what to store, as the chat would have stored it. */
export type ValidRow = {
  row: number;
  weekId: string;
  task: ImportTask;
  memberKey: string;
  memberId: string;
} & (
  | { state: "submitted"; answers: TaskAnswers; metrics: SnapshotMetric[] }
  | { state: "skipped"; reason: string }
);

export interface RowValidation {
  /** Data rows read (blank rows are not counted). */
  rowsRead: number;
  valid: ValidRow[];
  problems: RowProblem[];
}

type Params = Record<string, string | number>;

/**
 * Checks every row of a reports file as the chat checks answers (see `read-report-cells.ts`
 * and the module notes of `problems-cell.ts`) and returns the good rows with what they store,
 * and every problem with its row and column. `today` (the campaign's date) bounds the weeks.
 */
export function validateReportRows(options: {
  campaign: ImportCampaign;
  rows: SheetRow[];
  today: string;
}): RowValidation {
  const [header, ...data] = options.rows;
  if (!header) return { rowsRead: 0, valid: [], problems: [] };
  const layout = readHeader(header, options.campaign);
  if (!layout.ok) return { rowsRead: 0, valid: [], problems: layout.problems };
  const result: RowValidation = { rowsRead: 0, valid: [], problems: [] };
  const firstRowOf = new Map<string, number>();
  for (const row of data) {
    if (row.cells.every((cell) => isBlank(cell))) continue;
    result.rowsRead += 1;
    const read = readRow({ row, layout: layout.layout, ...options });
    result.problems.push(...read.problems);
    // A second row for the same report is refused even when the first one has other problems.
    const first = read.identity === undefined ? undefined : firstRowOf.get(read.identity);
    if (first !== undefined) {
      const column = "period, task, member";
      result.problems.push({ row: row.rowNumber, column, code: "duplicate", params: { first } });
      continue;
    }
    if (read.identity !== undefined) firstRowOf.set(read.identity, row.rowNumber);
    if (read.valid) result.valid.push(read.valid);
  }
  return result;
}

function readRow(options: {
  row: SheetRow;
  layout: HeaderLayout;
  campaign: ImportCampaign;
  today: string;
}): { valid?: ValidRow; identity?: string; problems: RowProblem[] } {
  const { row, layout, campaign } = options;
  const problems: RowProblem[] = [];
  const problem = (column: string, code: string, params: Params = {}) =>
    problems.push({ row: row.rowNumber, column, code, params });
  const cell = (column: FixedColumn) => row.cells[layout.fixed[column]] ?? "";
  row.cells.forEach((value, index) => {
    if (index >= layout.width && !isBlank(value)) problem(columnLetter(index), "extraCell");
  });

  const weekId = visibleTrim(cell("period")).toUpperCase();
  if (!parseIsoWeekId(weekId)) problem("period", "badWeek", { value: cell("period") });
  else if (isoWeekRange(weekId).start > options.today) {
    problem("period", "futureWeek", { value: weekId, today: options.today });
  }
  const taskKey = visibleTrim(cell("task"));
  const task = campaign.tasks.get(taskKey);
  const taskKeys = [...campaign.tasks.keys()].join(", ");
  if (!task) problem("task", "unknownTask", { value: taskKey, keys: taskKeys });
  const memberKey = visibleTrim(cell("member"));
  const memberId = campaign.memberIds.get(memberKey);
  if (!memberId) problem("member", "unknownMember", { value: memberKey });
  else if (task && !task.activeOwnerKeys.includes(memberKey)) {
    const owners = task.activeOwnerKeys.join(", ") || "—";
    problem("member", "notOwner", { member: memberKey, task: task.key, owners });
  }
  const state = visibleTrim(cell("state")).toLowerCase();
  if (state !== "submitted" && state !== "skipped") {
    problem("state", "badState", { value: cell("state") });
  }
  const body =
    state === "skipped"
      ? readSkipped({ cell, row, layout, problem })
      : state === "submitted" && task
        ? readSubmitted({ cell, row, layout, campaign, task, memberKey, problem })
        : undefined;
  const identity =
    parseIsoWeekId(weekId) && task && memberId
      ? `${weekId}\u0000${task.key}\u0000${memberKey}`
      : undefined;
  if (problems.length > 0 || !task || !memberId || !body) return { identity, problems };
  const valid = { row: row.rowNumber, weekId, task, memberKey, memberId, ...body };
  return { valid, identity, problems };
}

type Problem = (column: string, code: string, params?: Params) => void;
interface RowCells {
  cell: (column: FixedColumn) => string;
  row: SheetRow;
  layout: HeaderLayout;
  problem: Problem;
}

/** A skip: its reason in `problems`, and nothing else of a report. */
function readSkipped({ cell, row, layout, problem }: RowCells) {
  for (const column of ["health", "progress", "next_steps"] as const) {
    if (!isBlank(cell(column))) problem(column, "notForSkipped");
  }
  for (const [key, index] of layout.metrics) {
    if (!isBlank(row.cells[index] ?? "")) problem(metricColumn(key), "notForSkipped");
  }
  const reason = visibleTrim(cell("problems"));
  if (!hasWords(reason)) problem("problems", "skipReasonRequired");
  else if ([...reason].length > SKIP_REASON_LIMIT) {
    problem("problems", "skipReasonTooLong", {
      limit: SKIP_REASON_LIMIT,
      length: [...reason].length,
    });
  }
  return { state: "skipped" as const, reason };
}

/** A submitted report: the answers the chat would hold after the same conversation. */
function readSubmitted(
  options: RowCells & { campaign: ImportCampaign; task: ImportTask; memberKey: string },
) {
  const { cell, row, layout, campaign, task, memberKey, problem } = options;
  const { ask, optional } = campaign.rules;
  const answers: TaskAnswers = { progressItems: [], metrics: {} };
  const notAsked = (column: FixedColumn, asked: boolean) => {
    if (!asked && !isBlank(cell(column))) problem(column, "notAsked");
  };

  notAsked("progress", ask.progress);
  answers.progressItems = progressItems(cell("progress"), { multiLine: true });
  if (ask.progress && !optional.progress && answers.progressItems.length === 0) {
    problem("progress", "progressRequired");
  }

  notAsked("health", ask.status);
  if (ask.status && !isBlank(cell("health"))) {
    const health = readHealth(cell("health"));
    if (health.ok) answers.health = health.value;
    else problem("health", health.code, health.params);
  } else if (ask.status && !optional.status) problem("health", "healthRequired");

  notAsked("problems", ask.problems || answers.health === "blocked");
  let problemsText = cell("problems");
  if (answers.health === "blocked") {
    const unfolded = unfoldBlockedReason(cell("problems"));
    if (!hasWords(unfolded.reason)) problem("problems", "blockedReasonRequired");
    else answers.blockedReason = unfolded.reason;
    problemsText = unfolded.problems;
  }
  for (const [column, step] of [
    ["problems", "problems"],
    ["next_steps", "nextSteps"],
  ] as const) {
    notAsked(column, ask[step] || column === "problems");
    if (!ask[step]) continue;
    const text = readText(column === "problems" ? problemsText : cell(column));
    if (text === null && !optional[step]) problem(column, `${step}Required`);
    answers[step] = text;
  }

  const asked = task.metrics.filter(
    (metric) => !metric.leadOwnerOnly || task.leadOwnerKey === memberKey,
  );
  for (const [key, index] of layout.metrics) {
    const value = row.cells[index] ?? "";
    if (isBlank(value)) continue;
    const column = metricColumn(key);
    const metric = task.metrics.find((candidate) => candidate.key === key);
    if (!ask.metrics) problem(column, "notAsked");
    else if (!metric) problem(column, "metricNotOfTask", { task: task.key, metric: key });
    else if (!asked.includes(metric)) {
      problem(column, "metricLeadOnly", { metric: key, lead: task.leadOwnerKey ?? "—" });
    } else {
      const read = readMetricCell(value, metric);
      if (read.ok) answers.metrics[metric.id] = read.value satisfies MetricAnswer;
      else problem(column, read.code, read.params);
    }
  }
  if (ask.metrics) {
    for (const metric of asked) {
      const column = metricColumn(metric.key);
      if (
        answers.metrics[metric.id] ||
        !isBlank(row.cells[layout.metrics.get(metric.key) ?? -1] ?? "")
      )
        continue;
      if (metric.optional || campaign.rules.allMetricsOptional) {
        answers.metrics[metric.id] = { skipped: true };
      } else problem(column, "metricRequired", { metric: metric.name });
    }
  }
  return {
    state: "submitted" as const,
    answers,
    metrics: ask.metrics ? asked.map(snapshotMetricOf) : [],
  };
}
