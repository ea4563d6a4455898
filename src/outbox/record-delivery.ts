import { Prisma, type PrismaClient } from "../generated/prisma/client.js";
import type { DeliveryError, OutboxPlatform } from "./chat-gateway.js";
import { botNowSql, DB_NOW, intervalSql } from "./outbox-sql.js";

/** What became of a claimed row, as the dispatcher records it. */
export type DeliveryRecord =
  /** A part went out and more are to come: the progress a crash resumes from. */
  | { kind: "progress"; partsSent: number; messageIds: string[] }
  | { kind: "sent"; partsSent: number; messageIds: string[] }
  /** Given back untried (the sender stops or lost its lead): due again at once. */
  | { kind: "released"; partsSent: number; messageIds: string[] }
  /** Its `expiresAt` passed before it was sent. */
  | { kind: "expired" }
  | {
      kind: "failed";
      error: DeliveryError;
      /** When a retryable failure is tried again (ignored for the other kinds). */
      retryInMs: number;
      /** Retries stop this long after the first attempt. */
      horizonMs: number;
      partsSent: number;
      messageIds: string[];
    };

/** The row's state after the write. */
export type RecordedState = "pending" | "sending" | "sent" | "failed" | "expired";

const ERROR_LIMIT = 1000;

/**
 * Writes what became of a claimed row, fenced by its claim: the write applies only while
 * the row is still `sending` under `token`. A sender whose lease ran out and whose row was
 * claimed again changes nothing, and is told so by a `null` result.
 *
 * A retryable failure is rescheduled, unless its next attempt would fall past its horizon
 * (counted from `firstAttemptAt`) or its `expiresAt`: then, like a permanent failure, it is a
 * dead letter (`failed`, with `lastError`). An unreachable recipient fails the row, marks the
 * chat identity unreachable, and fails that chat's other pending rows without more tries.
 */
export async function recordDelivery(
  prisma: PrismaClient,
  options: {
    platform: OutboxPlatform;
    message: { id: string; recipient: string };
    token: string;
    /** The bot's clock (see `claimDueMessages`). */
    now?: Date;
    record: DeliveryRecord;
  },
): Promise<RecordedState | null> {
  const { record, message } = options;
  const bot = botNowSql(options.now);
  const fenced = Prisma.sql`"id" = ${message.id}::uuid AND "claimToken" = ${options.token}
    AND "state" = 'sending'`;
  const update = async (db: Prisma.TransactionClient | PrismaClient, set: Prisma.Sql) => {
    const rows = await db.$queryRaw<{ state: RecordedState }[]>`
      UPDATE "OutboxMessage" SET ${set} WHERE ${fenced} RETURNING "state"::text AS "state"`;
    return rows[0]?.state ?? null;
  };
  const progress = (partsSent: number, messageIds: string[]) =>
    Prisma.sql`"partsSent" = ${partsSent}, "platformMessageIds" = ${JSON.stringify(messageIds)}::jsonb`;

  switch (record.kind) {
    case "progress":
      return update(prisma, progress(record.partsSent, record.messageIds));
    case "sent":
      return update(
        prisma,
        Prisma.sql`"state" = 'sent', "sentAt" = ${bot}, "lockedUntil" = NULL, "lastError" = NULL,
          ${progress(record.partsSent, record.messageIds)}`,
      );
    case "released":
      return update(
        prisma,
        Prisma.sql`"state" = 'pending', "lockedUntil" = NULL,
          "attempts" = GREATEST("attempts" - 1, 0), ${progress(record.partsSent, record.messageIds)}`,
      );
    case "expired":
      return update(
        prisma,
        Prisma.sql`"state" = 'expired', "lockedUntil" = NULL, "nextAttemptAt" = ${bot}`,
      );
    case "failed":
      break;
  }

  const lastError = record.error.message.slice(0, ERROR_LIMIT);
  const kept = progress(record.partsSent, record.messageIds);
  if (record.error.kind === "retryable") {
    const next = Prisma.sql`${bot} + ${intervalSql(record.retryInMs)}`;
    const inTime = Prisma.sql`${next} <= LEAST(
        COALESCE("firstAttemptAt", ${bot}) + ${intervalSql(record.horizonMs)},
        COALESCE("expiresAt", 'infinity'::timestamp))`;
    // A dead letter's nextAttemptAt is when it was given up (the schema has no column of its own).
    return update(
      prisma,
      Prisma.sql`"state" = (CASE WHEN ${inTime} THEN 'pending' ELSE 'failed' END)::"OutboxState",
        "nextAttemptAt" = CASE WHEN ${inTime} THEN ${next} ELSE ${bot} END,
        "lockedUntil" = NULL, "lastError" = ${lastError}, ${kept}`,
    );
  }
  const failed = Prisma.sql`"state" = 'failed', "nextAttemptAt" = ${bot}, "lockedUntil" = NULL,
    "lastError" = ${lastError}, ${kept}`;
  if (record.error.kind === "permanent") return update(prisma, failed);

  return prisma.$transaction(async (tx) => {
    const state = await update(tx, failed);
    if (state === null) return null;
    const platform = Prisma.sql`${options.platform}::"Platform"`;
    await tx.$executeRaw`
      UPDATE "ChatIdentity" SET "unreachableAt" = ${bot}, "unreachableReason" = ${lastError}
       WHERE "platform" = ${platform} AND "privateChatId" = ${message.recipient}
         AND "unreachableAt" IS NULL`;
    await tx.$executeRaw`
      UPDATE "OutboxMessage"
         SET "state" = 'failed', "nextAttemptAt" = ${bot}, "lockedUntil" = NULL,
             "lastError" = ${`unreachable: ${lastError}`.slice(0, ERROR_LIMIT)}
       WHERE "platform" = ${platform} AND "recipient" = ${message.recipient}
         AND ("state" = 'pending' OR ("state" = 'sending' AND "lockedUntil" < ${DB_NOW}))`;
    return state;
  });
}
