import type { Reply } from "../core/reply.js";
import type { Prisma } from "../generated/prisma/client.js";

/** The idempotency key of the replies to an incoming update (each reply adds `#000`, …). */
const REPLY_KEY_SEPARATOR = "#";

/** The prefix shared by the keys of all replies queued under `idempotencyKey`. */
export function replyKeyPrefix(idempotencyKey: string): string {
  return `${idempotencyKey}${REPLY_KEY_SEPARATOR}`;
}

/** The idempotency key of the replies to an incoming update. */
export function replyKeyOf(incoming: { platform: string; updateKey: string }): string {
  return `in:${incoming.platform}:${incoming.updateKey}`;
}

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
 * Queues replies for one chat in the caller's transaction, so they are sent if and only if
 * the change that caused them commits. Keys make it idempotent: queuing the same replies
 * again (a redelivered update, a job run twice) adds nothing.
 */
export async function enqueueReplies(
  tx: Prisma.TransactionClient,
  options: RepliesToQueue,
): Promise<number> {
  if (options.replies.length === 0) return 0;
  const created = await tx.outboxMessage.createMany({
    data: outboxRowsOf(options),
    skipDuplicates: true,
  });
  noteOutboxRowsQueued(created.count, options);
  return created.count;
}
