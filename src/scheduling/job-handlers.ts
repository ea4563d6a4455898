import type { JobHandler } from "./job-context.js";
import type { JobKind } from "./job-kinds.js";
import { escalateAtClose } from "./jobs/close-escalation.js";
import { remindOfDeadlines } from "./jobs/deadline-reminders.js";
import { keepHouse } from "./jobs/housekeeping.js";
import { warnOfMilestones } from "./jobs/milestone-warnings.js";
import { sendWeeklyNudge } from "./jobs/weekly-nudge.js";

/** What each job does when it fires. */
export const JOB_HANDLERS: Readonly<Record<JobKind, JobHandler>> = {
  prompt: (context) => sendWeeklyNudge(context, "prompt"),
  remind: (context) => sendWeeklyNudge(context, "remind"),
  close: escalateAtClose,
  milestone: warnOfMilestones,
  deadline: remindOfDeadlines,
  // The digest's content is compiled by the leaders' view; the run is recorded here so that
  // it fires once, on a working day, like every other job.
  digest: async (context) => ({
    queued: 0,
    reached: 0,
    unreachable: [],
    ...(context.job.period ? { details: { period: context.job.period } } : {}),
  }),
  housekeeping: keepHouse,
};
