import { randomUUID } from "node:crypto";
import type { Command } from "commander";
import { Api } from "grammy";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Locale } from "../i18n/locales.js";
import type { Translate } from "../i18n/translate.js";
import { logger } from "../logger.js";
import { createOutboxDispatcher } from "../outbox/outbox-dispatcher.js";
import { TelegramGateway } from "../platforms/telegram/telegram-gateway.js";
import { formatInstant } from "../reporting/format-instant.js";
import { JOB_KINDS, type JobKind } from "../scheduling/job-kinds.js";
import { type LoadedCampaign, loadJobCampaigns } from "../scheduling/load-job-campaigns.js";
import { type DueJob, planJobs } from "../scheduling/plan-jobs.js";
import { runJob } from "../scheduling/run-job.js";
import { campaignFromFlag } from "./campaign-flag.js";
import { type CliContext, CliExit, withDatabase } from "./cli-context.js";

const DAY_MS = 86_400_000;

/** `--from`/`--to`/`--at`: an ISO instant or date; undefined when absent, CliExit when bad. */
function instantFlag(
  context: CliContext,
  value: string | undefined,
  flag: string,
): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    context.err(context.translate("cli.jobs.badInstant", { flag, value }));
    throw new CliExit(2);
  }
  return date;
}

/** What a planned run does, in words: the shift or skip, its period, milestones, deadlines. */
function describeJob(tr: Translate, job: DueJob): string {
  const notes: string[] = [];
  const shift = job.shift ?? job.skipped;
  if (shift) {
    const why =
      shift.reason === "holiday"
        ? tr("cli.jobs.holiday", { name: shift.holiday ?? "" })
        : tr("cli.jobs.weekend");
    notes.push(
      job.skipped
        ? tr("cli.jobs.skippedNote", { from: shift.from, why })
        : tr("cli.jobs.shiftNote", { from: shift.from, why, to: shift.to }),
    );
  }
  if (job.period) notes.push(job.period);
  for (const item of job.milestones ?? [])
    notes.push(
      `${item.task}/${item.milestone} T${item.daysLeft >= 0 ? "-" : "+"}${Math.abs(item.daysLeft)}`,
    );
  for (const item of job.deadlines ?? []) notes.push(`${item.quarter} T-${item.daysLeft}`);
  return notes.join("; ");
}

function reachOf(tr: Translate, job: DueJob): string {
  const people = tr("cli.jobs.people", { count: job.audience.length });
  return job.leadership ? `${people} + ${tr("cli.jobs.leadership")}` : people;
}

/**
 * The active campaign `--campaign` names (or the only one), as the scheduler reads it; a
 * message and exit 1 if none.
 */
async function campaignOrExit(
  context: CliContext,
  prisma: PrismaClient,
  flag: string | undefined,
): Promise<LoadedCampaign> {
  const { key } = await campaignFromFlag(context, prisma, flag);
  const [campaign] = await loadJobCampaigns(prisma, { key });
  if (campaign) return campaign;
  context.err(context.translate("cli.jobs.noCampaign", { campaign: key }));
  throw new CliExit(1);
}

/** `duban jobs plan --campaign <key> [--from] [--to]` and `duban jobs run <job> --campaign <key> --at <ISO>` */
export function registerJobsCommands(program: Command, context: CliContext): void {
  const tr = context.translate;
  const jobs = program.command("jobs").description(tr("cli.help.jobs"));

  jobs
    .command("plan")
    .description(tr("cli.help.jobsPlan"))
    .option("--campaign <key>", tr("cli.help.campaignKey"))
    .option("--from <instant>", tr("cli.help.from"))
    .option("--to <instant>", tr("cli.help.to"))
    .action(async (flags: { campaign?: string; from?: string; to?: string }) => {
      const from = instantFlag(context, flags.from, "--from") ?? new Date();
      const to = instantFlag(context, flags.to, "--to") ?? new Date(from.getTime() + 14 * DAY_MS);
      const campaign = await withDatabase(context, (database) =>
        campaignOrExit(context, database.prisma, flags.campaign),
      );
      const plan = planJobs(campaign.file, { from, to });
      for (const warning of plan.warnings)
        context.err(tr("cli.jobs.noHolidayData", { year: warning.year }));
      context.out(
        tr("cli.jobs.planHead", {
          campaign: campaign.key,
          zone: campaign.timeZone,
          count: plan.jobs.length,
        }),
      );
      for (const job of plan.jobs) {
        const at = formatInstant(job.at, {
          locale: context.locale as Locale,
          timeZone: campaign.timeZone,
        });
        const zone = job.timeZone === campaign.timeZone ? "" : ` (${job.timeZone})`;
        const name = job.skipped ? tr("cli.jobs.skipped", { job: job.job }) : job.job;
        context.out(`${at}${zone}\t${name}\t${reachOf(tr, job)}\t${describeJob(tr, job)}`);
      }
    });

  jobs
    .command("run")
    .description(tr("cli.help.jobsRun"))
    .argument("<job>", tr("cli.help.jobKind"))
    .option("--campaign <key>", tr("cli.help.campaignKey"))
    .requiredOption("--at <instant>", tr("cli.help.at"))
    .option("--deliver", tr("cli.help.deliver"))
    .action(async (kind: string, flags: { campaign?: string; at: string; deliver?: boolean }) => {
      if (!(JOB_KINDS as readonly string[]).includes(kind)) {
        context.err(tr("cli.jobs.badJob", { job: kind, jobs: JOB_KINDS.join(", ") }));
        throw new CliExit(2);
      }
      const at = instantFlag(context, flags.at, "--at") ?? new Date();
      await withDatabase(context, async (database) => {
        const campaign = await campaignOrExit(context, database.prisma, flags.campaign);
        // The latest run of that job at or before the instant (within a week and a day).
        const plan = planJobs(campaign.file, {
          from: new Date(at.getTime() - 8 * DAY_MS),
          to: new Date(at.getTime() + 1),
        });
        const job = plan.jobs.filter((due) => due.job === (kind as JobKind) && !due.skipped).at(-1);
        if (!job) {
          context.err(tr("cli.jobs.nothingPlanned", { job: kind, at: at.toISOString() }));
          throw new CliExit(1);
        }
        const result = await runJob({
          prisma: database.prisma,
          campaign,
          job,
          now: at,
          instanceId: `cli:${randomUUID().slice(0, 8)}`,
        });
        const when = formatInstant(job.at, {
          locale: context.locale as Locale,
          timeZone: campaign.timeZone,
        });
        if (!result.ran) {
          context.out(tr("cli.jobs.alreadyRan", { job: kind, at: when }));
          return;
        }
        const { queued, reached, unreachable } = result.outcome;
        context.out(tr("cli.jobs.ran", { job: kind, at: when, queued, reached }));
        if (unreachable.length > 0)
          context.out(
            tr("cli.jobs.unreachable", {
              count: unreachable.length,
              members: unreachable.join(", "),
            }),
          );
        if (context.nudge) {
          // Inside the running duban: its own outbox sends them, within the platforms' limits.
          context.nudge();
          context.out(tr("cli.jobs.sentByRunning"));
          return;
        }
        if (!flags.deliver) {
          context.out(tr("cli.jobs.deliveryNote"));
          return;
        }
        const telegram = context.loadConfig().telegram;
        if (!telegram) {
          context.err(tr("cli.jobs.noGateway"));
          throw new CliExit(1);
        }
        const api = new Api(telegram.token, telegram.apiRoot ? { apiRoot: telegram.apiRoot } : {});
        const gateway = new TelegramGateway({ api, logger });
        // As the bot would at that instant: what is due then, and nothing that has expired.
        const dispatcher = createOutboxDispatcher({
          prisma: database.prisma,
          gateways: [gateway],
          logger,
          now: () => at,
        });
        await dispatcher.drain();
        await dispatcher.stop();
        const left = await database.prisma.outboxMessage.count({
          where: { campaignId: campaign.id, state: { in: ["pending", "sending"] } },
        });
        context.out(tr("cli.jobs.delivered", { left }));
      });
    });
}
