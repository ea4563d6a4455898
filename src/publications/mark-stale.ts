import { Prisma } from "../generated/prisma/client.js";

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
  await tx.$executeRaw(markDigestsStaleSql({ ...options, updatedAt: new Date() }));
}

/** `markDigestsStale`'s statement, also for a larger one (a report's submission). */
export function markDigestsStaleSql(options: {
  campaignId: string;
  period: string;
  now: Date;
  updatedAt: Date;
}): Prisma.Sql {
  return Prisma.sql`
    UPDATE "Publication"
       SET "staleSince" = ${options.now}::timestamp(3), "updatedAt" = ${options.updatedAt}::timestamp(3)
     WHERE "campaignId" = ${options.campaignId}::uuid AND "kind" = 'digest'::"PublicationKind"
       AND "period" = ${options.period} AND "state" = 'issued'::"PublicationState"
       AND "staleSince" IS NULL`;
}
