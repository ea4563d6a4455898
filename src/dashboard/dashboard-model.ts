import { quarterOfWeek, weeksInQuarter } from "../domain/periods.js";
import type { Locale } from "../i18n/locales.js";
import type { WarningLight } from "../scheduling/warning-light.js";
import { compileDeadlines, compileMissing } from "../summaries/compile-status.js";
import {
  compileMetricTrends,
  compileSubmissionTrend,
  type MetricTrend,
  type WeekSubmissionPoint,
} from "../summaries/compile-trends.js";
import type { SummaryInput } from "../summaries/summary-input.js";
import { compileTaskLights } from "../summaries/task-lights.js";

/** One task's row at a glance. */
export interface TaskGlance {
  number: number;
  title: string;
  light: WarningLight;
  submitted: number;
  expected: number;
  health?: "on_track" | "at_risk" | "blocked";
  reason?: string;
  overdue: string[];
}

/** Everything the campaign page shows, compiled; the page only lays it out. */
export interface CampaignDashboard {
  campaignKey: string;
  title: string;
  week: string;
  today: string;
  quarter: string;
  /** An admin or an unscoped leader: the circular and the digests are theirs to read. */
  wholeCampaign: boolean;
  tasks: TaskGlance[];
  submission: WeekSubmissionPoint[];
  trends: MetricTrend[];
  /** Who has not reported `week`, by unit in the units' order. */
  missing: { unitName: string; people: { name: string; taskNumbers: number[] }[] }[];
  /** Milestones and quarterly deadlines, worded as `/deadlines` words them. */
  deadlines: string[];
}

/**
 * The campaign page's model from a leader's view of the data: the tasks' lights, the
 * submission rate and each metric's figure to date for every week of the quarter so far, who
 * is missing this week by unit, and the milestones and deadlines, all of the visible tasks and
 * all from the compilers behind `/status`, `/missing`, `/deadlines` and the digest. Pure.
 */
export function dashboardModel(view: {
  input: SummaryInput;
  week: string;
  today: string;
  visible: ReadonlySet<string>;
  wholeCampaign: boolean;
  locale: Locale;
}): CampaignDashboard {
  const { input, week, today, locale } = view;
  const visibleTaskKeys = new Set(view.visible);
  const quarter = quarterOfWeek(week);
  const weeks = weeksInQuarter(quarter)
    .map((each) => each.id)
    .filter((id) => id <= week);
  const tasks = compileTaskLights(input, { week, visibleTaskKeys, today }).map((glance) => ({
    number: glance.task.number,
    title: glance.task.title,
    light: glance.light,
    submitted: glance.submitted,
    expected: glance.expected,
    ...(glance.latest?.health ? { health: glance.latest.health } : {}),
    ...(glance.latest?.blockedReason && glance.latest.health !== "on_track"
      ? { reason: glance.latest.blockedReason }
      : {}),
    overdue: glance.overdue.map((open) => open.milestone.title),
  }));
  const missing: CampaignDashboard["missing"] = [];
  for (const person of compileMissing(input, { week, visibleTaskKeys, locale }).missing) {
    let unit = missing.find((each) => each.unitName === person.unitName);
    if (!unit) {
      unit = { unitName: person.unitName, people: [] };
      missing.push(unit);
    }
    unit.people.push({ name: person.memberName, taskNumbers: person.taskNumbers });
  }
  const deadlines = compileDeadlines(input, { today, visibleTaskKeys, locale }).blocks.flatMap(
    (block) => (block.kind === "list" ? block.items : []),
  );
  return {
    campaignKey: input.campaign.key,
    title: input.campaign.title,
    week,
    today,
    quarter,
    wholeCampaign: view.wholeCampaign,
    tasks,
    submission: compileSubmissionTrend(input, { weeks, visibleTaskKeys }),
    trends: compileMetricTrends(input, { weeks, visibleTaskKeys }),
    missing,
    deadlines,
  };
}
