import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { JobKind } from "./job-kinds.js";

/** Which run: a job of a campaign, for the instant it was scheduled for. */
export interface JobRunKey {
  campaignId: string;
  job: JobKind;
  scheduledFor: Date;
}

/** A run this instance holds: write its outcome with {@link finishJobRun}, fenced by `attempt`. */
export interface ClaimedJobRun {
  id: string;
  attempt: number;
}

/**
 * Claims a job run with a lease: the first claim creates the row; a later one succeeds only
 * while the run is unfinished and its lease (database clock) has run out, so a run an instance
 * crashed in is retried, and a finished or missed one never runs again. Undefined when another
 * instance holds it or it is over.
 */
export async function claimJobRun(
  prisma: PrismaClient,
  options: JobRunKey & { instanceId: string; leaseMs: number },
): Promise<ClaimedJobRun | undefined> {
  const { campaignId, job, scheduledFor } = options;
  await prisma.jobRun.createMany({
    data: [{ campaignId, job, scheduledFor, state: "running" }],
    skipDuplicates: true,
  });
  const rows = await prisma.$queryRaw<{ id: string; attempts: number }[]>`
    UPDATE "JobRun"
       SET "lockedBy" = ${options.instanceId},
           "lockedUntil" = now() + make_interval(secs => ${options.leaseMs / 1000}),
           "attempts" = "attempts" + 1
     WHERE "campaignId" = ${campaignId}::uuid AND "job" = ${job} AND "scheduledFor" = ${scheduledFor}
       AND "state" = 'running'
       AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
    RETURNING "id", "attempts"`;
  const row = rows[0];
  return row ? { id: row.id, attempt: row.attempts } : undefined;
}

/**
 * Records a claimed run's outcome, in the caller's transaction when given one (so a job's
 * messages and its "done" commit together). Fenced: a run whose lease another instance took
 * over meanwhile changes nothing, and the caller learns it (false).
 */
export async function finishJobRun(
  db: Prisma.TransactionClient | PrismaClient,
  run: ClaimedJobRun,
  outcome: { state: "done" | "failed"; result?: Prisma.InputJsonValue; error?: string },
): Promise<boolean> {
  const written = await db.jobRun.updateMany({
    where: { id: run.id, attempts: run.attempt, state: "running" },
    data: {
      state: outcome.state,
      finishedAt: new Date(),
      lockedUntil: null,
      ...(outcome.result !== undefined ? { result: outcome.result } : {}),
      ...(outcome.error !== undefined ? { error: outcome.error.slice(0, 2000) } : {}),
    },
  });
  return written.count === 1;
}

/** Records a run found too late to be worth running (past its grace window); once. */
export async function recordMissedRun(prisma: PrismaClient, key: JobRunKey): Promise<boolean> {
  const created = await prisma.jobRun.createMany({
    data: [{ ...key, state: "missed", finishedAt: new Date() }],
    skipDuplicates: true,
  });
  return created.count === 1;
}
