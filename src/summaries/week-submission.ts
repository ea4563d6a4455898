import { daysBetween } from "../domain/periods.js";
import { LIGHT_SYMBOL, type WarningLight, warningLight } from "../scheduling/warning-light.js";
import { compareText } from "./compare-text.js";
import type {
  SummaryInput,
  SummaryMilestone,
  SummaryReport,
  SummaryTask,
} from "./summary-input.js";
import type { Say } from "./summary-words.js";

/** Whether one expected report of a week came in. */
export interface ExpectedStatus {
  taskKey: string;
  memberKey: string;
  /** submitted (late or not), skipped (with a reason), or missing. */
  status: "submitted" | "skipped" | "missing";
  late: boolean;
  report?: SummaryReport;
}

/**
 * Every expected report of `week` (for the tasks `taskKeys` lets through) with what came in.
 * Reports nobody expected (an owner on leave who reported anyway) are not counted here.
 */
export function weekSubmission(
  input: SummaryInput,
  week: string,
  taskKeys?: ReadonlySet<string>,
): ExpectedStatus[] {
  const byKey = new Map(
    input.reports
      .filter((report) => report.period === week)
      .map((report) => [`${report.taskKey}\u0000${report.memberKey}`, report]),
  );
  return input.expected
    .filter((expected) => expected.period === week && (!taskKeys || taskKeys.has(expected.taskKey)))
    .map((expected) => {
      const report = byKey.get(`${expected.taskKey}\u0000${expected.memberKey}`);
      return {
        taskKey: expected.taskKey,
        memberKey: expected.memberKey,
        status: report ? report.state : "missing",
        late: report?.late ?? false,
        ...(report ? { report } : {}),
      };
    });
}

/** The share submitted, as a whole percentage (100 when nothing was expected). */
export function submissionRate(statuses: readonly ExpectedStatus[]): number {
  if (statuses.length === 0) return 100;
  const submitted = statuses.filter((status) => status.status === "submitted").length;
  return Math.floor((submitted * 100) / statuses.length);
}

/** An open milestone with its light on `today`. */
export interface MilestoneLight {
  task: SummaryTask;
  milestone: SummaryMilestone;
  daysLeft: number;
  light: WarningLight;
}

/** Milestones not done, with their lights on `today`, by due date then task number. */
export function openMilestones(
  tasks: readonly SummaryTask[],
  today: string,
  warningDays: number,
): MilestoneLight[] {
  return tasks
    .flatMap((task) =>
      task.milestones
        .filter((milestone) => !milestone.doneOn)
        .map((milestone) => {
          const daysLeft = daysBetween(today, milestone.dueOn);
          return { task, milestone, daysLeft, light: warningLight(daysLeft, warningDays) };
        }),
    )
    .sort(
      (a, b) => compareText(a.milestone.dueOn, b.milestone.dueOn) || a.task.number - b.task.number,
    );
}

/** The `state`/`days` parameters of a "还有 n 天 / 今天到期 / 已逾期 n 天" phrase. */
export function dueParams(daysLeft: number): { state: string; days: number } {
  if (daysLeft < 0) return { state: "overdue", days: -daysLeft };
  return { state: daysLeft === 0 ? "today" : "left", days: daysLeft };
}

/** 🟢🟡🔴 */
export function lightSymbol(light: WarningLight): string {
  return LIGHT_SYMBOL[light];
}

/** The name of a health value in the locale ("受阻"). */
export function sayHealth(say: Say, health: SummaryReport["health"]): string {
  return say("health", { health: health ?? "none" });
}
