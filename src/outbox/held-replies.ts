import type { Prisma } from "../generated/prisma/client.js";

type Tx = Prisma.TransactionClient;

/**
 * The replies queued for one incoming update (their idempotency keys start with `keyPrefix`)
 * that are still waiting: not tried yet, so nothing of them has reached the person.
 */
function stillHeld(keyPrefix: string): Prisma.OutboxMessageWhereInput {
  return { idempotencyKey: { startsWith: keyPrefix }, state: "pending", attempts: 0 };
}

/** Drops held replies: the message that continued them says everything they said. */
export async function dropHeldReplies(tx: Tx, keyPrefix: string): Promise<number> {
  return (await tx.outboxMessage.deleteMany({ where: stillHeld(keyPrefix) })).count;
}

/** Sends held replies now, so that newer replies never overtake them. */
export async function releaseHeldReplies(tx: Tx, keyPrefix: string, now: Date): Promise<number> {
  const released = await tx.outboxMessage.updateMany({
    where: stillHeld(keyPrefix),
    data: { nextAttemptAt: now },
  });
  return released.count;
}
