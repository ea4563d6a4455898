import type { JobHandler } from "./job-context.js";
import type { JobKind } from "./job-kinds.js";
import { escalateAtClose } from "./jobs/close-escalation.js";
import { remindOfDeadlines } from "./jobs/deadline-reminders.js";
import { keepHouse } from "./jobs/housekeeping.js";
import { warnOfMilestones } from "./jobs/milestone-warnings.js";
import { postWeeklyDigest } from "./jobs/weekly-digest.js";
import { sendWeeklyNudge } from "./jobs/weekly-nudge.js";

/** What each job does when it fires. */
export const JOB_HANDLERS: Readonly<Record<JobKind, JobHandler>> = {
  prompt: (context) => sendWeeklyNudge(context, "prompt"),
  remind: (context) => sendWeeklyNudge(context, "remind"),
  close: escalateAtClose,
  milestone: warnOfMilestones,
  deadline: remindOfDeadlines,
  digest: postWeeklyDigest,
  housekeeping: keepHouse,
};
