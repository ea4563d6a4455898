import type { OfficialHolidayData } from "../domain/workday-calendar.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { t } from "../i18n/translate.js";
import type { Logger } from "../logger.js";
import { deadLettersToReport, markReported } from "../outbox/dead-letters.js";
import { formatInstant } from "../reporting/format-instant.js";
import { recordMissedRun } from "./claim-job-run.js";
import { type LoadedCampaign, loadJobCampaigns } from "./load-job-campaigns.js";
import { missedRunNotice, notifyAdmins } from "./notify-admins.js";
import { planJobs } from "./plan-jobs.js";
import { runJob } from "./run-job.js";

/** How far back a tick looks for runs it has not seen (downtime longer than this is not caught up or reported run by run). */
export const LOOKBACK_MS = 48 * 3_600_000;
/** Without any earlier tick (a first start), only this much is caught up, and nothing is called missed. */
export const FIRST_START_LOOKBACK_MS = 6 * 3_600_000;

/** What one tick did, for logs and tests. */
export interface TickSummary {
  ran: Array<{ campaign: string; job: string; scheduledFor: string; queued: number }>;
  missed: Array<{ campaign: string; job: string; scheduledFor: string }>;
  warnings: Array<{ campaign: string; year: number }>;
}

/**
 * One scheduler tick at `now`: plans each active campaign's jobs from where the scheduler
 * left off (the previous tick, at most 48 hours back) up to `now`, fires those due within
 * their grace window (each run claimed with a lease, so once across instances), and records
 * older ones as missed, telling the campaign's admins once.
 */
export async function runDueJobs(options: {
  prisma: PrismaClient;
  now: Date;
  instanceId: string;
  logger: Logger;
  /** When the scheduler last ticked before this one; undefined on a first start. */
  since?: Date;
  /** The campaigns to plan (default: read from the database now). */
  campaigns?: () => Promise<LoadedCampaign[]>;
  officialData?: OfficialHolidayData;
}): Promise<TickSummary> {
  const { prisma, now, logger } = options;
  const summary: TickSummary = { ran: [], missed: [], warnings: [] };
  const floor = new Date(now.getTime() - LOOKBACK_MS);
  const start = options.since ?? new Date(now.getTime() - FIRST_START_LOOKBACK_MS);
  const campaigns = await (options.campaigns?.() ?? loadJobCampaigns(prisma));
  for (const campaign of campaigns) {
    // Nothing before the campaign was imported (unless the clock is simulated and shows a time
    // before the import: then the import says nothing about what is due).
    const imported = campaign.createdAt <= now ? campaign.createdAt.getTime() : 0;
    const from = new Date(Math.max(start.getTime(), floor.getTime(), imported));
    const plan = planJobs(
      campaign.file,
      { from, to: new Date(now.getTime() + 1) },
      {
        ...(options.officialData ? { officialData: options.officialData } : {}),
      },
    );
    for (const warning of plan.warnings)
      summary.warnings.push({ campaign: campaign.key, year: warning.year });
    for (const job of plan.jobs) {
      if (job.skipped || job.at > now) continue;
      const id = {
        campaign: campaign.key,
        job: job.job,
        scheduledFor: job.scheduledFor.toISOString(),
      };
      const late = now.getTime() - job.at.getTime() > job.graceMs;
      if (late && options.since !== undefined) {
        const recorded = await recordMissedRun(prisma, {
          campaignId: campaign.id,
          job: job.job,
          scheduledFor: job.scheduledFor,
        });
        if (!recorded) continue;
        summary.missed.push(id);
        logger.warn(id, "scheduled job missed during downtime");
        await prisma.$transaction((tx) =>
          notifyAdmins(tx, {
            campaign,
            cause: `missed:${job.job}:${id.scheduledFor}`,
            now,
            message: (locale) =>
              missedRunNotice(locale, {
                campaign: campaign.title,
                job: job.job,
                at: formatInstant(job.at, { locale, timeZone: campaign.timeZone }),
              }),
          }),
        );
        continue;
      }
      if (late) continue;
      try {
        const result = await runJob({ prisma, campaign, job, now, instanceId: options.instanceId });
        if (result.ran) {
          summary.ran.push({ ...id, queued: result.outcome.queued });
          logger.info({ ...id, queued: result.outcome.queued }, "scheduled job ran");
        }
      } catch (error: unknown) {
        // The run keeps its lease until it runs out; a later tick retries it within its grace.
        logger.error({ ...id, err: error }, "scheduled job failed");
      }
    }
    await reportDeadLetters({ prisma, campaign, now });
  }
  return summary;
}

/**
 * Tells the campaign's admins of messages the outbox gave up on (after its retry horizon, or
 * refused for good), once each, naming whom they were for; `duban outbox status` lists them.
 */
async function reportDeadLetters(options: {
  prisma: PrismaClient;
  campaign: LoadedCampaign;
  now: Date;
}): Promise<void> {
  const { prisma, campaign, now } = options;
  const letters = await deadLettersToReport(prisma, { campaignId: campaign.id, limit: 50 });
  if (letters.length === 0) return;
  const first = letters[0]?.id ?? "";
  await prisma.$transaction(async (tx) => {
    await notifyAdmins(tx, {
      campaign,
      cause: `dead:${first}`,
      now,
      message: (locale) => {
        const who = [...new Set(letters.map((letter) => letter.member?.name ?? letter.recipient))];
        return t(locale, "scheduler.deadLetters", {
          count: letters.length,
          campaign: campaign.title,
          people: who.join(t(locale, "scheduler.listSeparator")),
        });
      },
    });
  });
  await markReported(
    prisma,
    letters.map((letter) => letter.id),
  );
}
