import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { claimJobRun, finishJobRun } from "./claim-job-run.js";
import type { JobCampaign, JobOutcome } from "./job-context.js";
import { JOB_HANDLERS } from "./job-handlers.js";
import type { DueJob } from "./plan-jobs.js";

/** Longer than any job takes (queuing thousands of rows is seconds), so a live run keeps it. */
export const JOB_LEASE_MS = 10 * 60_000;

/** Whether a run fired here, was already done or held elsewhere, and what it did. */
export type RunJobResult = { ran: true; outcome: JobOutcome } | { ran: false; reason: "taken" };

/**
 * Fires one planned job: claims its run (campaign, job, scheduledFor) with a lease, then does
 * its work and marks it done in one transaction, so its messages are queued if and only if
 * the run is recorded done. A run that is done, or held by another live instance, is not
 * fired again; one whose instance died is, once its lease runs out.
 */
export async function runJob(options: {
  prisma: PrismaClient;
  campaign: JobCampaign;
  job: DueJob;
  now: Date;
  instanceId: string;
}): Promise<RunJobResult> {
  const { prisma, campaign, job, now } = options;
  const claimed = await claimJobRun(prisma, {
    campaignId: campaign.id,
    job: job.job,
    scheduledFor: job.scheduledFor,
    instanceId: options.instanceId,
    leaseMs: JOB_LEASE_MS,
  });
  if (!claimed) return { ran: false, reason: "taken" };
  const outcome = await prisma
    .$transaction(
      async (tx) => {
        const done = await JOB_HANDLERS[job.job]({ tx, campaign, job, now });
        const result = { ...done, at: job.at.toISOString() } as unknown as Prisma.InputJsonValue;
        const recorded = await finishJobRun(tx, claimed, { state: "done", result });
        // Another instance took the run over (this one stalled past its lease): let it finish.
        if (!recorded) throw new JobRunTakenOver();
        return done;
      },
      { timeout: JOB_LEASE_MS, maxWait: 60_000 },
    )
    .catch((error: unknown) => {
      if (error instanceof JobRunTakenOver) return undefined;
      throw error;
    });
  return outcome ? { ran: true, outcome } : { ran: false, reason: "taken" };
}

class JobRunTakenOver extends Error {
  constructor() {
    super("the job run was taken over by another instance");
  }
}
