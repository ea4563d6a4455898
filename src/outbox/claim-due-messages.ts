import type { Reply } from "../core/reply.js";
import type { PrismaClient } from "../generated/prisma/client.js";

/** An outbox row claimed for sending. */
export interface ClaimedMessage {
  id: string;
  recipient: string;
  payload: Reply;
  attempts: number;
  idempotencyKey: string;
  createdAt: Date;
}

/**
 * Claims due messages of one platform: pending ones whose time has come, and ones a
 * crashed sender left `sending` past their lock. `FOR UPDATE SKIP LOCKED` lets several
 * instances claim side by side without taking the same row. Returned oldest first.
 */
export async function claimDueMessages(
  prisma: PrismaClient,
  options: { platform: "telegram" | "slack" | "web"; now: Date; lockMs: number; limit: number },
): Promise<ClaimedMessage[]> {
  const lockUntil = new Date(options.now.getTime() + options.lockMs);
  const rows = await prisma.$queryRaw<ClaimedMessage[]>`
    UPDATE "OutboxMessage"
       SET "state" = 'sending', "lockedUntil" = ${lockUntil}, "attempts" = "attempts" + 1
     WHERE "id" IN (
       SELECT "id" FROM "OutboxMessage"
        WHERE "platform" = ${options.platform}::"Platform"
          AND (("state" = 'pending' AND "nextAttemptAt" <= ${options.now})
            OR ("state" = 'sending' AND "lockedUntil" < ${options.now}))
        ORDER BY "createdAt", "idempotencyKey"
        LIMIT ${options.limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING "id", "recipient", "payload", "attempts", "idempotencyKey", "createdAt"`;
  return rows.sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() ||
      a.idempotencyKey.localeCompare(b.idempotencyKey),
  );
}
