import { z } from "zod";
import { campaignErrorKey, ZDate, ZText } from "./campaign-fields.js";
import { ZQuietHours } from "./quiet-hours.js";
import { ZClockTime, ZScheduleEntry } from "./schedule-entry.js";

/** A quarterly report deadline (`2022Q2`, due `2022-06-25`). */
export const ZQuarterlyDeadline = z.strictObject({
  quarter: z
    .string({ error: campaignErrorKey("quarter") })
    .regex(/^\d{4}Q[1-4]$/, { error: campaignErrorKey("quarter") }),
  due: ZDate,
  title: ZText.optional(),
});

/**
 * What a job does when it falls on a day off: move to the `previous` or `next` working day
 * (at the same wall-clock time), or `skip` that run.
 */
export const NON_WORKING_DAY_POLICIES = ["previous", "next", "skip"] as const;
export type NonWorkingDayPolicy = (typeof NON_WORKING_DAY_POLICIES)[number];

/** The jobs whose runs on a day off follow a policy (housekeeping runs every day). */
export const SHIFTABLE_JOBS = [
  "prompt",
  "remind",
  "close",
  "digest",
  "milestone",
  "deadline",
] as const;
export type ShiftableJob = (typeof SHIFTABLE_JOBS)[number];

/** The policy of each job on a non-working day when the campaign file does not say. */
export const DEFAULT_NON_WORKING_DAY_POLICY: Readonly<Record<ShiftableJob, NonWorkingDayPolicy>> = {
  // Ask before the holiday, so the week is still reported while people are at work.
  prompt: "previous",
  // A reminder on a day off is noise; the next reminder (or the close) follows anyway.
  remind: "skip",
  // No one is chased for a day off: the week closes on the first working day after.
  close: "next",
  // The digest reports the close, so it follows the close.
  digest: "next",
  // A warning must come before the due day, never after a long holiday.
  milestone: "previous",
  // As deadlineReminderDates does: a reminder after the holiday could come too late.
  deadline: "previous",
};

const ZPolicy = z.enum(NON_WORKING_DAY_POLICIES);
const policy = (job: ShiftableJob) => ZPolicy.default(DEFAULT_NON_WORKING_DAY_POLICY[job]);

/** `onNonWorkingDay:` in a campaign file; each job left out keeps its default. */
export const ZNonWorkingDayPolicies = z
  .strictObject({
    prompt: policy("prompt"),
    remind: policy("remind"),
    close: policy("close"),
    digest: policy("digest"),
    milestone: policy("milestone"),
    deadline: policy("deadline"),
  })
  .default({ ...DEFAULT_NON_WORKING_DAY_POLICY });

/**
 * When the bot prompts, reminds, closes the week and posts the digest, in the campaign's time
 * zone, and how it treats days off, quiet hours and missed runs. Defaults: reminders none,
 * deadline reminders 14, 7, 3 and 1 days ahead, holidays skipped, milestone and deadline alerts
 * at 09:00, housekeeping at 03:00, quiet hours 22:00-08:00, 6 hours to catch up a missed run,
 * a milestone shown as due soon (yellow) 3 days ahead, the policies of
 * {@link DEFAULT_NON_WORKING_DAY_POLICY}.
 */
export const ZCampaignSchedule = z.strictObject({
  prompt: ZScheduleEntry,
  reminders: z.array(ZScheduleEntry).default([]),
  close: ZScheduleEntry,
  digest: ZScheduleEntry.optional(),
  deadlineReminderDays: z.array(z.int().min(1).max(366)).default([14, 7, 3, 1]),
  skipHolidays: z.boolean().default(true),
  onNonWorkingDay: ZNonWorkingDayPolicies,
  /** Milestone warnings and quarterly deadline reminders fire at this time. */
  alertTime: ZClockTime.default("09:00"),
  /** The daily housekeeping run (expiry, retention); never moved for a day off. */
  housekeeping: ZClockTime.default("03:00"),
  /** Messages due in these hours (each member's zone) wait until they end; `none` for never. */
  quietHours: ZQuietHours.default("22:00-08:00"),
  /** A run missed by downtime is still run this many hours after its time; later it is missed. */
  graceHours: z.number().min(0).max(168).default(6),
  /** Days before its due day a milestone shows as due soon (the yellow light). */
  milestoneWarningDays: z.int().min(0).max(366).default(3),
  quarterly: z.array(ZQuarterlyDeadline).default([]),
});

export type CampaignSchedule = z.infer<typeof ZCampaignSchedule>;
export type QuarterlyDeadline = z.infer<typeof ZQuarterlyDeadline>;
export type NonWorkingDayPolicies = z.infer<typeof ZNonWorkingDayPolicies>;
