import type { Prisma } from "../generated/prisma/client.js";

/** The campaign's leadership channels, where escalations and overdue alerts go. */
export async function leadershipChannels(tx: Prisma.TransactionClient, campaignId: string) {
  return tx.channel.findMany({
    where: { campaignId, archivedAt: null, purpose: { in: ["leadership", "alerts"] } },
    orderBy: { key: "asc" },
    select: { key: true, platform: true, chatId: true, purpose: true },
  });
}
