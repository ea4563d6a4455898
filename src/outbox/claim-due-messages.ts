import { randomUUID } from "node:crypto";
import type { Reply } from "../core/reply.js";
import { Prisma, type PrismaClient } from "../generated/prisma/client.js";
import type { OutboxPlatform } from "./chat-gateway.js";
import { botNowSql, DB_NOW, intervalSql } from "./outbox-sql.js";

/** An outbox row claimed for sending. */
export interface ClaimedMessage {
  id: string;
  recipient: string;
  payload: Reply;
  /** Including this claim. */
  attempts: number;
  /** Parts already delivered by an earlier attempt: sending resumes after them. */
  partsSent: number;
  platformMessageIds: string[];
  expiresAt: Date | null;
  idempotencyKey: string;
  createdAt: Date;
  /** Another unsent row of the same chat waits behind this one (a chat's next row is only
   * claimed once this one is sent): the sender claims again when this one is done. */
  queuedBehind: boolean;
}

/** One claim: its rows, the token that fences every later write to them, and its lease. */
export interface Claim {
  token: string;
  messages: ClaimedMessage[];
  /** On the database's clock: when the rows were claimed, and when the lease ends unless it
   * is renewed. Null when nothing was claimed. */
  lease: { claimedAt: Date; until: Date } | null;
}

interface ClaimedRow extends Omit<ClaimedMessage, "platformMessageIds"> {
  platformMessageIds: unknown;
  claimedAt: Date;
  leaseUntil: Date;
}

/**
 * Claims the head of each chat's queue on one platform: for every recipient, its oldest
 * unsent row, taken only when its time has come (pending and due, or left `sending` by a
 * sender whose lease ran out). A chat whose head is held (a future `nextAttemptAt`, a retry
 * waiting, a row being sent) gets nothing, so no two senders ever send one chat's messages
 * side by side, and no later row overtakes an earlier one. Recipients marked unreachable are
 * skipped until that is cleared. Rows whose `expiresAt` has passed are marked `expired` (or
 * `failed` when earlier attempts failed: a dead letter) by the same statement and never sent:
 * the claim skips them, and they hold no chat's queue.
 *
 * Each claim sets a fresh `claimToken` and a lease of `leaseMs` on the database's clock;
 * `FOR UPDATE SKIP LOCKED` keeps two claimers off the same row. Returned oldest first.
 *
 * @param options.now the bot's clock for due and expiry times; the database's by default
 */
export async function claimDueMessages(
  prisma: PrismaClient,
  options: { platform: OutboxPlatform; leaseMs: number; limit: number; now?: Date },
): Promise<Claim> {
  const platform = Prisma.sql`${options.platform}::"Platform"`;
  const bot = botNowSql(options.now);
  const token = randomUUID();
  const reachable = Prisma.sql`NOT EXISTS (
      SELECT 1 FROM "ChatIdentity" ci
       WHERE ci."platform" = ${platform} AND ci."privateChatId" = x."recipient"
         AND ci."unreachableAt" IS NOT NULL)`;
  // Rows this statement expires (an unsent row past its `expiresAt`, pending or left by a
  // sender whose lease ran out before it sent a part). The expiry runs in the same statement
  // as the claim, which sees the rows as they were before it: so the claim leaves these rows
  // out, and does not count them as waiting ahead of a later row of their chat.
  const expiring = (alias: string) => {
    const r = Prisma.raw(`${alias}.`);
    return Prisma.sql`COALESCE(${r}"expiresAt" <= ${bot} AND (${r}"state" = 'pending'
      OR (${r}"state" = 'sending' AND ${r}"lockedUntil" < ${DB_NOW} AND ${r}"partsSent" = 0)), false)`;
  };
  // A head: no other row of its chat is being sent or waits ahead of it. Due rows are walked
  // in the order their time came (the (state, nextAttemptAt) index), so a claim stops after
  // `limit` heads instead of ordering every row queued. The check is a scalar subquery, one
  // index probe per row: as NOT EXISTS, a planner without statistics (PGlite runs no
  // autovacuum) made it an anti-join that compared every row with every other.
  const rows = await prisma.$queryRaw<ClaimedRow[]>`
    WITH expired AS (
      UPDATE "OutboxMessage" d
         SET "state" = (CASE WHEN d."lastError" IS NULL THEN 'expired' ELSE 'failed' END)::"OutboxState",
             "lockedUntil" = NULL, "nextAttemptAt" = ${bot}
       WHERE d."platform" = ${platform} AND ${expiring("d")}
      RETURNING d."id"
    ), due AS (
      (SELECT x."id" FROM "OutboxMessage" x
        WHERE x."state" = 'pending' AND x."nextAttemptAt" <= ${bot} AND x."platform" = ${platform}
          AND (x."expiresAt" IS NULL OR x."expiresAt" > ${bot})
          AND (SELECT 1 FROM "OutboxMessage" e
                WHERE e."platform" = ${platform} AND e."recipient" = x."recipient"
                  AND e."state" IN ('pending', 'sending') AND e."id" <> x."id"
                  AND NOT ${expiring("e")}
                  AND (e."state" = 'sending'
                    OR (e."createdAt", e."idempotencyKey") < (x."createdAt", x."idempotencyKey"))
                LIMIT 1) IS NULL
          AND ${reachable}
        ORDER BY x."nextAttemptAt"
        LIMIT ${options.limit})
      UNION ALL
      (SELECT x."id" FROM "OutboxMessage" x
        WHERE x."state" = 'sending' AND x."lockedUntil" < ${DB_NOW} AND x."platform" = ${platform}
          AND NOT ${expiring("x")}
          AND (SELECT 1 FROM "OutboxMessage" e
                WHERE e."platform" = ${platform} AND e."recipient" = x."recipient"
                  AND e."state" = 'sending' AND e."id" <> x."id"
                  AND NOT ${expiring("e")}
                  AND (e."createdAt", e."idempotencyKey") < (x."createdAt", x."idempotencyKey")
                LIMIT 1) IS NULL
          AND ${reachable}
        LIMIT ${options.limit})
    ), locked AS (
      SELECT x."id" FROM "OutboxMessage" x
       WHERE x."id" IN (SELECT "id" FROM due) AND NOT ${expiring("x")}
         AND ((x."state" = 'pending' AND x."nextAttemptAt" <= ${bot})
           OR (x."state" = 'sending' AND x."lockedUntil" < ${DB_NOW}))
       LIMIT ${options.limit}
       FOR UPDATE SKIP LOCKED
    )
    UPDATE "OutboxMessage" m
       SET "state" = 'sending', "claimToken" = ${token}, "attempts" = m."attempts" + 1,
           "lockedUntil" = ${DB_NOW} + ${intervalSql(options.leaseMs)},
           "firstAttemptAt" = COALESCE(m."firstAttemptAt", ${bot})
     WHERE m."id" IN (SELECT "id" FROM locked)
    RETURNING m."id", m."recipient", m."payload", m."attempts", m."partsSent",
              m."platformMessageIds", m."expiresAt", m."idempotencyKey", m."createdAt",
              ${DB_NOW} AS "claimedAt", m."lockedUntil" AS "leaseUntil",
              EXISTS (SELECT 1 FROM "OutboxMessage" f
                       WHERE f."platform" = ${platform} AND f."recipient" = m."recipient"
                         AND f."state" IN ('pending', 'sending') AND f."id" <> m."id") AS "queuedBehind"`;
  const messages = rows
    .map(({ claimedAt: _claimedAt, leaseUntil: _leaseUntil, ...row }) => ({
      ...row,
      platformMessageIds: toStringArray(row.platformMessageIds),
    }))
    .sort(
      (a, b) =>
        a.createdAt.getTime() - b.createdAt.getTime() ||
        a.idempotencyKey.localeCompare(b.idempotencyKey),
    );
  const [first] = rows;
  const lease = first ? { claimedAt: first.claimedAt, until: first.leaseUntil } : null;
  return { token, messages, lease };
}

function toStringArray(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}
