import type { Prisma } from "../generated/prisma/client.js";
import { compileDigest } from "../summaries/compile-digest.js";
import { loadWeekInput } from "../summaries/load-summary-input.js";
import { postToChannel, publicationChannels } from "./publication-channels.js";
import { contentHash, documentMessage } from "./publication-content.js";

type Tx = Prisma.TransactionClient;

/**
 * Issues the weekly digest of `week` and posts it to the campaign's leadership channels
 * through the outbox, in the caller's transaction: a publication numbered 第N期 with the
 * compiled content frozen, and one post per channel whose outbox row will hold the platform
 * message ids that a later update edits in place. Issued once per week: a second run (a job
 * retried after a crash) finds it and queues nothing. Worded in the campaign's language.
 */
export async function issueWeeklyDigest(
  tx: Tx,
  options: { campaignId: string; week: string; now: Date },
): Promise<{ publicationId: string; number: number; queued: number; channels: number }> {
  const { campaignId, week, now } = options;
  const existing = await tx.publication.findFirst({
    where: { campaignId, kind: "digest", period: week },
    orderBy: { version: "asc" },
  });
  if (existing) {
    return { publicationId: existing.id, number: existing.number ?? 0, queued: 0, channels: 0 };
  }
  const compiled = compileDigest(await loadWeekInput(tx, { campaignId, week }), { week, now });
  // Each week's digest has one first version: their count numbers the next.
  const number =
    (await tx.publication.count({ where: { campaignId, kind: "digest", version: 1 } })) + 1;
  const publication = await tx.publication.create({
    data: {
      campaignId,
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
  const channels = await publicationChannels(tx, campaignId, "digest");
  let queued = 0;
  for (const channel of channels) {
    queued += await postToChannel(tx, {
      publicationId: publication.id,
      campaignId,
      channel,
      replies: [documentMessage(compiled.document)],
      now,
    });
  }
  return { publicationId: publication.id, number, queued, channels: channels.length };
}
