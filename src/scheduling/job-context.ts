import type { CampaignFile } from "../campaigns/campaign-file-schema.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { Locale } from "../i18n/locales.js";
import type { DueJob } from "./plan-jobs.js";

/** The campaign row a job works for, with the file form the planner read. */
export interface JobCampaign {
  id: string;
  key: string;
  title: string;
  timeZone: string;
  locale: Locale;
  file: CampaignFile;
}

/** What a job handler gets: the transaction its messages and its "done" commit in. */
export interface JobContext {
  tx: Prisma.TransactionClient;
  campaign: JobCampaign;
  job: DueJob;
  /** The scheduler's clock at the run (never `new Date()` in job code). */
  now: Date;
}

/** What a job did, stored as the run's result and printed by `duban jobs run`. */
export interface JobOutcome {
  /** Outbox rows queued (a repeated run queues none: the keys are taken). */
  queued: number;
  /** People or channels it meant to reach. */
  reached: number;
  /** People it could not reach: no chat account bound, or marked unreachable. */
  unreachable: string[];
  /** Anything else worth keeping about the run. */
  details?: Record<string, Prisma.InputJsonValue>;
}

export type JobHandler = (context: JobContext) => Promise<JobOutcome>;
