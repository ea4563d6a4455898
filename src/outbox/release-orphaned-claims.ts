import type { PrismaClient } from "../generated/prisma/client.js";
import type { OutboxPlatform } from "./chat-gateway.js";

/**
 * Gives back every row of a platform left `sending`, leases or not: for a database only one
 * process can open (embedded PGlite), a row found `sending` when this process starts to lead
 * was left by one that has died, and its chat need not wait for the lease to run out.
 * Progress (`partsSent`) is kept; the interrupted attempt stays counted.
 */
export async function releaseOrphanedClaims(
  prisma: PrismaClient,
  platform: OutboxPlatform,
): Promise<number> {
  const released = await prisma.outboxMessage.updateMany({
    where: { platform, state: "sending" },
    data: { state: "pending", lockedUntil: null },
  });
  return released.count;
}
