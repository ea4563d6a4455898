import type { CampaignFile } from "../campaigns/campaign-file-schema.js";
import type { NonWorkingDayPolicy } from "../campaigns/campaign-schedule-schema.js";
import type { ScheduleEntry } from "../campaigns/schedule-entry.js";
import { daysBetween, isoWeekOf, zonedTimeToInstant } from "../domain/periods.js";
import type { WorkdayCalendar } from "../domain/workday-calendar.js";
import { reportingPeriodAt } from "../reporting/reporting-period.js";
import type { WorkdayShift } from "./due-job.js";
import { scheduleOccurrences, type WallOccurrence } from "./schedule-occurrences.js";
import { shiftToWorkingDay, workdayShift } from "./shift-to-working-day.js";

/** The jobs of the reporting week. */
export type WeeklyJob = "prompt" | "remind" | "close" | "digest";

/** A run of a weekly job in one zone, before its audience is known. */
export interface WeeklyRun {
  job: WeeklyJob;
  timeZone: string;
  /** The reporting week: the one a prompt opens, else the one open at `scheduledFor`. */
  period: string;
  scheduledFor: Date;
  /** Equal to `scheduledFor` for a skipped run. */
  at: Date;
  shift?: WorkdayShift;
  skipped?: WorkdayShift;
}

type Placement = Pick<WeeklyRun, "at" | "shift" | "skipped">;

/**
 * Where one nominal run goes. A run on a working day stays (the caller may still drop a
 * reminder that others moved past). A run on a day off follows its policy; `fallback` tries the other direction when that breaks `keepsOrder`
 * (a week without its prompt or close is worse than one moved the other way). A move of a week
 * or more is refused: it would land on another week's run of the same job. When nothing fits,
 * the run is skipped, and `skipped.to` says where the policy would have taken it.
 */
function place(options: {
  nominal: WallOccurrence;
  timeZone: string;
  policy: NonWorkingDayPolicy;
  calendar: WorkdayCalendar;
  fallback: boolean;
  keepsOrder: (at: Date, date: string) => boolean;
}): Placement {
  const { nominal, calendar, policy } = options;
  const result = shiftToWorkingDay(nominal.date, policy, calendar);
  if ("skipped" in result) return { at: nominal.instant, skipped: result.skipped };
  if (!result.shift) return { at: nominal.instant };
  const candidates = [result.date];
  if (options.fallback) {
    const date = nominal.date;
    candidates.push(
      policy === "previous" ? calendar.nextWorkday(date) : calendar.previousWorkday(date),
    );
  }
  for (const date of candidates) {
    if (Math.abs(daysBetween(nominal.date, date)) >= 7) continue;
    const at = zonedTimeToInstant({ date, time: nominal.time }, options.timeZone);
    if (options.keepsOrder(at, date))
      return { at, shift: workdayShift(nominal.date, date, calendar) };
  }
  return { at: nominal.instant, skipped: workdayShift(nominal.date, result.date, calendar) };
}

/** A run the schedule puts after `earlier` must still fire after it (compared as planned). */
const staysAfter = (nominal: Date, at: Date, earlier: WeeklyRun | undefined) =>
  earlier === undefined || nominal <= earlier.scheduledFor || at > earlier.at;

/** A run the schedule puts before `later` must still fire before it. */
const staysBefore = (nominal: Date, at: Date, later: WeeklyRun | undefined) =>
  later === undefined || nominal >= later.scheduledFor || at < later.at;

/**
 * Plans prompts and reminders in each of `zones` (where the prompted members are) and the close
 * and digest in the campaign's zone, from `fromDate` to `toDate` on each zone's calendar.
 *
 * Days off follow `schedule.onNonWorkingDay`, with two rules that keep the weeks apart:
 * - **One prompt per week.** A prompt never leaves the ISO week it opens. When the previous
 *   working day lies in the week before (National Day 2022: Friday 10-07 is off, and 09-30
 *   already has W39's prompt), it moves the other way, to the next working day in its
 *   week (Saturday 10-08, a 调休 working day); a week with no working day has no prompt.
 * - **Prompt < reminders < close < digest** within a week. A close or digest that would move
 *   before its week's prompt (close) or close (digest) moves the other way instead; a reminder
 *   that would move before its prompt or after its close is dropped (listed as skipped), and so
 *   is one on a working day that its prompt or close moved past (`skipped.because`).
 */
export function planWeeklyRuns(options: {
  /** Only the schedule and the campaign's zone are read (the reporting period uses it too). */
  campaign: Pick<CampaignFile, "schedule"> & {
    campaign: Pick<CampaignFile["campaign"], "timeZone">;
  };
  calendar: WorkdayCalendar;
  zones: readonly string[];
  fromDate: string;
  toDate: string;
}): WeeklyRun[] {
  const { campaign, calendar, zones, fromDate, toDate } = options;
  const { schedule } = campaign;
  const home = campaign.campaign.timeZone;
  const policies = schedule.onNonWorkingDay;
  const occurrences = (entry: ScheduleEntry, timeZone: string) =>
    scheduleOccurrences({ entry, timeZone, fromDate, toDate });
  const periodAt = (now: Date, timeZone: string) =>
    reportingPeriodAt({ now, timeZone, prompt: schedule.prompt, close: schedule.close }).week.id;
  const runs: WeeklyRun[] = [];
  const firstOf = new Map<string, WeeklyRun>();
  const record = (run: WeeklyRun, emit: boolean) => {
    const key = `${run.job} ${run.timeZone} ${run.period}`;
    if (!firstOf.has(key)) firstOf.set(key, run);
    if (emit) runs.push(run);
  };
  const first = (job: WeeklyJob, timeZone: string, period: string) =>
    firstOf.get(`${job} ${timeZone} ${period}`);

  // The campaign zone's prompts are planned even without members there: the close keeps after them.
  for (const timeZone of new Set([home, ...zones])) {
    for (const nominal of occurrences(schedule.prompt, timeZone)) {
      const period = isoWeekOf(nominal.date);
      const placed = place({
        nominal,
        timeZone,
        policy: policies.prompt,
        calendar,
        fallback: true,
        keepsOrder: (_at, date) => isoWeekOf(date) === period,
      });
      const run: WeeklyRun = {
        job: "prompt",
        timeZone,
        period,
        scheduledFor: nominal.instant,
        ...placed,
      };
      record(run, zones.includes(timeZone));
    }
  }
  for (const nominal of occurrences(schedule.close, home)) {
    const period = periodAt(nominal.instant, home);
    const prompt = first("prompt", home, period);
    const placed = place({
      nominal,
      timeZone: home,
      policy: policies.close,
      calendar,
      fallback: true,
      keepsOrder: (at) => staysAfter(nominal.instant, at, prompt),
    });
    record(
      { job: "close", timeZone: home, period, scheduledFor: nominal.instant, ...placed },
      true,
    );
  }
  for (const entry of schedule.reminders) {
    for (const timeZone of zones) {
      for (const nominal of occurrences(entry, timeZone)) {
        const period = periodAt(nominal.instant, timeZone);
        const prompt = first("prompt", timeZone, period);
        const close = first("close", home, period);
        const keepsOrder = (at: Date) =>
          staysAfter(nominal.instant, at, prompt) && staysBefore(nominal.instant, at, close);
        let placed = place({
          nominal,
          timeZone,
          policy: policies.remind,
          calendar,
          fallback: false,
          keepsOrder,
        });
        // A reminder on a working day stays, unless its prompt or close moved past it.
        const crossed = staysAfter(nominal.instant, placed.at, prompt) ? close : prompt;
        if (!placed.shift && !placed.skipped && !keepsOrder(placed.at) && crossed?.shift) {
          placed = { at: nominal.instant, skipped: { ...crossed.shift, because: crossed.job } };
        }
        const run: WeeklyRun = {
          job: "remind",
          timeZone,
          period,
          scheduledFor: nominal.instant,
          ...placed,
        };
        record(run, true);
      }
    }
  }
  if (schedule.digest) {
    for (const nominal of occurrences(schedule.digest, home)) {
      const period = periodAt(nominal.instant, home);
      const close = first("close", home, period);
      const placed = place({
        nominal,
        timeZone: home,
        policy: policies.digest,
        calendar,
        fallback: true,
        keepsOrder: (at) => staysAfter(nominal.instant, at, close),
      });
      record(
        { job: "digest", timeZone: home, period, scheduledFor: nominal.instant, ...placed },
        true,
      );
    }
  }
  return runs;
}
