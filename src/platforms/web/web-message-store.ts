import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import {
  type WebDirection,
  type WebMessageBody,
  type WebMessageView,
  ZWebMessageBody,
} from "./web-message-body.js";

type Tx = Prisma.TransactionClient;

/**
 * Serialises the writes to one web chat until the transaction ends. A row's `seq` is taken
 * inside the lock and committed before the next writer takes its own, so the `seq` values of
 * one chat become visible in order: a reader that saw `seq` 12 has seen every row up to it.
 */
export async function lockWebChat(tx: Tx, identityId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`duban.web:${identityId}`}, 0))`;
}

/** Runs `write` in a transaction holding the chat's lock. */
export function writeWebChat<T>(
  prisma: PrismaClient,
  identityId: string,
  write: (tx: Tx) => Promise<T>,
): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await lockWebChat(tx, identityId);
    return write(tx);
  });
}

/**
 * Adds a message to a chat in the caller's locked transaction. With `clientKey`, a message
 * already stored under that key is not added again: resolves with `created: false`.
 */
export async function appendWebMessage(
  tx: Tx,
  options: {
    identityId: string;
    direction: WebDirection;
    body: WebMessageBody;
    clientKey?: string;
    now: Date;
  },
): Promise<{ id: string; created: boolean }> {
  if (options.clientKey !== undefined) {
    const existing = await tx.webMessage.findUnique({
      where: {
        identityId_clientKey: { identityId: options.identityId, clientKey: options.clientKey },
      },
      select: { id: true },
    });
    if (existing) return { id: String(existing.id), created: false };
  }
  const row = await tx.webMessage.create({
    data: {
      identityId: options.identityId,
      direction: options.direction,
      body: options.body as Prisma.InputJsonValue,
      clientKey: options.clientKey ?? null,
      createdAt: options.now,
    },
    select: { id: true },
  });
  return { id: String(row.id), created: true };
}

/**
 * Replaces a message's body in the caller's locked transaction, counts a revision and moves
 * it past every reader's cursor (a new `seq`). Resolves false when the chat has no such message.
 */
export async function replaceWebMessage(
  tx: Tx,
  options: { identityId: string; messageId: string; body: WebMessageBody; now: Date },
): Promise<boolean> {
  if (!/^\d{1,19}$/.test(options.messageId)) return false;
  const changed = await tx.$executeRaw`
    UPDATE "WebMessage"
       SET "body" = ${JSON.stringify(options.body)}::jsonb,
           "revision" = "revision" + 1,
           "editedAt" = ${options.now},
           "seq" = nextval(pg_get_serial_sequence('"WebMessage"', 'seq'))
     WHERE "id" = ${BigInt(options.messageId)} AND "identityId" = ${options.identityId}::uuid`;
  return changed > 0;
}

/** One bot message of a chat, as stored, or undefined. */
export async function findWebMessage(
  tx: Tx | PrismaClient,
  options: { identityId: string; messageId: string },
): Promise<{ direction: string; body: WebMessageBody } | undefined> {
  if (!/^\d{1,19}$/.test(options.messageId)) return undefined;
  const row = await tx.webMessage.findFirst({
    where: { id: BigInt(options.messageId), identityId: options.identityId },
    select: { direction: true, body: true },
  });
  if (!row) return undefined;
  const body = ZWebMessageBody.safeParse(row.body);
  return body.success ? { direction: row.direction, body: body.data } : undefined;
}

/**
 * The messages of a chat written or edited after `after` (a `seq`), oldest first, and the
 * `seq` of the last row read (the next cursor; undefined when nothing was read).
 */
export async function readWebMessages(
  prisma: PrismaClient,
  options: { identityId: string; after: bigint; limit: number },
): Promise<{ messages: WebMessageView[]; last?: string }> {
  const rows = await prisma.webMessage.findMany({
    where: { identityId: options.identityId, seq: { gt: options.after } },
    orderBy: { seq: "asc" },
    take: options.limit,
  });
  const views: WebMessageView[] = [];
  for (const row of rows) {
    const body = ZWebMessageBody.safeParse(row.body);
    if (!body.success) continue; // written by a newer version: skip rather than fail the page
    views.push({
      id: String(row.id),
      seq: String(row.seq),
      direction: row.direction === "person" ? "person" : "bot",
      revision: row.revision,
      createdAt: row.createdAt.toISOString(),
      editedAt: row.editedAt?.toISOString() ?? null,
      body: body.data,
    });
  }
  const last = rows.at(-1);
  return last ? { messages: views, last: String(last.seq) } : { messages: views };
}
