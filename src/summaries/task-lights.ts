import type { WarningLight } from "../scheduling/warning-light.js";
import { compareText } from "./compare-text.js";
import type { SummaryInput, SummaryReport, SummaryTask } from "./summary-input.js";
import { type MilestoneLight, openMilestones, weekSubmission } from "./week-submission.js";

/** Default window in which an open milestone turns yellow. */
export const DEFAULT_WARNING_DAYS = 7;

/** One task's warning light on a week, with what it was decided from. */
export interface TaskLight {
  task: SummaryTask;
  light: WarningLight;
  /** Expected reports of the week that came in (submitted), and all expected. */
  submitted: number;
  expected: number;
  /** The latest submitted report up to the week that gave a status. */
  latest?: SummaryReport;
  /** Open milestones (overdue first by date), and of them the overdue ones. */
  milestones: MilestoneLight[];
  overdue: MilestoneLight[];
}

/** The tasks `keys` lets through, by number. */
export function visibleTasks(input: SummaryInput, keys: ReadonlySet<string>): SummaryTask[] {
  return input.tasks.filter((task) => keys.has(task.key)).sort((a, b) => a.number - b.number);
}

/** The reports of a task up to and including `week`, latest first (by week, then submission). */
export function latestFirst(
  reports: SummaryReport[],
  taskKey: string,
  week: string,
): SummaryReport[] {
  return reports
    .filter(
      (report) =>
        report.taskKey === taskKey && report.period <= week && report.state === "submitted",
    )
    .sort(
      (a, b) =>
        compareText(b.period, a.period) ||
        compareText(b.revisedAt ?? b.submittedAt, a.revisedAt ?? a.submittedAt),
    );
}

/**
 * Each visible task's light on `week`, kept simple: red when the latest status is blocked or a
 * milestone is overdue; yellow when the latest status is at risk, a milestone falls due within
 * `warningDays` (default 7), or fewer than all expected reports of the week are in; green
 * otherwise. The one rule behind `/status` and the dashboard. Pure.
 */
export function compileTaskLights(
  input: SummaryInput,
  options: {
    week: string;
    visibleTaskKeys: ReadonlySet<string>;
    today: string;
    warningDays?: number;
  },
): TaskLight[] {
  const warningDays = options.warningDays ?? DEFAULT_WARNING_DAYS;
  return visibleTasks(input, options.visibleTaskKeys).map((task) => {
    const statuses = weekSubmission(input, options.week, new Set([task.key]));
    const submitted = statuses.filter((status) => status.status === "submitted").length;
    const latest = latestFirst(input.reports, task.key, options.week).find(
      (report) => report.health,
    );
    const milestones = openMilestones([task], options.today, warningDays);
    const overdue = milestones.filter((open) => open.daysLeft < 0);
    const light: WarningLight =
      latest?.health === "blocked" || overdue.length > 0
        ? "red"
        : latest?.health === "at_risk" ||
            milestones.some((open) => open.light === "yellow") ||
            submitted < statuses.length
          ? "yellow"
          : "green";
    return {
      task,
      light,
      submitted,
      expected: statuses.length,
      ...(latest ? { latest } : {}),
      milestones,
      overdue,
    };
  });
}
