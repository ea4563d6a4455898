import type { PrismaClient } from "../generated/prisma/client.js";
import type { OutboxPlatform } from "./chat-gateway.js";

/** A message the outbox gave up on, with who it was for when the recipient is known. */
export interface DeadLetter {
  id: string;
  platform: OutboxPlatform;
  recipient: string;
  /** Names its cause, e.g. `prompt:<campaign>:<period>:<member>#000`. */
  idempotencyKey: string;
  campaignId: string | null;
  lastError: string | null;
  attempts: number;
  createdAt: Date;
  /** When it was given up. */
  failedAt: Date;
  /** The member whose private chat it was for; null for a group or an unknown chat. */
  member: { id: string; key: string; name: string } | null;
}

/**
 * Dead letters (`failed` rows) that admins have not been told of yet, oldest first: what the
 * scheduler puts in a line to the admin chat, then passes to `markReported`. Reads only.
 *
 * @param options.since only those given up at or after this instant
 * @param options.campaignId only those queued for this campaign
 */
export async function deadLettersToReport(
  prisma: PrismaClient,
  options: { since?: Date; campaignId?: string; limit?: number } = {},
): Promise<DeadLetter[]> {
  const rows = await prisma.outboxMessage.findMany({
    where: {
      state: "failed",
      reportedAt: null,
      ...(options.since ? { nextAttemptAt: { gte: options.since } } : {}),
      ...(options.campaignId ? { campaignId: options.campaignId } : {}),
    },
    orderBy: [{ nextAttemptAt: "asc" }, { idempotencyKey: "asc" }],
    take: options.limit ?? 100,
  });
  return withMembers(prisma, rows);
}

/** Records that admins were told of these dead letters; returns how many were not yet. */
export async function markReported(prisma: PrismaClient, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const marked = await prisma.outboxMessage.updateMany({
    where: { id: { in: ids }, state: "failed", reportedAt: null },
    data: { reportedAt: new Date() },
  });
  return marked.count;
}

/** The newest dead letters, reported or not (`duban outbox status`). */
export async function newestDeadLetters(
  prisma: PrismaClient,
  limit: number,
): Promise<DeadLetter[]> {
  const rows = await prisma.outboxMessage.findMany({
    where: { state: "failed" },
    orderBy: [{ nextAttemptAt: "desc" }, { idempotencyKey: "desc" }],
    take: limit,
  });
  return withMembers(prisma, rows);
}

type FailedRow = Awaited<ReturnType<PrismaClient["outboxMessage"]["findMany"]>>[number];

/** Rows as dead letters, each with the member whose private chat it was for. */
async function withMembers(prisma: PrismaClient, rows: FailedRow[]): Promise<DeadLetter[]> {
  const identities = rows.length
    ? await prisma.chatIdentity.findMany({
        where: {
          OR: rows.map((row) => ({ platform: row.platform, privateChatId: row.recipient })),
        },
        select: {
          platform: true,
          privateChatId: true,
          member: { select: { id: true, key: true, name: true } },
        },
      })
    : [];
  const members = new Map(
    identities.map((identity) => [
      `${identity.platform}:${identity.privateChatId}`,
      identity.member,
    ]),
  );
  return rows.map((row) => ({
    id: row.id,
    platform: row.platform,
    recipient: row.recipient,
    idempotencyKey: row.idempotencyKey,
    campaignId: row.campaignId,
    lastError: row.lastError,
    attempts: row.attempts,
    createdAt: row.createdAt,
    failedAt: row.nextAttemptAt,
    member: members.get(`${row.platform}:${row.recipient}`) ?? null,
  }));
}
