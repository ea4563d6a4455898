import type { Prisma } from "../generated/prisma/client.js";

/**
 * Marks the posted digests of a period as out of date after a report of that period changed
 * (a late submission, a correction, a late skip): the scheduler's next tick compiles them
 * again and edits the posts in place. One statement in the report's own transaction, so the
 * change and the mark commit together.
 */
export async function markDigestsStale(
  tx: Prisma.TransactionClient,
  options: { campaignId: string; period: string; now: Date },
): Promise<void> {
  await tx.publication.updateMany({
    where: {
      campaignId: options.campaignId,
      kind: "digest",
      period: options.period,
      state: "issued",
      staleSince: null,
    },
    data: { staleSince: options.now },
  });
}
