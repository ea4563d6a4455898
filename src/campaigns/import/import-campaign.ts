import { dateColumn, dateText } from "../../db/calendar-date.js";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { CampaignFile } from "../campaign-file-schema.js";
import { ChangeLog, type ImportCounts } from "./change-log.js";
import {
  importIdentities,
  importMembers,
  importMemberships,
  importUnits,
} from "./import-organisation.js";
import { importTasks } from "./import-tasks.js";
import { syncRows } from "./sync-rows.js";

type Tx = Prisma.TransactionClient;

/** What an import did (or, for a dry run, would do). */
export interface ImportResult {
  campaignId: string;
  campaignKey: string;
  dryRun: boolean;
  counts: ImportCounts;
  /** Rows created, updated, restored, archived or deleted; zero when the file was already in. */
  changes: number;
}

class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super("dry run: rolled back");
  }
}

/**
 * Brings the database in line with a validated campaign file, in one transaction.
 * Idempotent: a second import of the same file changes nothing. Rows are matched by their
 * keys, so an edited file updates in place; what the file no longer names is archived
 * with its data kept. A dry run does all of it and rolls back, reporting the same counts.
 *
 * @throws CampaignImportError when the file conflicts with the database (nothing written)
 */
export async function importCampaign(options: {
  prisma: PrismaClient;
  file: CampaignFile;
  dryRun?: boolean;
  actor?: string;
}): Promise<ImportResult> {
  const { prisma, file } = options;
  const dryRun = options.dryRun ?? false;
  try {
    return await prisma.$transaction(
      async (tx) => {
        const result = await importInTransaction(tx, file, options.actor ?? "cli", dryRun);
        if (dryRun) throw new DryRunRollback(result);
        return result;
      },
      { timeout: 300_000, maxWait: 60_000 },
    );
  } catch (error: unknown) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}

async function importInTransaction(
  tx: Tx,
  file: CampaignFile,
  actor: string,
  dryRun: boolean,
): Promise<ImportResult> {
  const log = new ChangeLog();
  const unitIds = await importUnits(tx, file, log);
  const memberIds = await importMembers(tx, file, unitIds, log);
  await importIdentities(tx, file, memberIds, log);
  const campaignId = await importCampaignRow(tx, file, unitIds, log);
  await importMemberships(tx, { campaignId, file, memberIds, log });
  await importTasks(tx, { campaignId, file, unitIds, memberIds, log });
  await importDeadlines(tx, campaignId, file, log);
  await importCalendarDays(tx, campaignId, file, log);
  await importChannels(tx, campaignId, file, log);
  const changes = log.changeCount;
  await log.flush(tx, { campaignId, actor });
  return { campaignId, campaignKey: file.campaign.key, dryRun, counts: log.counts, changes };
}

async function importCampaignRow(
  tx: Tx,
  file: CampaignFile,
  unitIds: Map<string, string>,
  log: ChangeLog,
): Promise<string> {
  const { quarterly: _storedAsDeadlines, ...schedule } = file.schedule;
  const header = file.campaign;
  const ids = await syncRows({
    entity: "campaign",
    log,
    existing: await tx.campaign.findMany({ where: { key: header.key } }),
    keyOf: (row) => row.key,
    desired: [
      {
        key: header.key,
        data: {
          key: header.key,
          title: header.title,
          description: header.description ?? null,
          year: header.year,
          timeZone: header.timeZone,
          defaultLocale: header.locale,
          leadUnitId: unitIds.get(header.leadUnit) ?? null,
          schedule,
          circular: file.circular ?? {},
          questions: file.questions ?? {},
        },
      },
    ],
    create: (data) => tx.campaign.create({ data }),
    update: (id, data) => tx.campaign.update({ where: { id }, data }),
    onMissing: "keep",
  });
  return ids.get(header.key) ?? "";
}

async function importDeadlines(tx: Tx, campaignId: string, file: CampaignFile, log: ChangeLog) {
  await syncRows({
    entity: "deadline",
    log,
    existing: await tx.deadline.findMany({ where: { campaignId } }),
    keyOf: (row) => row.period,
    desired: file.schedule.quarterly.map((deadline) => ({
      key: deadline.quarter,
      data: {
        period: deadline.quarter,
        dueOn: dateColumn(deadline.due),
        title: deadline.title ?? null,
      },
    })),
    create: (data) => tx.deadline.create({ data: { ...data, campaignId } }),
    update: (id, data) => tx.deadline.update({ where: { id }, data }),
    onMissing: { remove: (id) => tx.deadline.delete({ where: { id } }) },
  });
}

async function importCalendarDays(tx: Tx, campaignId: string, file: CampaignFile, log: ChangeLog) {
  const holidays = file.holidays ?? { extra: [], workdays: [] };
  const desired = [
    ...holidays.extra.map((day) => ({ ...day, kind: "holiday" as const })),
    ...holidays.workdays.map((day) => ({ ...day, kind: "workday" as const })),
  ];
  await syncRows({
    entity: "calendarDay",
    log,
    existing: await tx.calendarDay.findMany({ where: { campaignId } }),
    keyOf: (row) => dateText(row.date),
    desired: desired.map((day) => ({
      key: day.date,
      data: { date: dateColumn(day.date), kind: day.kind, name: day.name ?? null },
    })),
    create: (data) => tx.calendarDay.create({ data: { ...data, campaignId } }),
    update: (id, data) => tx.calendarDay.update({ where: { id }, data }),
    onMissing: { remove: (id) => tx.calendarDay.delete({ where: { id } }) },
  });
}

async function importChannels(tx: Tx, campaignId: string, file: CampaignFile, log: ChangeLog) {
  const now = new Date();
  await syncRows({
    entity: "channel",
    log,
    existing: await tx.channel.findMany({ where: { campaignId } }),
    keyOf: (row) => row.key,
    desired: file.channels.map((channel) => ({
      key: channel.key,
      data: {
        key: channel.key,
        platform: channel.platform,
        chatId: channel.chatId,
        purpose: channel.purpose,
        title: channel.title ?? null,
      },
    })),
    create: (data) => tx.channel.create({ data: { ...data, campaignId } }),
    update: (id, data) => tx.channel.update({ where: { id }, data }),
    onMissing: { archive: (id) => tx.channel.update({ where: { id }, data: { archivedAt: now } }) },
  });
}
