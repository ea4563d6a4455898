import type { Reply } from "../core/reply.js";
import type { Prisma } from "../generated/prisma/client.js";
import { enqueueReplies } from "../outbox/enqueue-replies.js";

type Tx = Prisma.TransactionClient;

/** The channels a digest or circular is posted to: the leadership's and those named for it. */
export async function publicationChannels(tx: Tx, campaignId: string, kind: "digest" | "circular") {
  return tx.channel.findMany({
    where: { campaignId, archivedAt: null, purpose: { in: ["leadership", kind] } },
    orderBy: { key: "asc" },
    select: { key: true, platform: true, chatId: true },
  });
}

/** The outbox key of a publication's post to one channel (`edit` 0: the post itself). */
export function postKey(publicationId: string, channelKey: string, edit: number): string {
  return `pub:${publicationId}:${channelKey}:${edit}`;
}

/**
 * Posts a publication to one channel through the outbox, in the caller's transaction, and
 * records the post with the key of its first outbox row: the message a later update edits.
 * Returns the outbox rows queued.
 */
export async function postToChannel(
  tx: Tx,
  options: {
    publicationId: string;
    campaignId: string;
    channel: { key: string; platform: "telegram" | "slack" | "web"; chatId: string };
    replies: Reply[];
    now: Date;
  },
): Promise<number> {
  const { channel } = options;
  const key = postKey(options.publicationId, channel.key, 0);
  const queued = await enqueueReplies(tx, {
    platform: channel.platform,
    recipient: channel.chatId,
    replies: options.replies,
    idempotencyKey: key,
    campaignId: options.campaignId,
    now: options.now,
  });
  await tx.publicationPost.create({
    data: {
      publicationId: options.publicationId,
      channelKey: channel.key,
      platform: channel.platform,
      chatId: channel.chatId,
      outboxKey: `${key}#000`,
    },
  });
  return queued;
}
