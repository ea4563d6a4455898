import type { CampaignSchedule } from "../campaigns/campaign-file-schema.js";
import { addDays, isoWeekOf, previousIsoWeek, zonedParts } from "../domain/periods.js";
import type { WorkdayCalendar } from "../domain/workday-calendar.js";
import {
  type ReportingPeriod,
  reportingPeriodAt,
  reportingPeriodOf,
} from "../reporting/reporting-period.js";
import { planWeeklyRuns } from "./plan-weekly-runs.js";

/** What the bounds of a reporting week depend on: the schedule and the working days. */
export interface PeriodSchedule {
  timeZone: string;
  schedule: CampaignSchedule;
  calendar: WorkdayCalendar;
}

/**
 * A reporting week as the scheduler runs it: its prompt and its close where the planner puts
 * them after days off (the National Day close of Monday 2022-10-03 is Saturday 10-08), so the
 * deadline a member is told, the late mark and the escalation all agree. A prompt or close the
 * schedule skips keeps its nominal time.
 */
export function scheduledPeriodOf(
  options: PeriodSchedule & { weekId: string },
): ReportingPeriod | undefined {
  const { schedule, calendar, timeZone, weekId } = options;
  let bySchedule = planned.get(calendar);
  if (!bySchedule) {
    bySchedule = new WeakMap();
    planned.set(calendar, bySchedule);
  }
  let byWeek = bySchedule.get(schedule);
  if (!byWeek) {
    byWeek = new Map();
    bySchedule.set(schedule, byWeek);
  }
  const key = `${timeZone} ${weekId}`;
  if (byWeek.has(key)) return byWeek.get(key);
  const period = planPeriod(options);
  byWeek.set(key, period);
  return period;
}

/**
 * Weeks already planned, per calendar and schedule object: planning one costs the planner's
 * whole run over three weeks, and every step of a conversation asks for its week. A campaign's
 * context is cached until its stamp changes, so its objects, and this, go with it.
 */
const planned = new WeakMap<
  WorkdayCalendar,
  WeakMap<CampaignSchedule, Map<string, ReportingPeriod | undefined>>
>();

function planPeriod(options: PeriodSchedule & { weekId: string }): ReportingPeriod | undefined {
  const { schedule, timeZone } = options;
  const nominal = reportingPeriodOf({ weekId: options.weekId, timeZone, ...schedule });
  if (!nominal) return undefined;
  const runs = planWeeklyRuns({
    campaign: { schedule, campaign: { timeZone } },
    calendar: options.calendar,
    zones: [timeZone],
    fromDate: addDays(nominal.week.start, -1),
    toDate: addDays(nominal.week.end, 15),
  });
  const run = (job: "prompt" | "close") =>
    runs.find(
      (candidate) =>
        candidate.job === job && candidate.period === options.weekId && !candidate.skipped,
    );
  return {
    week: nominal.week,
    promptAt: run("prompt")?.at ?? nominal.promptAt,
    closesAt: run("close")?.at ?? nominal.closesAt,
  };
}

/**
 * The reporting week at `now`: the latest whose (scheduled) prompt has passed. A prompt never
 * leaves its ISO week, so it is this week's or, before its prompt, last week's.
 */
export function scheduledPeriodAt(options: PeriodSchedule & { now: Date }): ReportingPeriod {
  const { now, timeZone } = options;
  const thisWeek = isoWeekOf(zonedParts(now, timeZone).date);
  const current = scheduledPeriodOf({ ...options, weekId: thisWeek });
  if (current && current.promptAt <= now) return current;
  const lastWeek = previousIsoWeek(thisWeek);
  return (
    scheduledPeriodOf({ ...options, weekId: lastWeek }) ??
    reportingPeriodAt({ now, timeZone, ...options.schedule })
  );
}
