import type { PrismaClient } from "../generated/prisma/client.js";
import type { OutboxPlatform } from "./chat-gateway.js";
import { type DeadLetter, newestDeadLetters } from "./dead-letters.js";
import { DB_NOW } from "./outbox-sql.js";

/** The states of an outbox row; `failed` is a dead letter. */
export const OUTBOX_STATES = ["pending", "sending", "sent", "failed", "expired"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** One platform's queue. */
export interface PlatformQueueStatus {
  platform: OutboxPlatform;
  counts: Record<OutboxState, number>;
  /** When the oldest message still pending was queued; null when none is. */
  oldestPendingAt: Date | null;
  /** People the platform refused to deliver to, until they write again. */
  unreachable: number;
}

/** What `duban outbox status` shows. */
export interface OutboxStatus {
  /** The database's clock, to tell ages by. */
  now: Date;
  platforms: PlatformQueueStatus[];
  deadLetterCount: number;
  /** The newest dead letters with their errors. */
  deadLetters: DeadLetter[];
}

/** Counts by state per platform, the oldest pending, unreachable people and dead letters. */
export async function readOutboxStatus(
  prisma: PrismaClient,
  options: { deadLetters?: number } = {},
): Promise<OutboxStatus> {
  const [clock, counts, oldest, unreachable, deadLetters] = await Promise.all([
    prisma.$queryRaw<{ now: Date }[]>`SELECT ${DB_NOW} AS "now"`,
    prisma.outboxMessage.groupBy({ by: ["platform", "state"], _count: { _all: true } }),
    prisma.outboxMessage.groupBy({
      by: ["platform"],
      where: { state: "pending" },
      _min: { createdAt: true },
    }),
    prisma.chatIdentity.groupBy({
      by: ["platform"],
      where: { unreachableAt: { not: null } },
      _count: { _all: true },
    }),
    newestDeadLetters(prisma, options.deadLetters ?? 20),
  ]);
  const platforms = new Map<OutboxPlatform, PlatformQueueStatus>();
  const entry = (platform: OutboxPlatform): PlatformQueueStatus => {
    let found = platforms.get(platform);
    if (!found) {
      const zero = Object.fromEntries(OUTBOX_STATES.map((state) => [state, 0]));
      found = {
        platform,
        counts: zero as Record<OutboxState, number>,
        oldestPendingAt: null,
        unreachable: 0,
      };
      platforms.set(platform, found);
    }
    return found;
  };
  for (const row of counts) entry(row.platform).counts[row.state] = row._count._all;
  for (const row of oldest) entry(row.platform).oldestPendingAt = row._min.createdAt;
  for (const row of unreachable) entry(row.platform).unreachable = row._count._all;
  const sorted = [...platforms.values()].sort((a, b) => a.platform.localeCompare(b.platform));
  return {
    now: clock[0]?.now ?? new Date(),
    platforms: sorted,
    deadLetterCount: sorted.reduce((sum, platform) => sum + platform.counts.failed, 0),
    deadLetters,
  };
}
