import type { Reply } from "../core/reply.js";
import type { Prisma } from "../generated/prisma/client.js";

/**
 * Queues replies for one chat in the caller's transaction, so they are sent if and only if
 * the change that caused them commits. Keys make it idempotent: queuing the same replies
 * again (a redelivered update, a job run twice) adds nothing.
 */
export async function enqueueReplies(
  tx: Prisma.TransactionClient,
  options: {
    platform: "telegram" | "slack" | "web";
    recipient: string;
    replies: Reply[];
    /** Unique per cause, e.g. `in:telegram:<update id>` or `job:<run id>:<member>`. */
    idempotencyKey: string;
    campaignId?: string | null;
  },
): Promise<number> {
  if (options.replies.length === 0) return 0;
  const created = await tx.outboxMessage.createMany({
    data: options.replies.map((reply, index) => ({
      idempotencyKey: `${options.idempotencyKey}#${String(index).padStart(3, "0")}`,
      platform: options.platform,
      recipient: options.recipient,
      campaignId: options.campaignId ?? null,
      payload: reply as unknown as Prisma.InputJsonValue,
    })),
    skipDuplicates: true,
  });
  return created.count;
}
