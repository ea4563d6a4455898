import type { CampaignFile } from "../campaigns/campaign-file-schema.js";
import { zonedTimeToInstant } from "../domain/periods.js";
import type { WorkdayCalendar } from "../domain/workday-calendar.js";
import type { DeadlineReminderItem, DueJob, MilestoneWarning, WorkdayShift } from "./due-job.js";
import { type CampaignPeople, planAudience } from "./plan-audience.js";
import { warningDays } from "./warning-days.js";

/** Days ahead of a milestone's due day its owners are warned (0: on the due day). */
export const MILESTONE_WARNING_OFFSETS = [7, 3, 1, 0] as const;

/** What one alert run of a day holds, before it becomes a DueJob. */
interface DayBucket<Item> {
  items: Item[];
  skipped: Item[];
  skippedShift?: WorkdayShift;
  members: Set<string>;
}

interface AlertContext {
  campaign: CampaignFile;
  calendar: WorkdayCalendar;
  people: CampaignPeople;
  graceMs: number;
}

function addTo<Item>(
  buckets: Map<string, DayBucket<Item>>,
  entry: { date: string; item: Item; skipped?: WorkdayShift; members: readonly string[] },
): void {
  let bucket = buckets.get(entry.date);
  if (!bucket) {
    bucket = { items: [], skipped: [], members: new Set() };
    buckets.set(entry.date, bucket);
  }
  if (entry.skipped) {
    bucket.skipped.push(entry.item);
    bucket.skippedShift ??= entry.skipped;
  } else {
    bucket.items.push(entry.item);
    for (const member of entry.members) bucket.members.add(member);
  }
}

/**
 * One run per day at `alertTime` in the campaign's zone, holding every item due that day. A day
 * whose items were all dropped for a day off is listed as a skipped run; dropped items never sit
 * beside firing ones, as those fire only on working days.
 */
function dayRuns<Item>(
  context: AlertContext,
  buckets: Map<string, DayBucket<Item>>,
  build: (items: Item[]) => Pick<DueJob, "job" | "leadership" | "milestones" | "deadlines">,
): DueJob[] {
  const { campaign, people, graceMs } = context;
  const timeZone = campaign.campaign.timeZone;
  return [...buckets].map(([date, bucket]) => {
    const at = zonedTimeToInstant({ date, time: campaign.schedule.alertTime }, timeZone);
    const fires = bucket.items.length > 0;
    const audience = fires ? planAudience({ campaign, people, members: bucket.members, at }) : [];
    const common = { scheduledFor: at, at, timeZone, audience, graceMs };
    if (fires) return { ...build(bucket.items), ...common };
    return { ...build(bucket.skipped), ...common, leadership: false, skipped: bucket.skippedShift };
  });
}

/**
 * Milestone runs: owners of the milestone's task are warned T-7, T-3, T-1 and on the due day,
 * moved off days off by `onNonWorkingDay.milestone`, and alerted on the first working day after
 * the due day, together with the leadership (`leadership: true` on that day's run). A milestone
 * done on or before a run's day is left out of it.
 */
export function planMilestoneRuns(context: AlertContext): DueJob[] {
  const { campaign, calendar } = context;
  const policy = campaign.schedule.onNonWorkingDay.milestone;
  const buckets = new Map<string, DayBucket<MilestoneWarning>>();
  for (const task of campaign.tasks) {
    for (const milestone of task.milestones) {
      const { due, done } = milestone;
      const base = { task: task.key, milestone: milestone.key, title: milestone.title, due };
      const pending = (date: string) => done === undefined || done > date;
      const days = warningDays({ due, daysBefore: MILESTONE_WARNING_OFFSETS, policy, calendar });
      for (const day of days) {
        if (!pending(day.date)) continue;
        const item = {
          ...base,
          daysLeft: day.daysBefore,
          ...(day.shift ? { shift: day.shift } : {}),
        };
        const skipped = day.skipped ? day.shift : undefined;
        addTo(buckets, { date: day.date, item, skipped, members: task.owners });
      }
      const overdue = calendar.nextWorkday(due);
      if (pending(overdue)) {
        addTo(buckets, { date: overdue, item: { ...base, daysLeft: -1 }, members: task.owners });
      }
    }
  }
  return dayRuns(context, buckets, (milestones) => ({
    job: "milestone",
    milestones,
    leadership: milestones.some((warning) => warning.daysLeft < 0),
  }));
}

/**
 * Quarterly deadline runs at `deadlineReminderDays`, moved off days off by
 * `onNonWorkingDay.deadline`, to the owners of every task and the members of the lead units
 * (the campaign's and each task's).
 */
export function planDeadlineRuns(context: AlertContext): DueJob[] {
  const { campaign, calendar } = context;
  const { schedule } = campaign;
  const leadUnits = new Set([campaign.campaign.leadUnit, ...campaign.tasks.map((t) => t.leadUnit)]);
  const members = [
    ...campaign.tasks.flatMap((task) => task.owners),
    ...campaign.members.filter((member) => leadUnits.has(member.unit)).map((member) => member.key),
  ];
  const buckets = new Map<string, DayBucket<DeadlineReminderItem>>();
  for (const deadline of schedule.quarterly) {
    const { quarter, due, title } = deadline;
    const days = warningDays({
      due,
      daysBefore: schedule.deadlineReminderDays,
      policy: schedule.onNonWorkingDay.deadline,
      calendar,
    });
    for (const day of days) {
      const item: DeadlineReminderItem = {
        quarter,
        due,
        ...(title !== undefined ? { title } : {}),
        daysLeft: day.daysBefore,
        ...(day.shift ? { shift: day.shift } : {}),
      };
      addTo(buckets, {
        date: day.date,
        item,
        skipped: day.skipped ? day.shift : undefined,
        members,
      });
    }
  }
  return dayRuns(context, buckets, (deadlines) => ({
    job: "deadline",
    deadlines,
    leadership: false,
  }));
}
