import type { CampaignRole } from "../commands/campaign-roles.js";
import { loadLeaderView, seesWholeCampaign } from "../commands/leader-access.js";
import { zonedParts } from "../domain/periods.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { Locale } from "../i18n/locales.js";
import { compileCircular } from "../summaries/compile-circular.js";
import { loadQuarterInput } from "../summaries/load-summary-input.js";
import type { CompiledCircular, CompiledDigest } from "../summaries/summary-document.js";
import { type CampaignDashboard, dashboardModel } from "./dashboard-model.js";
import type { DigestEntry } from "./publication-pages-html.js";

type Tx = Prisma.TransactionClient;

/** The campaign page's model for a role at `now`, and the campaign's own language. */
export async function loadCampaignDashboard(
  tx: Tx,
  options: { role: CampaignRole; now: Date; locale?: Locale },
): Promise<{ model: CampaignDashboard; campaignLocale: Locale }> {
  const view = await loadLeaderView(tx, { role: options.role, now: options.now });
  const campaignLocale = view.input.campaign.locale;
  const model = dashboardModel({
    input: view.input,
    week: view.week,
    today: view.today,
    visible: view.visible,
    wholeCampaign: seesWholeCampaign(options.role),
    locale: options.locale ?? campaignLocale,
  });
  return { model, campaignLocale };
}

/**
 * The quarter's circular as it compiles from what is stored now, in the campaign's language
 * (an official document does not follow the reader's). Read only: unlike `/circular`, the
 * preview saves no draft, since a page view must change nothing.
 */
export async function previewCircular(
  tx: Tx,
  options: { campaignId: string; quarter: string },
): Promise<CompiledCircular> {
  const input = await loadQuarterInput(tx, options);
  return compileCircular(input, { quarter: options.quarter });
}

/** The issued digests of a campaign (each week's version in force), latest week first. */
export async function loadDigestHistory(
  tx: Tx,
  options: { campaignId: string; timeZone: string },
): Promise<DigestEntry[]> {
  const rows = await tx.publication.findMany({
    where: { campaignId: options.campaignId, kind: "digest", state: "issued" },
    select: { period: true, number: true, version: true, issuedAt: true },
    orderBy: [{ period: "desc" }, { version: "desc" }],
  });
  const seen = new Set<string>();
  return rows.flatMap((row) => {
    if (seen.has(row.period)) return [];
    seen.add(row.period);
    return [
      {
        week: row.period,
        ...(row.number === null ? {} : { number: row.number }),
        ...(row.issuedAt ? { issuedOn: zonedParts(row.issuedAt, options.timeZone).date } : {}),
        updated: row.version > 1,
      },
    ];
  });
}

/** The issued digest of a week (its latest version), as it was compiled and posted. */
export async function loadIssuedDigest(
  tx: Tx,
  options: { campaignId: string; week: string },
): Promise<CompiledDigest | undefined> {
  const row = await tx.publication.findFirst({
    where: {
      campaignId: options.campaignId,
      kind: "digest",
      period: options.week,
      state: "issued",
    },
    orderBy: { version: "desc" },
    select: { content: true },
  });
  return row ? (row.content as unknown as CompiledDigest) : undefined;
}
