import type { Prisma } from "../generated/prisma/client.js";
import type { OutboxPlatform } from "./chat-gateway.js";

/**
 * Clears the mark the outbox set when the platform refused to deliver to this person (they
 * blocked the bot, or never started it): their queued messages go out again. Call it in the
 * transaction that handles a message they sent, since writing again is what lifts it.
 *
 * @returns whether the identity was marked unreachable
 * @example await clearUnreachable(tx, { platform: "telegram", externalId: "512340021" })
 */
export async function clearUnreachable(
  tx: Prisma.TransactionClient,
  options: { platform: OutboxPlatform; externalId: string },
): Promise<boolean> {
  const cleared = await tx.chatIdentity.updateMany({
    where: {
      platform: options.platform,
      externalId: options.externalId,
      unreachableAt: { not: null },
    },
    data: { unreachableAt: null, unreachableReason: null },
  });
  return cleared.count > 0;
}
