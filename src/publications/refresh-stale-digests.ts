import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { t } from "../i18n/translate.js";
import type { Logger } from "../logger.js";
import { enqueueReplies } from "../outbox/enqueue-replies.js";
import { compileDigest } from "../summaries/compile-digest.js";
import { loadWeekInput } from "../summaries/load-summary-input.js";
import { postKey } from "./publication-channels.js";
import { contentHash, documentText } from "./publication-content.js";

/**
 * Brings posted digests up to date after a report of their week changed: each digest marked
 * stale is compiled again and, when anything changed, issued as a new version with an
 * "updated" line, and every post of it edited in place through the outbox (Telegram's
 * editMessageText), never posted again. One transaction per digest; the mark is taken with a
 * conditional write, so a second instance (or a tick run twice) does nothing more.
 *
 * @returns how many digests were edited
 */
export async function refreshStaleDigests(
  prisma: PrismaClient,
  options: { now: Date; logger?: Logger },
): Promise<number> {
  const stale = await prisma.publication.findMany({
    where: { kind: "digest", state: "issued", staleSince: { not: null } },
    select: { id: true, staleSince: true },
    orderBy: { staleSince: "asc" },
    take: 50,
  });
  let edited = 0;
  for (const { id, staleSince } of stale) {
    try {
      // Compiling a large campaign's week takes a while: more than Prisma's default 5 s.
      const changed = await prisma.$transaction(
        (tx) => refreshOne(tx, { id, staleSince, now: options.now }),
        { timeout: 60_000, maxWait: 60_000 },
      );
      if (changed) edited += 1;
    } catch (error: unknown) {
      options.logger?.error({ err: error, publicationId: id }, "digest update failed");
    }
  }
  return edited;
}

async function refreshOne(
  tx: Prisma.TransactionClient,
  options: { id: string; staleSince: Date | null; now: Date },
): Promise<boolean> {
  const taken = await tx.publication.updateMany({
    where: { id: options.id, staleSince: options.staleSince, state: "issued" },
    data: { staleSince: null },
  });
  if (taken.count === 0) return false;
  const current = await tx.publication.findUniqueOrThrow({
    where: { id: options.id },
    include: { posts: true },
  });
  // One reading of the week, compiled twice: as issued (to compare) and with the updated line.
  const input = await loadWeekInput(tx, { campaignId: current.campaignId, week: current.period });
  const base = { week: current.period, now: options.now };
  const hash = contentHash(compileDigest(input, base));
  if (hash === current.contentHash) return false;
  const compiled = compileDigest(input, { ...base, updatedAt: options.now });
  const locale = input.campaign.locale;
  await tx.publication.update({ where: { id: current.id }, data: { state: "superseded" } });
  const next = await tx.publication.create({
    data: {
      campaignId: current.campaignId,
      kind: "digest",
      period: current.period,
      number: current.number,
      version: current.version + 1,
      state: "issued",
      content: compiled as unknown as Prisma.InputJsonValue,
      contentHash: hash,
      issuedAt: current.issuedAt ?? options.now,
    },
  });
  const text = documentText(compiled.document);
  const surplus = [{ text: t(locale, "publication.surplusPart") }];
  for (const post of current.posts) {
    const editCount = post.editCount + 1;
    const key = postKey(next.id, post.channelKey, editCount);
    await enqueueReplies(tx, {
      platform: post.platform,
      recipient: post.chatId,
      replies: [{ kind: "edit", of: post.outboxKey, text, surplus }],
      idempotencyKey: key,
      campaignId: current.campaignId,
      now: options.now,
    });
    await tx.publicationPost.create({
      data: {
        publicationId: next.id,
        channelKey: post.channelKey,
        platform: post.platform,
        chatId: post.chatId,
        outboxKey: `${key}#000`,
        editCount,
      },
    });
  }
  return true;
}
