import type { JobKind } from "./job-kinds.js";

/** A run moved off a day that is not worked, or not run because of it. */
export interface WorkdayShift {
  /** Dates (YYYY-MM-DD) in the zone the job is planned in. */
  from: string;
  /**
   * The working day it moved to. For a skipped run: `from` when the policy is `skip`, else the
   * day it would have moved to had that not broken the week's order (see `planJobs`).
   */
  to: string;
  /** Why `from` is not a working day: "holiday" (with its name, e.g. 国庆节) or "weekend". */
  reason: "holiday" | "weekend";
  holiday?: string;
  /**
   * Set on a reminder dropped although its own day is worked, because its week's prompt or close
   * moved past it: the shift is then that run's (a reminder after the close, or before the
   * prompt, would break the week's order).
   */
  because?: JobKind;
}

/** One milestone a `milestone` run warns about. */
export interface MilestoneWarning {
  task: string;
  milestone: string;
  title: string;
  due: string;
  /**
   * The warning it stands for: 7, 3, 1, 0 (the due day) or -1 (overdue alert, the first working
   * day after the due day). After a shift the days actually left are those from the run's day to
   * `due`.
   */
  daysLeft: number;
  /** Set when this warning was moved off (or, in a skipped run, dropped for) a day off. */
  shift?: WorkdayShift;
}

/** One quarterly deadline a `deadline` run reminds of. */
export interface DeadlineReminderItem {
  quarter: string;
  due: string;
  title?: string;
  /** The `deadlineReminderDays` entry it stands for (the largest when several fall on one day). */
  daysLeft: number;
  /** Set when this reminder was moved off (or, in a skipped run, dropped for) a day off. */
  shift?: WorkdayShift;
}

/** A member a run reaches directly, and when to deliver to them. */
export interface AudienceMember {
  /** The member's key. */
  member: string;
  /** The run's `at`, or the end of the member's quiet hours when `at` falls in them. */
  deliverAt: Date;
}

/** One run of one job: what fires when, for whom, and why it moved. */
export interface DueJob {
  job: JobKind;
  /** The run's identity with campaign and job: the instant before any working-day shift. */
  scheduledFor: Date;
  /** When it fires: scheduledFor, or moved to a working day (same wall-clock time). */
  at: Date;
  /** The IANA zone it was planned in (the campaign's, or members' own zone). */
  timeZone: string;
  shift?: WorkdayShift;
  /** Set when it does not fire at all (the policy for a non-working day is "skip"); listed so `jobs plan` can say why. */
  skipped?: WorkdayShift;
  /** prompt / remind / close / digest: the reporting week (ISO week id, e.g. "2022-W40"). */
  period?: string;
  /** milestone: each milestone this run warns about. */
  milestones?: MilestoneWarning[];
  /** deadline: each quarterly deadline this run reminds of. */
  deadlines?: DeadlineReminderItem[];
  /**
   * Members it reaches directly (member keys), each with when to deliver: for a prompt or
   * reminder the task owners in its zone, for the close every owner (tell those still missing),
   * for a milestone run the owners of its tasks, for a deadline run every owner and the members
   * of the lead units; none for the digest and housekeeping. Members on leave (exemptUntil on or
   * after the day of `at`, in their zone) are left out; empty for a skipped run.
   */
  audience: AudienceMember[];
  /**
   * Also posts to the campaign's leadership channels: the close (escalation of the missing), the
   * digest, and a milestone run holding an overdue alert (post only its `daysLeft: -1` items
   * there). False for a skipped run.
   */
  leadership: boolean;
  /** Missed runs found within this much after `at` are still run (catch-up after downtime); older ones are recorded as missed. */
  graceMs: number;
}

/** A year the holiday data does not cover: only weekends (and the campaign's overrides) are days off. */
export interface PlanWarning {
  kind: "noHolidayData";
  year: number;
}

/** What {@link DueJob}s fall in a range, and what the planner could not know. */
export interface JobPlan {
  jobs: DueJob[];
  warnings: PlanWarning[];
}
