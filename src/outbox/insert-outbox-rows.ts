import type { Reply } from "../core/reply.js";
import { Prisma } from "../generated/prisma/client.js";
import { DB_NOW, intervalSql } from "./outbox-sql.js";
import { REPLY_KEY_SEPARATOR } from "./reply-keys.js";

/** What `enqueueReplies` is told: the replies to one chat, their cause and their times. */
export interface RepliesToQueue {
  platform: "telegram" | "slack" | "web";
  recipient: string;
  replies: Reply[];
  /** Unique per cause, e.g. `in:telegram:<update id>` or `job:<run id>:<member>`. */
  idempotencyKey: string;
  campaignId?: string | null;
  /** Not sent before this instant (replies held while more parts of a message may come). */
  notBefore?: Date;
  /** The caller's clock: rows are due from then (a simulated clock's rows on its time). */
  now?: Date;
  /** Not sent after this instant: the message can no longer matter (it becomes `expired`;
   * one whose attempts failed until then becomes a dead letter). */
  expiresAt?: Date;
}

/** The outbox rows `enqueueReplies` inserts for `options`, for a statement that inserts them
 * along with other writes (see `writeConversationStep`). */
export function outboxRowsOf(options: RepliesToQueue) {
  return options.replies.map((reply, index) => ({
    idempotencyKey: `${options.idempotencyKey}${REPLY_KEY_SEPARATOR}${String(index).padStart(3, "0")}`,
    platform: options.platform,
    recipient: options.recipient,
    campaignId: options.campaignId ?? null,
    payload: reply as unknown as Prisma.InputJsonValue,
    ...(options.notBefore || options.now
      ? { nextAttemptAt: options.notBefore ?? options.now }
      : {}),
    ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
  }));
}

/**
 * A claim taken with the insert of a chat's replies (see `ClaimHandoff`): the rows are written
 * already `sending` under `token`, as a claim would leave them, and handed to the sender once
 * their transaction commits, so no claim statement has to find them.
 */
export interface InsertClaim {
  token: string;
  leaseMs: number;
  /** The sender's clock, when it is not the database's (see `botNowSql`). */
  botNow?: Date | undefined;
}

/** A lease starts now, not when the transaction began: its sender counts it from the claim. */
const LEASE_FROM = Prisma.sql`(clock_timestamp() AT TIME ZONE 'UTC')`;

/** A row inserted under an `InsertClaim`: what the sender needs to send it. */
export interface HandedRow {
  id: string;
  idempotencyKey: string;
  recipient: string;
  payload: Reply;
  createdAt: Date;
  expiresAt: Date | null;
}

/** What `insertOutboxRowsSql` returns per row inserted. */
export interface InsertedOutboxRow {
  id: string;
  idempotencyKey: string;
  claimed: boolean;
}

/**
 * Whether the rows of `queue` may be taken under a claim at all: only rows due at once and
 * not yet expired, on the sender's clock. (The statement checks the rest: the chat has no
 * other unsent row, and is not marked unreachable.)
 */
export function claimableQueue(queue: RepliesToQueue, claim: InsertClaim): boolean {
  const senderNow = (claim.botNow ?? new Date()).getTime();
  const dueAt = (queue.notBefore ?? queue.now)?.getTime();
  if (dueAt !== undefined && dueAt > senderNow) return false;
  return !queue.expiresAt || queue.expiresAt.getTime() > senderNow;
}

/**
 * The INSERT of a chat's replies into the outbox, keyed so that the same replies queued again
 * add nothing, optionally only `when` a condition of an enclosing statement holds. Given a
 * `claim`, the rows are written `sending` under it (their first attempt, leased on the
 * database's clock) when nothing else of their chat is unsent and the chat is not marked
 * unreachable: the sender then sends them in order without claiming them, and a chat's rows
 * still never go out side by side or overtake an earlier one. Otherwise they are `pending`,
 * for the sender's claims. Returns each row inserted (`InsertedOutboxRow`).
 */
export function insertOutboxRowsSql(
  queue: RepliesToQueue,
  options: { createdAt?: Date; when?: Prisma.Sql; claim?: InsertClaim | undefined },
): Prisma.Sql {
  const rows = outboxRowsOf(queue);
  // The database's clock unless the caller gives its own (a step stamps its writes alike).
  const createdAt = options.createdAt ? Prisma.sql`${options.createdAt}::timestamp(3)` : DB_NOW;
  const claim = options.claim && claimableQueue(queue, options.claim) ? options.claim : undefined;
  const platform = Prisma.sql`${queue.platform}::"Platform"`;
  const claimed = claim
    ? Prisma.sql`NOT EXISTS (
          SELECT 1 FROM "OutboxMessage" e
           WHERE e."platform" = ${platform} AND e."recipient" = ${queue.recipient}
             AND e."state" IN ('pending', 'sending'))
        AND NOT EXISTS (
          SELECT 1 FROM "ChatIdentity" ci
           WHERE ci."platform" = ${platform} AND ci."privateChatId" = ${queue.recipient}
             AND ci."unreachableAt" IS NOT NULL)`
    : Prisma.sql`false`;
  const firstAttemptAt = claim?.botNow ? Prisma.sql`${claim.botNow}::timestamp(3)` : DB_NOW;
  return Prisma.sql`
    INSERT INTO "OutboxMessage" ("id", "idempotencyKey", "campaignId", "platform", "recipient",
                                 "payload", "state", "attempts", "nextAttemptAt", "partsSent",
                                 "createdAt", "expiresAt", "claimToken", "lockedUntil",
                                 "firstAttemptAt")
    SELECT gen_random_uuid(), r."idempotencyKey", r."campaignId", ${platform},
           r."recipient", r."payload",
           (CASE WHEN c."claimed" THEN 'sending' ELSE 'pending' END)::"OutboxState",
           CASE WHEN c."claimed" THEN 1 ELSE 0 END,
           COALESCE(r."nextAttemptAt", ${createdAt}), 0, ${createdAt}, r."expiresAt",
           CASE WHEN c."claimed" THEN ${claim?.token ?? null}::text END,
           CASE WHEN c."claimed" THEN ${LEASE_FROM} + ${intervalSql(claim?.leaseMs ?? 0)} END,
           CASE WHEN c."claimed" THEN ${firstAttemptAt} END
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
             "idempotencyKey" text, "campaignId" uuid, "recipient" text,
             "payload" jsonb, "nextAttemptAt" timestamp(3), "expiresAt" timestamp(3)),
           (SELECT ${claimed} AS "claimed") AS c
     WHERE ${options.when ?? Prisma.sql`true`}
    ON CONFLICT DO NOTHING
    RETURNING "id"::text AS "id", "idempotencyKey", ("state" = 'sending') AS "claimed"`;
}

/** The rows of `queue` that `insertOutboxRowsSql` inserted under its claim, in sending order. */
export function handedRowsOf(
  queue: RepliesToQueue,
  inserted: InsertedOutboxRow[],
  createdAt: Date,
): HandedRow[] {
  const replyByKey = new Map(
    outboxRowsOf(queue).map((row, index) => [row.idempotencyKey, queue.replies[index]]),
  );
  return inserted
    .filter((row) => row.claimed)
    .flatMap((row) => {
      const payload = replyByKey.get(row.idempotencyKey);
      return payload
        ? [
            {
              id: row.id,
              idempotencyKey: row.idempotencyKey,
              recipient: queue.recipient,
              payload,
              createdAt,
              expiresAt: queue.expiresAt ?? null,
            },
          ]
        : [];
    })
    .sort((a, b) => a.idempotencyKey.localeCompare(b.idempotencyKey));
}
