import type { CampaignFile } from "../campaigns/campaign-file-schema.js";
import { chineseOfficialHolidays } from "../domain/official-holidays.js";
import { addDays, zonedParts, zonedTimeToInstant } from "../domain/periods.js";
import type { OfficialHolidayData, WorkdayCalendar } from "../domain/workday-calendar.js";
import type { DueJob, JobPlan, PlanWarning } from "./due-job.js";
import { JOB_KINDS } from "./job-kinds.js";
import { planDeadlineRuns, planMilestoneRuns } from "./plan-alert-runs.js";
import { type CampaignPeople, campaignPeople, planAudience } from "./plan-audience.js";
import { planWeeklyRuns, type WeeklyRun } from "./plan-weekly-runs.js";
import { planningCalendar } from "./planning-calendar.js";

export type {
  AudienceMember,
  DeadlineReminderItem,
  DueJob,
  JobPlan,
  MilestoneWarning,
  PlanWarning,
  WorkdayShift,
} from "./due-job.js";
export { type ShiftResult, shiftToWorkingDay } from "./shift-to-working-day.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// Weekly runs move less than a week and look a week back for their prompt: three weeks either
// side of the range hold every run that can move into it and every run it is ordered against.
const MARGIN_MS = 21 * DAY_MS;

const utcDate = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

function weeklyJob(options: {
  run: WeeklyRun;
  campaign: CampaignFile;
  people: CampaignPeople;
  graceMs: number;
}): DueJob {
  const { run, campaign, people } = options;
  const { job, timeZone, period, scheduledFor, at, shift, skipped } = run;
  // Prompts and reminders reach the owners in their zone; the close reaches every owner (the
  // runner tells those still missing) and the leadership; the digest only the leadership.
  const members =
    job === "close"
      ? people.owners
      : job === "digest"
        ? []
        : people.owners.filter((key) => people.zoneOf(key) === timeZone);
  const audience = skipped ? [] : planAudience({ campaign, people, members, at });
  return {
    job,
    scheduledFor,
    at,
    timeZone,
    ...(shift ? { shift } : {}),
    ...(skipped ? { skipped } : {}),
    period,
    audience,
    leadership: !skipped && (job === "close" || job === "digest"),
    graceMs: options.graceMs,
  };
}

/**
 * Runs of one job at one instant from several zones (members in zones with the same offset)
 * are one run: same wall clock, same day, so the same shift; their audiences are joined.
 */
function mergeSameInstant(jobs: DueJob[], people: CampaignPeople, home: string): DueJob[] {
  const merged = new Map<string, DueJob>();
  for (const job of jobs) {
    const key = `${job.job} ${job.scheduledFor.getTime()}`;
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, job);
      continue;
    }
    const audience = [...existing.audience, ...job.audience].sort(
      (a, b) => (people.order.get(a.member) ?? 0) - (people.order.get(b.member) ?? 0),
    );
    const timeZone = [existing.timeZone, job.timeZone].sort((a, b) =>
      a === home ? -1 : b === home ? 1 : a.localeCompare(b),
    )[0];
    merged.set(key, { ...existing, audience, timeZone: timeZone ?? existing.timeZone });
  }
  return [...merged.values()];
}

/** The daily housekeeping run, every day, never moved for a day off. */
function housekeepingJobs(
  campaign: CampaignFile,
  dates: { from: string; to: string },
  graceMs: number,
) {
  const timeZone = campaign.campaign.timeZone;
  const jobs: DueJob[] = [];
  for (let date = dates.from; date <= dates.to; date = addDays(date, 1)) {
    const at = zonedTimeToInstant({ date, time: campaign.schedule.housekeeping }, timeZone);
    jobs.push({
      job: "housekeeping",
      scheduledFor: at,
      at,
      timeZone,
      audience: [],
      leadership: false,
      graceMs,
    });
  }
  return jobs;
}

/** Years without holiday data among the range's and every reported shift's days. */
function holidayDataWarnings(options: {
  campaign: CampaignFile;
  calendar: WorkdayCalendar;
  range: { from: Date; to: Date };
  jobs: readonly DueJob[];
}): PlanWarning[] {
  const { campaign, calendar, range, jobs } = options;
  if (!campaign.schedule.skipHolidays) return [];
  const timeZone = campaign.campaign.timeZone;
  const years = new Set<number>();
  const first = zonedParts(range.from, timeZone).year;
  const last = zonedParts(new Date(range.to.getTime() - 1), timeZone).year;
  for (let year = first; year <= last; year += 1) years.add(year);
  for (const job of jobs) {
    const items = [...(job.milestones ?? []), ...(job.deadlines ?? [])];
    for (const shift of [job.shift, job.skipped, ...items.map((item) => item.shift)]) {
      if (!shift) continue;
      years.add(Number(shift.from.slice(0, 4)));
      years.add(Number(shift.to.slice(0, 4)));
    }
  }
  return [...years]
    .sort((a, b) => a - b)
    .filter((year) => calendar.coverage(year) === "weekends-only")
    .map((year) => ({ kind: "noHolidayData" as const, year }));
}

const KIND_ORDER = new Map(JOB_KINDS.map((kind, index) => [kind, index]));

function byTime(a: DueJob, b: DueJob): number {
  return (
    a.at.getTime() - b.at.getTime() ||
    (KIND_ORDER.get(a.job) ?? 0) - (KIND_ORDER.get(b.job) ?? 0) ||
    a.scheduledFor.getTime() - b.scheduledFor.getTime() ||
    a.timeZone.localeCompare(b.timeZone)
  );
}

/**
 * The runs of a campaign's jobs that fire in `[range.from, range.to)`, sorted by `at`, then by
 * {@link JOB_KINDS}; a skipped run is listed when its `scheduledFor` is in the range (it keeps
 * `at` equal to it). Pure: the range is the clock, and the same input gives the same plan.
 *
 * - **Zones.** The schedule is wall-clock time in the campaign's zone. Prompts and reminders are
 *   planned in each prompted member's zone (their own `timeZone`, else the campaign's), so 09:00
 *   is 09:00 where they are across DST; runs of one job at one instant are merged. The close,
 *   digest, milestone, deadline and housekeeping runs are planned in the campaign's zone.
 * - **Periods.** A prompt's period is the ISO week it opens; a reminder's, close's and digest's
 *   the reporting week open at its `scheduledFor` (reportingPeriodAt).
 * - **Working days.** Official holidays and 调休 days (chinese-days, or `options.officialData`)
 *   with the campaign's `holidays` overrides; `skipHolidays: false` makes every day a working
 *   day. Runs on days off follow `schedule.onNonWorkingDay` (defaults: prompt previous, remind
 *   skip, close next, digest next, milestone previous, deadline previous), keeping one prompt per
 *   week and the week's order (see planWeeklyRuns). Housekeeping runs every day at
 *   `schedule.housekeeping`.
 * - **Milestones and deadlines** run once a day at `schedule.alertTime` with every warning due
 *   that day; each item's `shift` says where it moved from (see planMilestoneRuns, planDeadlineRuns).
 * - **Audiences** leave out members on leave and wait out their quiet hours (planAudience).
 * - **Grace.** Every run has `graceMs` = `schedule.graceHours`.
 *
 * `warnings` lists once each year of the range (or of a reported shift) that the holiday data
 * does not cover: only weekends and the campaign's overrides are days off in it.
 *
 * @example planJobs(campaign, { from: new Date("2022-09-26T00:00:00+08:00"), to: new Date("2022-10-10T00:00:00+08:00") })
 */
export function planJobs(
  campaign: CampaignFile,
  range: { from: Date; to: Date },
  options: { officialData?: OfficialHolidayData } = {},
): JobPlan {
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (Number.isNaN(from) || Number.isNaN(to)) throw new RangeError("Invalid range instant");
  if (to <= from) return { jobs: [], warnings: [] };
  const calendar = planningCalendar(campaign, options.officialData ?? chineseOfficialHolidays());
  const people = campaignPeople(campaign);
  const home = campaign.campaign.timeZone;
  const graceMs = campaign.schedule.graceHours * HOUR_MS;
  const dates = { from: utcDate(from - MARGIN_MS), to: utcDate(to + MARGIN_MS) };
  const zones = [...new Set(people.owners.map((key) => people.zoneOf(key)))];
  const weekly = planWeeklyRuns({
    campaign,
    calendar,
    zones,
    fromDate: dates.from,
    toDate: dates.to,
  });
  const context = { campaign, calendar, people, graceMs };
  const all = [
    ...mergeSameInstant(
      weekly.map((run) => weeklyJob({ run, campaign, people, graceMs })),
      people,
      home,
    ),
    ...planMilestoneRuns(context),
    ...planDeadlineRuns(context),
    ...housekeepingJobs(campaign, dates, graceMs),
  ];
  const jobs = all.filter((job) => job.at.getTime() >= from && job.at.getTime() < to).sort(byTime);
  return { jobs, warnings: holidayDataWarnings({ campaign, calendar, range, jobs }) };
}
