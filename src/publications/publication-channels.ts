import type { Prisma } from "../generated/prisma/client.js";

type Tx = Prisma.TransactionClient;

/** The channels a digest or circular is posted to: the leadership's and those named for it. */
export async function publicationChannels(tx: Tx, campaignId: string, kind: "digest" | "circular") {
  return tx.channel.findMany({
    where: { campaignId, archivedAt: null, purpose: { in: ["leadership", kind] } },
    orderBy: { key: "asc" },
    select: { key: true, platform: true, chatId: true },
  });
}
