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
