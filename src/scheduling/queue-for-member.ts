import type { Reply } from "../core/reply.js";
import type { Prisma } from "../generated/prisma/client.js";
import { enqueueReplies } from "../outbox/enqueue-replies.js";
import type { MemberAddress } from "./reach-members.js";

/**
 * Queues a scheduled message to one member's private chat, keyed `<cause>:<member>` so the
 * same cause never reaches the same person twice, on the scheduler's clock.
 */
export function queueForMember(
  tx: Prisma.TransactionClient,
  options: {
    campaignId: string;
    address: MemberAddress;
    cause: string;
    replies: Reply[];
    now: Date;
    /** Later than `now` when the member's quiet hours hold it. */
    notBefore?: Date | undefined;
    expiresAt?: Date;
  },
): Promise<number> {
  const { address } = options;
  return enqueueReplies(tx, {
    now: options.now,
    platform: address.platform,
    recipient: address.chatId,
    campaignId: options.campaignId,
    replies: options.replies,
    idempotencyKey: `${options.cause}:${address.key}`,
    ...(options.notBefore ? { notBefore: options.notBefore } : {}),
    ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
  });
}
