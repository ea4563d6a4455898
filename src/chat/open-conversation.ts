import type { Prisma } from "../generated/prisma/client.js";

type Tx = Prisma.TransactionClient;

/** The kind of the conversation rows the weekly report keeps. */
export const REPORT_CONVERSATION_KIND = "weekly_report";

/** The chat account's open weekly-report conversation (the latest one), or null. */
export function openConversation(tx: Tx, identityId: string) {
  return tx.conversation.findFirst({
    where: { identityId, closedAt: null, kind: REPORT_CONVERSATION_KIND },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * Closes a conversation, noting why (`restarted`, `expired`, `paused`, `form`…). Its answers
 * stay where they are kept: in the reports, as drafts and pending corrections.
 */
export async function closeConversation(
  tx: Tx,
  options: { id: string; reason: string; now: Date },
): Promise<void> {
  await tx.conversation.update({
    where: { id: options.id },
    data: { closedAt: options.now, closeReason: options.reason },
  });
}

/**
 * Closes the chat account's open weekly-report conversations (a new one starts) and gives
 * the highest nonce (`version`) any of its conversations used, 0 for none: one statement.
 */
export async function closeOpenConversations(
  tx: Tx,
  options: { identityId: string; reason: string; now: Date },
): Promise<{ lastNonce: number }> {
  const { identityId, now } = options;
  const [row] = await tx.$queryRaw<{ lastNonce: number | null }[]>`
    WITH closed AS (
      UPDATE "Conversation"
         SET "closedAt" = ${now}::timestamp(3), "closeReason" = ${options.reason},
             "updatedAt" = ${new Date()}::timestamp(3)
       WHERE "identityId" = ${identityId}::uuid AND "closedAt" IS NULL
         AND "kind" = ${REPORT_CONVERSATION_KIND}
      RETURNING "id") -- written whether or not the SELECT reads it
    SELECT (SELECT max("version") FROM "Conversation"
             WHERE "identityId" = ${identityId}::uuid)::int AS "lastNonce"`;
  return { lastNonce: row?.lastNonce ?? 0 };
}
