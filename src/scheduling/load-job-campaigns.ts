import { type CampaignFile, ZCampaignFile } from "../campaigns/campaign-file-schema.js";
import { exportCampaign } from "../campaigns/export-campaign.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { DEFAULT_LOCALE, normaliseLocale } from "../i18n/locales.js";
import type { JobCampaign } from "./job-context.js";

/**
 * The active campaigns, each with the campaign-file form the planner reads (built by the same
 * export that writes files, so the plan sees exactly what an admin imported), and when it
 * was imported (nothing is planned before that).
 */
/** A campaign as the scheduler plans it. */
export type LoadedCampaign = JobCampaign & { createdAt: Date };

export async function loadJobCampaigns(
  prisma: PrismaClient,
  options: { key?: string } = {},
): Promise<LoadedCampaign[]> {
  const rows = await prisma.campaign.findMany({
    where: { archivedAt: null, ...(options.key ? { key: options.key } : {}) },
    orderBy: { key: "asc" },
  });
  const campaigns: LoadedCampaign[] = [];
  for (const row of rows) {
    const file: CampaignFile = ZCampaignFile.parse(
      await exportCampaign({ prisma, campaignId: row.id }),
    );
    campaigns.push({
      id: row.id,
      key: row.key,
      title: row.title,
      timeZone: row.timeZone,
      locale: normaliseLocale(row.defaultLocale) ?? DEFAULT_LOCALE,
      file,
      createdAt: row.createdAt,
    });
  }
  return campaigns;
}
