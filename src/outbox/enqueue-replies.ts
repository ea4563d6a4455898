import type { Prisma } from "../generated/prisma/client.js";
import {
  type HandedRow,
  handedRowsOf,
  type InsertClaim,
  type InsertedOutboxRow,
  insertOutboxRowsSql,
  type RepliesToQueue,
} from "./insert-outbox-rows.js";

export type { RepliesToQueue } from "./insert-outbox-rows.js";
export { replyKeyOf, replyKeyPrefix } from "./reply-keys.js";

let queuedInProcess = 0;
/** Per chat (`platform:recipient`), `queuedInProcess` after its latest rows; the oldest
 * entries are dropped past `CHATS_REMEMBERED`, and a chat not found counts as queued at the
 * latest drop (`forgottenUpTo`), so forgetting can only make a sender think rows may wait. */
const lastQueuedFor = new Map<string, number>();
const CHATS_REMEMBERED = 4096;
let forgottenUpTo = 0;

/**
 * How many outbox rows this process has queued so far. A sender that found fewer rows than
 * it asked for claims again when this moved (or when nudged, or on its periodic sweep), not
 * after every send. Counted when the insert runs, before its transaction commits: whoever
 * queues also nudges after the commit, so a row committed just after a claim is not missed.
 */
export function outboxRowsQueued(): number {
  return queuedInProcess;
}

/**
 * `outboxRowsQueued()` as it was after this process last queued rows for the chat (or later,
 * see `lastQueuedFor`). A sender compares it with the count at its claim: rows queued since
 * then may wait behind the row it holds, and their chat's head moves on only once that row
 * is marked sent.
 */
export function outboxRowsQueuedFor(platform: string, recipient: string): number {
  return lastQueuedFor.get(`${platform}:${recipient}`) ?? forgottenUpTo;
}

/** Notes rows queued by a statement of this module's callers (see `outboxRowsQueued`). */
export function noteOutboxRowsQueued(
  count: number,
  chat?: { platform: string; recipient: string },
): void {
  if (count <= 0) return;
  queuedInProcess += count;
  if (!chat) {
    forgottenUpTo = queuedInProcess;
    return;
  }
  const key = `${chat.platform}:${chat.recipient}`;
  lastQueuedFor.delete(key); // re-inserted last: the map stays in order of last queueing
  lastQueuedFor.set(key, queuedInProcess);
  if (lastQueuedFor.size > CHATS_REMEMBERED) {
    const [oldest] = lastQueuedFor;
    if (oldest) {
      lastQueuedFor.delete(oldest[0]);
      forgottenUpTo = Math.max(forgottenUpTo, oldest[1]);
    }
  }
}

/**
 * Queues replies for one chat in the caller's transaction, so they are sent if and only if
 * the change that caused them commits. Keys make it idempotent: queuing the same replies
 * again (a redelivered update, a job run twice) adds nothing. Returns how many were added.
 */
export async function enqueueReplies(
  tx: Prisma.TransactionClient,
  options: RepliesToQueue,
): Promise<number> {
  return (await enqueueRepliesClaimed(tx, options)).queued;
}

/**
 * `enqueueReplies`, the rows taken under `claim` when their chat allows it (see
 * `insertOutboxRowsSql`): `handed` are those the sender gets after the commit.
 */
export async function enqueueRepliesClaimed(
  tx: Prisma.TransactionClient,
  options: RepliesToQueue,
  claim?: InsertClaim,
): Promise<{ queued: number; handed: HandedRow[] }> {
  if (options.replies.length === 0) return { queued: 0, handed: [] };
  const inserted = await tx.$queryRaw<InsertedOutboxRow[]>(insertOutboxRowsSql(options, { claim }));
  return { queued: inserted.length, handed: takeInserted(options, inserted, new Date()) };
}

/**
 * After `insertOutboxRowsSql` ran for `queue`: notes the rows left for the claims (see
 * `outboxRowsQueued`) and returns those written under its claim, for the sender.
 */
export function takeInserted(
  queue: RepliesToQueue,
  inserted: InsertedOutboxRow[],
  createdAt: Date,
): HandedRow[] {
  const handed = handedRowsOf(queue, inserted, createdAt);
  noteOutboxRowsQueued(inserted.length - handed.length, queue);
  return handed;
}
