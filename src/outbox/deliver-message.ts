import type { Reply } from "../core/reply.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import { type ChatGateway, DeliveryError } from "./chat-gateway.js";
import type { ClaimedMessage } from "./claim-due-messages.js";
import { type DeliveryLimiter, LimiterStopped } from "./delivery-limiter.js";
import { type DeliveryRecord, type RecordedState, recordDelivery } from "./record-delivery.js";
import { type RetryPolicy, retryDelayMs } from "./retry-policy.js";
import type { SentRecorder } from "./sent-recorder.js";

/** The claim a message was taken under, as its sender sees it. */
export interface ClaimLease {
  readonly token: string;
  /** Whether enough of the lease is left to start sending a part. */
  canSend(): boolean;
  /** The database's clock now, as far as this process can tell. */
  databaseNow(): Date;
}

/** Fenced writes are tried again a little when the database hiccups: a lost "sent" repeats. */
const WRITE_RETRIES_MS = [200, 1000, 3000];

/**
 * Sends one claimed message: its parts from the first not yet sent, each when the limiter
 * allows, the progress written after every part (fenced by the claim), then the outcome.
 * A part is only started while `signal` is not aborted and the lease has room; otherwise the
 * row is released untried. A message whose `expiresAt` passed before its first part is
 * marked expired instead. Resolves with the row's new state, or null when the claim had
 * gone stale (another sender has the row now: this one stops).
 */
export async function deliverMessage(options: {
  prisma: PrismaClient;
  gateway: ChatGateway;
  limiter: DeliveryLimiter;
  logger: Logger;
  message: ClaimedMessage;
  lease: ClaimLease;
  retry: RetryPolicy;
  signal: AbortSignal;
  /** Writes "sent" together with other messages' (see `createSentRecorder`). */
  sentRecorder?: SentRecorder;
  /** Whether a later row of the chat may wait for this one to be marked sent: the recorder
   * then writes it at once instead of with the next batch. */
  awaited?: () => boolean;
  /** The bot's clock, when it is not the database's. */
  now?: () => Date;
}): Promise<RecordedState | null> {
  const { gateway, message, lease, now } = options;
  const record = (outcome: DeliveryRecord) =>
    writeWithRetries(() =>
      recordDelivery(options.prisma, {
        platform: gateway.platform,
        message,
        token: lease.token,
        ...(now ? { now: now() } : {}),
        record: outcome,
      }),
    );
  const ids = [...message.platformMessageIds];
  let sent = message.partsSent;
  const fail = async (error: DeliveryError) => {
    const retryInMs = retryDelayMs(message.attempts, {
      retryAfterMs: error.retryAfterMs,
      policy: options.retry,
    });
    const state = await record({
      kind: "failed",
      error,
      retryInMs,
      horizonMs: options.retry.horizonMs,
      partsSent: sent,
      messageIds: ids,
    });
    options.logger.warn(
      {
        outboxId: message.id,
        platform: gateway.platform,
        attempts: message.attempts,
        kind: error.kind,
        state,
        ...(state === "pending" ? { retryInMs } : {}),
        error: error.message,
      },
      "delivery failed",
    );
    return state;
  };

  let parts: PartToSend[];
  try {
    parts = await partsToSend(options.prisma, gateway, message.payload);
  } catch (error: unknown) {
    const failure =
      error instanceof DeliveryError
        ? error
        : new DeliveryError(`cannot render: ${String(error)}`, { kind: "permanent", cause: error });
    return fail(failure);
  }
  const botNow = now ? now() : lease.databaseNow();
  if (sent === 0 && message.expiresAt && message.expiresAt <= botNow) {
    return record({ kind: "expired" });
  }
  while (sent < parts.length) {
    const part = parts[sent] as PartToSend;
    let messageId: string;
    try {
      ({ messageId } = await options.limiter.schedule(message.recipient, async () => {
        // Checked when the limiter gives the turn: waiting may have taken the lease's room.
        if (options.signal.aborted || !lease.canSend()) throw new LimiterStopped();
        if (part.editOf === undefined || !gateway.editPart) {
          return gateway.sendPart(message.recipient, part.part);
        }
        await gateway.editPart(message.recipient, part.editOf, part.part);
        return { messageId: part.editOf };
      }));
    } catch (error: unknown) {
      if (error instanceof LimiterStopped) {
        return record({ kind: "released", partsSent: sent, messageIds: ids });
      }
      const failure = DeliveryError.from(error);
      if (failure.rateLimited && failure.retryAfterMs && gateway.limits.retryAfterHoldsAll) {
        options.limiter.holdFor(failure.retryAfterMs);
      }
      return fail(failure);
    }
    ids.push(messageId);
    sent += 1;
    if (sent < parts.length) {
      const state = await record({ kind: "progress", partsSent: sent, messageIds: ids });
      if (state === null) return null;
    }
  }
  const recorder = options.sentRecorder;
  if (!recorder) return record({ kind: "sent", partsSent: sent, messageIds: ids });
  const applied = await writeWithRetries(() =>
    recorder.record({
      id: message.id,
      token: lease.token,
      partsSent: sent,
      messageIds: ids,
      ...(options.awaited?.() ? { awaited: true } : {}),
    }),
  );
  return applied ? "sent" : null;
}

/** One platform message to send, or (an edit reply's part) to replace in place. */
interface PartToSend {
  part: unknown;
  editOf?: string;
}

/** How long an edit waits for the message it replaces to go out first. */
const EDIT_WAIT_MS = 5_000;

/**
 * The parts of a reply in the order they go out. An edit replaces the messages its original
 * row was sent as, part by part; parts beyond those are sent anew, and posted parts no longer
 * needed get the surplus text. Its row's message ids then list every message of the post, so
 * the next edit (whose `of` is this row) replaces them all. An original that was given up
 * (failed or expired) has nothing to edit: the edit is sent as new messages.
 */
async function partsToSend(
  prisma: PrismaClient,
  gateway: ChatGateway,
  payload: Reply,
): Promise<PartToSend[]> {
  if (payload.kind !== "edit") return gateway.renderParts(payload).map((part) => ({ part }));
  const parts = gateway.renderParts({ kind: "message", text: payload.text });
  const original = await prisma.outboxMessage.findUnique({
    where: { idempotencyKey: payload.of },
    select: { state: true, platformMessageIds: true },
  });
  if (original && (original.state === "pending" || original.state === "sending")) {
    throw new DeliveryError("the message to edit is not sent yet", {
      kind: "retryable",
      retryAfterMs: EDIT_WAIT_MS,
    });
  }
  const posted =
    original?.state === "sent" && gateway.editPart ? messageIdsOf(original.platformMessageIds) : [];
  const surplus =
    posted.length > parts.length
      ? gateway.renderParts({ kind: "message", text: payload.surplus })[0]
      : undefined;
  return [
    ...parts.map((part, index) =>
      index < posted.length ? { part, editOf: posted[index] as string } : { part },
    ),
    ...posted.slice(parts.length).map((editOf) => ({ part: surplus, editOf })),
  ];
}

function messageIdsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
}

async function writeWithRetries<T>(write: () => Promise<T>): Promise<T> {
  for (const waitMs of WRITE_RETRIES_MS) {
    try {
      return await write();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
  return write();
}
