import type { PrismaClient } from "../generated/prisma/client.js";

/**
 * Updates the planner's statistics of the outbox's tables. A PostgreSQL server does this by
 * itself (autovacuum); embedded PGlite never does, and a claim planned for an empty table
 * reads every queued row instead of walking the due ones in order.
 */
export async function refreshOutboxStatistics(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(`ANALYZE "OutboxMessage", "ChatIdentity"`);
}
