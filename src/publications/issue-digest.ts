import { previousIsoWeek } from "../domain/periods.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { Locale } from "../i18n/locales.js";
import { compileDigest } from "../summaries/compile-digest.js";
import { loadSummaryInput } from "../summaries/load-summary-input.js";
import type { CompiledDigest } from "../summaries/summary-document.js";
import { postToChannel, publicationChannels } from "./publication-channels.js";
import { contentHash, documentMessage } from "./publication-content.js";

type Tx = Prisma.TransactionClient;

/** Compiles a campaign's digest of `week` from what is stored now. */
export async function compileStoredDigest(
  tx: Tx,
  options: { campaignId: string; week: string; locale: Locale; now: Date; updatedAt?: Date },
): Promise<CompiledDigest> {
  const input = await loadSummaryInput(tx, {
    campaignId: options.campaignId,
    periods: [previousIsoWeek(options.week), options.week],
  });
  return compileDigest(input, {
    week: options.week,
    locale: options.locale,
    now: options.now,
    ...(options.updatedAt ? { updatedAt: options.updatedAt } : {}),
  });
}

/**
 * Issues the weekly digest of `week` and posts it to the campaign's leadership channels
 * through the outbox, in the caller's transaction: a publication numbered 第N期 with the
 * compiled content frozen, and one post per channel whose outbox row will hold the platform
 * message ids that a later update edits in place. Issued once per week: a second run (a job
 * retried after a crash) finds it and queues nothing.
 */
export async function issueWeeklyDigest(
  tx: Tx,
  options: { campaign: { id: string; locale: Locale }; week: string; now: Date },
): Promise<{ publicationId: string; number: number; queued: number; channels: number }> {
  const { campaign, week, now } = options;
  const existing = await tx.publication.findFirst({
    where: { campaignId: campaign.id, kind: "digest", period: week },
    orderBy: { version: "asc" },
  });
  if (existing) {
    return { publicationId: existing.id, number: existing.number ?? 0, queued: 0, channels: 0 };
  }
  const compiled = await compileStoredDigest(tx, {
    campaignId: campaign.id,
    week,
    locale: campaign.locale,
    now,
  });
  const issuedBefore = await tx.publication.findMany({
    where: { campaignId: campaign.id, kind: "digest", version: 1 },
    select: { period: true },
  });
  const number = issuedBefore.length + 1;
  const publication = await tx.publication.create({
    data: {
      campaignId: campaign.id,
      kind: "digest",
      period: week,
      number,
      version: 1,
      state: "issued",
      content: compiled as unknown as Prisma.InputJsonValue,
      contentHash: contentHash(compiled),
      issuedAt: now,
    },
  });
  const channels = await publicationChannels(tx, campaign.id, "digest");
  let queued = 0;
  for (const channel of channels) {
    queued += await postToChannel(tx, {
      publicationId: publication.id,
      campaignId: campaign.id,
      channel,
      replies: [documentMessage(compiled.document)],
      now,
    });
  }
  return { publicationId: publication.id, number, queued, channels: channels.length };
}
